import { Counter, Gauge, Histogram, register, Registry } from 'prom-client';

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
  readonly routerBatchFailures = this.counter('hub_router_batch_failures_total', 'Kafka batches the router could not record or enqueue (tried again with backoff)', []);
  readonly sweeperRequeued = this.counter('hub_sweeper_requeued_total', 'Open deliveries the ledger has and Redis had lost, enqueued again by the sweeper', ['target']);
  readonly queueFailuresRecorded = this.counter('hub_queue_failures_recorded_total', 'Jobs BullMQ failed on its own (stalled too often, or found failed with no outcome in the ledger), recorded as dead letters: by the worker that saw it fail, or by the sweeper', ['target', 'reason', 'by']);
  readonly sweeps = this.counter('hub_sweeps_total', 'Sweeper runs: swept, skipped (another process held the lock), failed (a store was away)', ['outcome']);
  readonly unrouted = this.counter('hub_router_unrouted_total', 'Events with no route for their tenant and type', ['tenant', 'type']);
  readonly deliveries = this.counter('hub_deliveries_total', 'Delivery attempts by outcome', ['target', 'outcome']);
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
