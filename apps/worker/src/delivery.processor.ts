import { Inject, Injectable, Optional } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { HUB_CONFIG, HubConfig, TargetConfig } from '@hub/config';
import { DeliveryErrorCode, DeliveryReceipt, PermanentDeliveryError, TargetConnector, TransientDeliveryError } from '@hub/connector-sdk';
import { DeadLetterStore, DeliveryJobData, TraceStore } from '@hub/delivery';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER, TARGET_CONNECTORS, TARGET_CREDENTIALS } from '@hub/runtime';

/** A failure as the worker sees it: retry it, or give up with a reason code. */
function classify(err: unknown): TransientDeliveryError | PermanentDeliveryError {
  if (err instanceof TransientDeliveryError || err instanceof PermanentDeliveryError) return err;
  // An exception a connector did not classify is a bug in it (a mapping that throws): retrying
  // the same input cannot help, so it goes to the dead letters where ops can see it.
  return new PermanentDeliveryError(DeliveryErrorCode.MappingFailed, `connector error: ${(err as Error)?.message ?? String(err)}`);
}

@Injectable()
export class DeliveryProcessor {
  private readonly targets: Map<string, TargetConfig>;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(TARGET_CONNECTORS) private readonly connectors: Map<string, TargetConnector>,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly traces: TraceStore,
    private readonly deadLetters: DeadLetterStore,
    @Optional() @Inject(TARGET_CREDENTIALS) private readonly credentials: ReadonlyMap<string, string> = new Map(),
  ) {
    this.targets = new Map(config.targets.map((t) => [t.id, t]));
  }

  /** One attempt of one delivery. Resolves when the target acknowledged; throws to retry or fail the job. */
  async process(job: Job<DeliveryJobData>): Promise<DeliveryReceipt> {
    const { event, target: targetId, eventKey } = job.data;
    const target = this.targets.get(targetId);
    const connector = target && this.connectors.get(target.connector);
    if (!target || !connector) throw new UnrecoverableError(`target "${targetId}" is not configured in this worker`);
    const attempt = job.attemptsMade + 1;
    const log = this.logger.child({ tenant: event.tenant, eventId: event.id, queue: job.queueName, jobId: job.id, connector: connector.manifest.name });
    const started = process.hrtime.bigint();
    let receipt: DeliveryReceipt;
    try {
      if (event.tenant !== target.tenant) {
        throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, `event of tenant ${event.tenant} refused by target of tenant ${target.tenant}`);
      }
      receipt = await connector.deliver(event, { target, idempotencyKey: job.id!, attempt, credential: this.credentials.get(targetId) });
    } catch (err) {
      const failure = classify(err);
      const final = !failure.transient || attempt >= (job.opts.attempts ?? 1);
      const detail = `${failure.code}: ${failure.message}`;
      const at = new Date().toISOString();
      if (!final) {
        this.metrics.deliveries.inc({ target: targetId, outcome: 'retry' });
        await this.traces.write([{ eventKey, step: { step: 'attempt-failed', at, target: targetId, attempt, detail } }]);
        log.warn({ attempt, code: failure.code, status: failure.status }, 'delivery failed, will retry');
        throw failure;
      }
      this.metrics.deliveries.inc({ target: targetId, outcome: 'dead-lettered' });
      // Written before the job is failed: if the process dies in between, the job stalls, runs
      // again, and a success then removes this record.
      await this.deadLetters.put({
        id: job.id!,
        target: targetId,
        tenant: event.tenant,
        type: event.type,
        subject: event.subject,
        eventId: event.id,
        source: event.source,
        eventKey,
        reason: failure.code,
        message: failure.message,
        ...(failure.status ? { status: failure.status } : {}),
        attempts: attempt,
        deadLetteredAt: at,
        state: 'open',
        replays: 0,
        event,
      });
      await this.traces.write([{ eventKey, step: { step: 'dead-lettered', at, target: targetId, attempt, detail } }]);
      log.error({ attempt, code: failure.code, status: failure.status }, 'delivery dead-lettered');
      throw new UnrecoverableError(detail);
    } finally {
      this.metrics.deliverySeconds.observe({ target: targetId }, Number(process.hrtime.bigint() - started) / 1e9);
    }
    this.metrics.deliveries.inc({ target: targetId, outcome: 'delivered' });
    // Outside the try above: the target has acknowledged, so failing to record that must not make a
    // dead letter. It fails the job instead, and the retry re-sends with the same idempotency key.
    // A replayed dead letter leaves the list only here, once the target has acknowledged.
    await Promise.all([
      this.traces.write([{ eventKey, step: { step: 'delivered', at: new Date().toISOString(), target: targetId, attempt, detail: receipt.reference } }]),
      this.deadLetters.remove(job.id!),
    ]);
    log.info({ attempt, status: receipt.status }, 'delivered');
    return receipt;
  }
}
