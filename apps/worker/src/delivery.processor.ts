import { Inject, Injectable, Optional } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { HUB_LANDSCAPE, LiveLandscape, TargetConfig } from '@hub/config';
import { DeliveryErrorCode, DeliveryReceipt, NO_EXTENSIONS, PermanentDeliveryError, TargetConnector, TransientDeliveryError, WrittenFile } from '@hub/connector-sdk';
import { DeliveryJobData, deliveryJobId, deliveryKindOf, DeliveryQueues, idempotencyKeyOf, jobDataOf, WITHDRAWN_RECEIPT } from '@hub/delivery';
import { AttemptRow, DeliveryLedger, ReleasedDelivery } from '@hub/ledger';
import { contextFrom, failSpan, hubMetrics, SpanKind, startSpan, tracingOn, withSpan } from '@hub/observability';
import { HUB_LOGGER, TARGET_CONNECTORS } from '@hub/runtime';
import { ATTEMPT_WRITES_IN_FLIGHT, AttemptRecorder } from './attempt-recorder';
import { BackfillCancellations } from './backfill/backfill-cancellations';
import { DeliveryGate, NO_BREAKER, TargetBreaker } from './target-breaker';

/** How long a job first waits when the ledger cannot record its outcome; doubled each time, up to the max. */
export const LEDGER_RETRY_MS = 5_000;
export const LEDGER_MAX_RETRY_MS = 5 * 60_000;

/** BullMQ's failedReason for a job found stalled more than maxStalledCount times (moveStalledJobsToWait). */
export const STALLED_LIMIT_REASON = 'job stalled more than allowable limit';

/** A failure as the worker sees it: retry it, or give up with a reason code. */
function classify(err: unknown): TransientDeliveryError | PermanentDeliveryError {
  if (err instanceof TransientDeliveryError || err instanceof PermanentDeliveryError) return err;
  // An exception a connector did not classify is a bug in it (a mapping that throws): retrying
  // the same input cannot help, so it goes to the dead letters where ops can see it.
  return new PermanentDeliveryError(DeliveryErrorCode.MappingFailed, `connector error: ${(err as Error)?.message ?? String(err)}`);
}

/** A target as one BullMQ worker delivers to it: the settings and credential it was started with. */
export interface BoundTarget {
  target: TargetConfig;
  credential?: string;
}

@Injectable()
export class DeliveryProcessor {
  private readonly metrics = hubMetrics();
  private readonly attempts: AttemptRecorder;

  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>,
    @Inject(TARGET_CONNECTORS) private readonly connectors: Map<string, TargetConnector>,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    @Inject(DeliveryLedger) private readonly ledger: Pick<DeliveryLedger, 'recordAttemptRows' | 'releaseLanes' | 'deliveredAlready' | 'recordWrittenFiles'>,
    @Inject(TargetBreaker) private readonly breaker: DeliveryGate = NO_BREAKER,
    @Optional() @Inject(DeliveryQueues) private readonly queues?: Pick<DeliveryQueues, 'enqueue'>,
    @Optional() @Inject(BackfillCancellations) private readonly backfills?: Pick<BackfillCancellations, 'cancelled' | 'withdraw'>,
  ) {
    this.attempts = new AttemptRecorder(ledger, ATTEMPT_WRITES_IN_FLIGHT, (released) => this.enqueueReleased(released));
  }

  /**
   * Held deliveries whose turn came (an ordered target's next ones for a subject, once one was
   * delivered) go on their queues. The ledger already says queued: if this fails, the sweeper
   * finds them and enqueues them.
   */
  private async enqueueReleased(released: ReleasedDelivery[]): Promise<void> {
    try {
      await this.queues?.enqueue(released.map((r) => ({ target: r.target, data: jobDataOf(r) })));
    } catch (err) {
      this.logger.error({ err, jobIds: released.map((r) => deliveryJobId(r.target, r.eventKey)) }, 'released deliveries not enqueued; the sweeper will');
      throw err;
    }
  }

  /**
   * One attempt of one delivery. Resolves when the target acknowledged; throws to retry or fail the
   * job. Every outcome is in the ledger before BullMQ hears of it: a dead letter ops cannot see, or
   * a delivery that still looks open, would be worse than delivering again with the same key.
   * `bound` is the target as its worker was started with it (a worker finishing its last jobs
   * after the landscape changed the target keeps the settings they started under); without it, the
   * target of the latest landscape version.
   */
  async process(job: Job<DeliveryJobData>, token?: string, bound?: BoundTarget): Promise<DeliveryReceipt> {
    return tracingOn() ? this.traced(job, token, bound) : this.attempt(job, token, bound);
  }

  /**
   * One attempt as a deliver span (kind consumer), child of the route span that queued the job
   * (its `trace`), or of the event's own `traceparent` extension for a job queued from the ledger,
   * else a trace of its own. The connector runs inside it, so sendJson's client span is its child
   * and the target receives that span's `traceparent`. A job put back to wait (the breaker, a rate
   * limit) is not a failure.
   */
  private async traced(job: Job<DeliveryJobData>, token?: string, bound?: BoundTarget): Promise<DeliveryReceipt> {
    const { event, target } = job.data;
    const span = startSpan(`deliver ${target}`, SpanKind.CONSUMER, contextFrom(job.data.trace, event.extensions), {
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': job.queueName,
      'messaging.message.id': job.id ?? '',
      'cloudevents.event_id': event.id,
      'cloudevents.event_type': event.type,
      'hub.tenant': event.tenant,
      'hub.target': target,
      'hub.attempt': job.attemptsMade + 1,
    });
    try {
      const receipt = await withSpan(span, () => this.attempt(job, token, bound));
      span.setAttribute('hub.target.status', receipt.status);
      return receipt;
    } catch (err) {
      if (err instanceof DelayedError) span.setAttribute('hub.held', true);
      else failSpan(span, err, err instanceof UnrecoverableError ? { 'hub.dead_lettered': true } : {});
      throw err;
    } finally {
      span.end();
    }
  }

  private async attempt(job: Job<DeliveryJobData>, token?: string, bound?: BoundTarget): Promise<DeliveryReceipt> {
    const { event, target: targetId, eventKey } = job.data;
    const latest = this.landscape.current();
    const target = bound?.target ?? latest.config.targets.find((t) => t.id === targetId);
    const credential = bound ? bound.credential : latest.credentials.get(targetId);
    const connector = target && this.connectors.get(target.connector);
    if (!target || !connector) throw new UnrecoverableError(`target "${targetId}" is not configured in this worker`);
    const attempt = job.attemptsMade + 1;
    const log = this.logger.child({ tenant: event.tenant, eventId: event.id, queue: job.queueName, jobId: job.id, connector: connector.manifest.name, ...(job.data.backfillId ? { backfillId: job.data.backfillId } : {}) });
    const row = { eventKey, target: targetId, tenant: event.tenant, attempt };
    const done = (await this.deliveredBefore(job, log)) ?? (await this.withdrawnBackfill(job, log));
    if (done) return done;
    // The target's circuit breaker may hold the job (open, probing, Retry-After): back to wait, no attempt spent.
    const ticket = job.data.acknowledged ? undefined : await this.breaker.admit(target, job, token);
    const started = process.hrtime.bigint();
    let receipt: DeliveryReceipt;
    try {
      if (event.tenant !== target.tenant) {
        throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, `event of tenant ${event.tenant} refused by target of tenant ${target.tenant}`);
      }
      // Acknowledged before, but not yet recorded: record it now, without delivering again.
      receipt =
        job.data.acknowledged ??
        (await connector.deliver(event, { target, idempotencyKey: idempotencyKeyOf(job.data, job.id!), kind: deliveryKindOf(job.data), attempt, credential, extensions: event.extensions ?? NO_EXTENSIONS }));
    } catch (err) {
      const failure = classify(err);
      const held = ticket && (await this.breaker.report(ticket, failure));
      const final = !held && (!failure.transient || attempt >= (job.opts.attempts ?? 1));
      const error = { code: failure.code, message: failure.message, ...(failure.status ? { status: failure.status } : {}), ...(failure instanceof PermanentDeliveryError && failure.field ? { field: failure.field } : {}) };
      await this.record(job, token, { ...row, outcome: final ? 'dead-lettered' : 'retrying', error, at: new Date() }, log);
      this.metrics.deliveries.inc({ target: targetId, outcome: final ? 'dead-lettered' : 'retry' });
      if (held) {
        log.warn({ attempt, code: failure.code, status: failure.status, holdMs: held.ms, reason: held.reason }, 'delivery failed, held without spending an attempt');
        return this.breaker.hold(job, token, held);
      }
      if (!final) {
        log.warn({ attempt, code: failure.code, status: failure.status }, 'delivery failed, will retry');
        throw failure;
      }
      this.metrics.deliveryAttempts.observe({ target: targetId, outcome: 'dead-lettered' }, attempt);
      log.error({ attempt, code: failure.code, status: failure.status }, 'delivery dead-lettered');
      throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
    } finally {
      this.metrics.deliverySeconds.observe({ target: targetId }, Number(process.hrtime.bigint() - started) / 1e9);
    }
    if (ticket) await this.breaker.report(ticket, receipt);
    // A replayed dead letter leaves ops' list only here, once the target has acknowledged.
    await this.record(job, token, { ...row, outcome: 'delivered', ...(receipt.reference ? { reference: receipt.reference } : {}), at: new Date() }, log, receipt);
    this.metrics.deliveries.inc({ target: targetId, outcome: 'delivered' });
    this.metrics.deliveryAttempts.observe({ target: targetId, outcome: 'delivered' }, attempt);
    log.info({ attempt, status: receipt.status }, 'delivered');
    return receipt;
  }

  /**
   * A job that runs again after stalling (its worker died or lost the lock, or Redis forgot that it
   * completed) may have been delivered and recorded by its earlier run. Then it is done: sending it
   * again would only have the target receive the key twice. Only re-runs ask the ledger (fresh jobs
   * cost nothing more), and a ledger that cannot answer means delivering as before: the target
   * still has the Idempotency-Key to go by. Answers the receipt, with status 0: nothing was sent.
   */
  private async deliveredBefore(job: Job<DeliveryJobData>, log: Logger): Promise<DeliveryReceipt | undefined> {
    const rerun = job.stalledCounter > 0 || job.attemptsStarted > job.attemptsMade + 1;
    if (!rerun || job.data.acknowledged) return undefined;
    const done = await this.ledger.deliveredAlready({ eventKey: job.data.eventKey, target: job.data.target }).catch(() => undefined);
    if (!done) return undefined;
    this.metrics.deliveries.inc({ target: job.data.target, outcome: 'already-delivered' });
    log.info({ stalled: job.stalledCounter, started: job.attemptsStarted }, 'ran again after stalling, but the ledger has it delivered: completed without sending it again');
    return { status: 0, ...done };
  }

  /**
   * A backfill's job whose backfill was cancelled is withdrawn instead of sent: the ledger forgets a
   * delivery never attempted (or discards one that was), its lane lets the next go, and the job
   * completes (status 0: nothing was sent). When the ledger cannot do it now, the job is delivered
   * as usual: one more event of the history reaching the target, under its backfill key, does no harm.
   */
  private async withdrawnBackfill(job: Job<DeliveryJobData>, log: Logger): Promise<DeliveryReceipt | undefined> {
    const { backfillId, kind } = job.data;
    if (kind !== 'backfill' || !backfillId || !this.backfills || job.data.acknowledged || !(await this.backfills.cancelled(backfillId))) return undefined;
    try {
      const released = await this.backfills.withdraw({ eventKey: job.data.eventKey, target: job.data.target }, backfillId);
      if (released.length) await this.enqueueReleased(released).catch(() => undefined);
    } catch (err) {
      log.warn({ err, backfillId }, 'could not withdraw the delivery of a cancelled backfill: delivering it');
      return undefined;
    }
    this.metrics.deliveries.inc({ target: job.data.target, outcome: 'withdrawn' });
    log.info({ backfillId }, 'backfill cancelled: its delivery withdrawn, not sent');
    // Marked, so that a later backfill of the same event may replace the kept job (DeliveryQueues.enqueue).
    return { ...WITHDRAWN_RECEIPT };
  }

  /**
   * Records the attempt, or parks the job without spending an attempt (BullMQ's DelayedError), with
   * a wait that doubles, so that it runs again once the ledger is back. A receipt the target gave
   * is kept on the job, so the target is not sent the event again while the ledger is down.
   */
  private async record(job: Job<DeliveryJobData>, token: string | undefined, row: AttemptRow, log: Logger, receipt?: DeliveryReceipt): Promise<void> {
    try {
      // The file it was sent, with its control totals, before the delivery: a delivery recorded
      // without its file would look, to reconciliation, like a file that was never written.
      if (row.outcome === 'delivered' && receipt?.file) await this.recordFile(row, receipt.file);
      await this.metrics.timeLedgerWrite('attempt', () => this.attempts.record(row));
    } catch (err) {
      const waits = (job.data.ledgerWaits ?? 0) + 1;
      const delay = Math.min(LEDGER_RETRY_MS * 2 ** (waits - 1), LEDGER_MAX_RETRY_MS);
      log.error({ err, attempt: row.attempt, outcome: row.outcome, waits }, `ledger unavailable: the job runs again in ${delay} ms`);
      this.metrics.deliveries.inc({ target: row.target, outcome: 'ledger-unavailable' });
      const acknowledged = receipt && { status: receipt.status, ...(receipt.reference ? { reference: receipt.reference } : {}), ...(receipt.file ? { file: receipt.file } : {}) };
      try {
        await job.updateData({ ...job.data, ledgerWaits: waits, ...(acknowledged ? { acknowledged } : {}) });
        await job.moveToDelayed(Date.now() + delay, token);
      } catch (parkErr) {
        // Redis would not take the parking either (or the lock is gone: another run has the job).
        // Still not the target's fault, so still no attempt spent: BullMQ leaves a job that threw
        // DelayedError where it is, its lock lapses, and the stall check hands it to a worker again.
        log.error({ err: parkErr, attempt: row.attempt }, 'could not park the job in Redis either: it runs again once its lock expires');
      }
      throw new DelayedError();
    }
  }

  /** A file's control totals as the target connector reported them, for reconciliation (idempotent per target, event and file). */
  private async recordFile(row: AttemptRow, file: WrittenFile): Promise<void> {
    const connector = this.landscape.current().config.targets.find((t) => t.id === row.target)?.connector ?? row.target;
    const { name, total, ...totals } = file;
    await this.metrics.timeLedgerWrite('file-totals', () =>
      this.ledger.recordWrittenFiles([{ tenant: row.tenant, system: connector, target: row.target, eventKey: row.eventKey, fileName: name, controlTotal: total, ...totals, at: row.at }]),
    );
  }

  /**
   * BullMQ fails a job on its own, without calling process(), when the job was found stalled (its
   * worker died or lost the lock) more times than the worker's maxStalledCount. The ledger still
   * says queued then: record it as a dead letter so ops see it. Every other failure was decided,
   * and recorded, by process(). If the ledger cannot take it now, the sweeper finds the job in the
   * failed set later and records it then.
   */
  async recordQueueFailure(job: Job<DeliveryJobData>, err: Error): Promise<void> {
    if (err?.message !== STALLED_LIMIT_REASON || !job?.data?.event) return;
    const { event, target, eventKey } = job.data;
    const log = this.logger.child({ tenant: event.tenant, eventId: event.id, queue: job.queueName, jobId: job.id });
    const attempt = Math.max(1, job.attemptsMade);
    const error = { code: DeliveryErrorCode.Stalled, message: `${STALLED_LIMIT_REASON}: its worker died or lost the job's lock ${job.stalledCounter} times while running it` };
    try {
      await this.attempts.record({ eventKey, target, tenant: event.tenant, attempt, outcome: 'dead-lettered', error, at: new Date() });
      this.metrics.queueFailuresRecorded.inc({ target, reason: DeliveryErrorCode.Stalled, by: 'worker' });
      this.metrics.deliveries.inc({ target, outcome: 'dead-lettered' });
      log.error({ attempt, stalled: job.stalledCounter }, 'delivery dead-lettered: BullMQ gave up on a job that stalled too often');
    } catch (recordErr) {
      log.error({ err: recordErr }, 'a job BullMQ failed for stalling could not be recorded as a dead letter now; the sweeper will');
    }
  }
}
