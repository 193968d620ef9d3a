import { isEventOf } from '@hub/canonical-types';
import type { CanonicalEvent } from '@hub/events';
import { assertConsumes, bearerAuthorization, DeliveryContext, DeliveryErrorCode, DeliveryReceipt, PermanentDeliveryError, sendCall, TargetConnector } from '@hub/connector-sdk';
import type { HrRecordRequest } from './hr-records.format';
import { hrManifest } from '../hr.manifest';
import { mapIncidentRecords } from './incident-record.mapper';
import { mapTrainingRecord } from './training-record.mapper';

/**
 * The idempotency key of one request. An incident becomes one request per person, and the HR API
 * answers a repeated key with its first answer, so each person's request needs its own key: a
 * retry after a partial failure then files nobody twice and nobody is skipped.
 */
export function idempotencyKeyOf(request: HrRecordRequest, eventKey: string): string {
  return request.kind === 'incident-records' ? `${eventKey}.${request.workerNumber}` : eventKey;
}

/** Training completions and H&S incidents → records on the person's file in the HR system's REST API. */
export class HrConnector implements TargetConnector<HrRecordRequest[]> {
  readonly manifest = hrManifest;

  map(event: CanonicalEvent): HrRecordRequest[] {
    assertConsumes(this.manifest, event);
    if (isEventOf(event, 'training.course.completed.v1')) return [mapTrainingRecord(event)];
    if (isEventOf(event, 'hs.incident.reported.v1')) return mapIncidentRecords(event);
    throw new PermanentDeliveryError(DeliveryErrorCode.UnsupportedEvent, `the hr connector has no mapping for ${event.type}`);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const requests = this.map(event);
    const authorization = bearerAuthorization(ctx, 'the HR API');
    // Nothing of the event belongs on a personnel file (an incident with nobody involved).
    if (requests.length === 0) return { status: 204 };
    let status = 0;
    const references: string[] = [];
    for (const r of requests) {
      const call = { method: 'POST' as const, path: `/api/v1/workers/${encodeURIComponent(r.workerNumber)}/${r.kind}`, body: r.record };
      const answer = await sendCall(call, ctx, { idempotencyKey: idempotencyKeyOf(r, ctx.idempotencyKey), headers: authorization });
      status = answer.status;
      const recordId = (answer.body as { recordId?: string } | undefined)?.recordId;
      if (recordId) references.push(recordId);
    }
    return { status, ...(references.length ? { reference: references.join(',') } : {}) };
  }
}
