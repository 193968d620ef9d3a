import { Counter, Gauge, Histogram, register, Registry } from 'prom-client';

/**
 * Gauges read at scrape time (from BullMQ, Redis, the ledger, Kafka) by the api process's
 * /metrics: declared here with the rest, registered by MetricsController with their collectors.
 */
export const SCRAPE_GAUGES = {
  queueJobs: { name: 'hub_queue_jobs', help: 'Jobs per delivery queue and state', labels: ['queue', 'state'] },
  deadLettersOpen: { name: 'hub_dead_letters_open', help: 'Open dead letters per tenant and target', labels: ['tenant', 'target'] },
  consumerLag: { name: 'hub_router_consumer_lag', help: 'Messages on canonical topics not yet routed', labels: [] },
  breakerState: { name: 'hub_target_breaker_state', help: "A target's circuit breaker: 0 closed, 1 half-open (one probe out), 2 open", labels: ['target'] },
  breakerOpenSeconds: { name: 'hub_target_breaker_open_seconds', help: "Seconds a target's breaker has been open (or half-open) without closing; 0 when closed", labels: ['target'] },
  targetPaused: { name: 'hub_target_paused', help: 'Whether ops paused a target (1) or not (0)', labels: ['target'] },
} as const;

/** Every metric the hub exports, declared once. Label values are ids and codes, never personal data. */
export class HubMetrics {
  readonly registry: Registry = register;

  readonly eventsAccepted = this.counter('hub_events_accepted_total', 'Events accepted (written to Kafka)', ['tenant', 'type']);
  readonly eventsDuplicate = this.counter('hub_events_duplicate_total', 'Events re-posted with a known source and id', ['tenant', 'type']);
  readonly eventsRejected = this.counter('hub_events_rejected_total', 'Requests rejected, by reason', ['reason']);
  readonly publishSeconds = new Histogram({
    name: 'hub_publish_duration_seconds',
    help: 'Time to get acks from all in-sync replicas for one request',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly jobsEnqueued = this.counter('hub_router_jobs_enqueued_total', 'Delivery jobs enqueued by the router', ['target']);
  readonly unrouted = this.counter('hub_router_unrouted_total', 'Events with no route for their tenant and type', ['tenant', 'type']);
  readonly deliveries = this.counter('hub_deliveries_total', 'Delivery attempts by outcome', ['target', 'outcome']);
  readonly deliveriesHeld = this.counter('hub_deliveries_held_total', 'Deliveries put back to wait without spending an attempt: breaker-open (the target is down) or retry-after (the target asked)', ['target', 'reason']);
  readonly targetProbes = this.counter('hub_target_probes_total', "Probe deliveries to a target whose breaker is open, by outcome: succeeded (it closed), failed (it reopened, waiting longer), inconclusive", ['target', 'outcome']);
  readonly breakerTransitions = this.counter('hub_target_breaker_transitions_total', "A target's breaker opening or closing", ['target', 'to']);
  readonly gatewayFiles = this.counter('hub_gateway_files_total', 'Files the gateway took from drop directories, by outcome', ['drop', 'outcome']);
  readonly gatewayRecordsQuarantined = this.counter('hub_gateway_records_quarantined_total', 'File records quarantined (line and reason reported)', ['drop']);
  readonly gatewayWebhooks = this.counter('hub_gateway_webhooks_total', 'Webhooks received, by answer status', ['path', 'status']);
  readonly deliverySeconds = new Histogram({
    name: 'hub_delivery_duration_seconds',
    help: 'Time of one delivery attempt to a target',
    labelNames: ['target'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly deliveryAttempts = new Histogram({
    name: 'hub_delivery_attempts',
    help: 'Attempts a delivery took by the time it ended, delivered or dead-lettered',
    labelNames: ['target', 'outcome'],
    buckets: [1, 2, 3, 4, 5, 6, 8, 10],
    registers: [this.registry],
  });
  readonly ledgerWriteSeconds = new Histogram({
    name: 'hub_ledger_write_duration_seconds',
    help: 'Time of one ledger write (router: events and deliveries of a Kafka batch; worker: attempts)',
    labelNames: ['op'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  /** Runs `write` and observes its time under `op`, whether it succeeds or not. */
  async timeLedgerWrite<T>(op: string, write: () => Promise<T>): Promise<T> {
    const end = this.ledgerWriteSeconds.startTimer({ op });
    try {
      return await write();
    } finally {
      end();
    }
  }

  private counter<T extends string>(name: string, help: string, labelNames: T[]): Counter<T> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge whose value is computed at scrape time (queue depth, open dead letters, lag). */
  gauge<T extends string>(name: string, help: string, labelNames: T[], collect: (g: Gauge<T>) => Promise<void>): Gauge<T> {
    const existing = this.registry.getSingleMetric(name) as Gauge<T> | undefined;
    if (existing) this.registry.removeSingleMetric(name);
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });
  }
}

let instance: HubMetrics | undefined;

/** One set of metrics per process: the apps hosted in one process share it. */
export function hubMetrics(): HubMetrics {
  instance ??= new HubMetrics();
  return instance;
}
