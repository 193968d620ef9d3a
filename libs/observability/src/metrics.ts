import { Counter, Gauge, Histogram, register, Registry } from 'prom-client';

/** A gauge whose value is read when Prometheus scrapes (queue depth, open dead letters, lag). */
export interface ScrapeGaugeDefinition<T extends string = string> {
  name: string;
  help: string;
  labelNames: readonly T[];
}

const scrapeGauge = <T extends string>(name: string, help: string, labelNames: readonly T[]): ScrapeGaugeDefinition<T> => ({ name, help, labelNames });

/**
 * The gauges computed at scrape time, declared here with the rest so every name the hub exports is
 * in this file; the process that can compute one registers its collector with HubMetrics.gauge.
 */
export const SCRAPE_GAUGES = {
  queueJobs: scrapeGauge('hub_queue_jobs', 'Jobs per delivery queue and state', ['queue', 'state']),
  deadLettersOpen: scrapeGauge('hub_dead_letters_open', "Open dead letters per tenant and target (primaries: a parallel run's shadow target counts in hub_shadow_dead_letters_open)", ['tenant', 'target']),
  shadowDeadLettersOpen: scrapeGauge('hub_shadow_dead_letters_open', "Open dead letters of a parallel run's shadow targets, per tenant and target: recorded apart, never alerted on (the parallel-run report says what they mean)", ['tenant', 'target']),
  consumerLag: scrapeGauge('hub_router_consumer_lag', 'Messages on canonical topics not yet routed', []),
  quarantineOpen: scrapeGauge('hub_quarantine_open', 'Quarantined messages waiting for ops, per tenant (unknown: none could be read) and reason', ['tenant', 'reason']),
  deliveriesHeld: scrapeGauge('hub_deliveries_held', 'Deliveries held behind an earlier one of the same subject, per ordered target', ['target']),
  routerStalled: scrapeGauge('hub_router_stalled', "1 for each partition this process's router has not made progress on for longer than ROUTER_STALL_MS, else 0", ['topic', 'partition']),
  breakerState: scrapeGauge('hub_target_breaker_state', "A target's circuit breaker: 0 closed, 1 half-open (one probe out), 2 open", ['target']),
  breakerOpenSeconds: scrapeGauge('hub_target_breaker_open_seconds', "Seconds a target's breaker has been open (or half-open) without closing; 0 when closed", ['target']),
  targetPaused: scrapeGauge('hub_target_paused', 'Whether ops paused a target (1) or not (0)', ['target']),
  unreconciledDeliveries: scrapeGauge(
    'hub_unreconciled_deliveries',
    'Deliveries accepted for a target and still open (queued, held, retrying, replaying) longer than RECONCILE_GRACE_MS after they were queued: neither delivered, dead-lettered nor discarded; per tenant, target and role (primary or shadow)',
    ['tenant', 'target', 'role'],
  ),
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
  readonly routerOrderForced = this.counter('hub_router_order_forced_total', "Fetched batches the router handed on without waiting for another topic's older messages any longer (ROUTER_MAX_ORDER_WAIT_MS ran out)", []);
  readonly sweeperRequeued = this.counter('hub_sweeper_requeued_total', 'Open deliveries the ledger has and Redis had lost, enqueued again by the sweeper', ['target']);
  readonly queueFailuresRecorded = this.counter('hub_queue_failures_recorded_total', 'Jobs BullMQ failed on its own (stalled too often, or found failed with no outcome in the ledger), recorded as dead letters: by the worker that saw it fail, or by the sweeper', ['target', 'reason', 'by']);
  readonly sweeps = this.counter('hub_sweeps_total', 'Sweeper runs: swept, skipped (another process held the lock), failed (a store was away)', ['outcome']);
  readonly parallelRunComparisons = this.counter('hub_parallel_run_comparisons_total', "A parallel run's comparisons of a primary and a shadow delivery, per tenant, domain and result (agreed, disagreed)", ['tenant', 'domain', 'result']);
  readonly parallelRunDisagreements = this.counter('hub_parallel_run_disagreements_total', 'Disagreements of a parallel run by reason (outcome, pending, fields; one comparison may have several), per tenant and domain', ['tenant', 'domain', 'reason']);
  readonly parallelRunCompares = this.counter('hub_parallel_run_compares_total', "The comparer's runs: compared, skipped (another process held the lock), failed (a store was away)", ['outcome']);
  readonly backfillEnqueued = this.counter('hub_backfill_deliveries_total', 'Deliveries a backfill made from the ledger (history sent again to a target that did not have it), by target', ['target']);
  readonly backfillPages = this.counter('hub_backfill_pages_total', 'Pages a backfill run recorded (recorded), found it paused or cancelled (stopped), or could not write (failed: a store was away, tried again)', ['outcome']);
  readonly unrouted = this.counter('hub_router_unrouted_total', 'Events with no route for their tenant and type', ['tenant', 'type']);
  readonly routerBatchFailures = this.counter('hub_router_batch_failures_total', 'Router batches that failed (a store did not take them) and will be consumed again', ['topic']);
  readonly deliveriesDeferred = this.counter('hub_deliveries_deferred_total', 'Deliveries put back to wait without spending an attempt: breaker-open (the target is down) or retry-after (the target asked)', ['target', 'reason']);
  readonly targetProbes = this.counter('hub_target_probes_total', "Probe deliveries to a target whose breaker is open, by outcome: succeeded (it closed), failed (it reopened, waiting longer), inconclusive", ['target', 'outcome']);
  readonly breakerTransitions = this.counter('hub_target_breaker_transitions_total', "A target's breaker opening or closing", ['target', 'to']);
  readonly quarantined = this.counter('hub_quarantined_total', 'Kafka messages the router quarantined instead of routing, by reason and tenant (unknown: none could be read)', ['reason', 'tenant']);
  readonly deliveries = this.counter('hub_deliveries_total', 'Delivery attempts by outcome', ['target', 'outcome']);
  readonly gatewayFiles = this.counter('hub_gateway_files_total', 'Files the gateway took from drop directories, by outcome', ['drop', 'outcome']);
  readonly gatewayRecordsQuarantined = this.counter('hub_gateway_records_quarantined_total', 'File records quarantined (line and reason reported)', ['drop']);
  readonly landscapeVersion = new Gauge({ name: 'hub_landscape_version', help: 'The landscape version this process applies: the one it routes new events by, delivers with and authenticates against', registers: [this.registry] });
  readonly landscapeApplyFailures = this.counter('hub_landscape_apply_failures_total', 'Landscape versions this process could not apply (they fail its own checks: a connector, schema or credential it lacks); it stays on the version before', []);
  readonly gatewayWebhooks = this.counter('hub_gateway_webhooks_total', 'Webhooks received, by answer status', ['path', 'status']);
  readonly gatewayWebhookSignatures = this.counter(
    'hub_gateway_webhook_signatures_total',
    "Webhook signatures checked, by scheme and result (verified, or why refused: missing-header, malformed-header, timestamp-too-old, timestamp-too-new, no-match); secret: the variable naming the first of the webhook's secrets that matched (a rotation's old one falls to 0), empty when refused",
    ['path', 'scheme', 'result', 'secret'],
  );
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

  /** Registers the collector of a scrape-time gauge (SCRAPE_GAUGES); a later one for the same gauge replaces it. */
  gauge<T extends string>(def: ScrapeGaugeDefinition<T>, collect: (g: Gauge<T>) => Promise<void> | void): Gauge<T> {
    const existing = this.registry.getSingleMetric(def.name) as Gauge<T> | undefined;
    if (existing) this.registry.removeSingleMetric(def.name);
    return new Gauge({
      name: def.name,
      help: def.help,
      labelNames: [...def.labelNames],
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });
  }
}

/** Every metric name the hub can export: those declared on HubMetrics and the scrape-time gauges. */
export function exportedMetricNames(): string[] {
  const declared = hubMetrics().registry.getMetricsAsArray().map((m) => m.name);
  return [...new Set([...declared, ...Object.values(SCRAPE_GAUGES).map((g) => g.name)])].sort();
}

let instance: HubMetrics | undefined;

/** One set of metrics per process: the apps hosted in one process share it. */
export function hubMetrics(): HubMetrics {
  instance ??= new HubMetrics();
  return instance;
}
