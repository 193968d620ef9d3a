import type { CanonicalEvent } from '@hub/events';
import type { SourceConnector, SourceContext } from '@hub/connector-sdk';
import type { HrWebhook, HrWebhookType } from './hr-webhook.format';
import { hrManifest } from '../hr.manifest';
import { mapAbsenceRecorded } from './absence-recorded';
import { mapCompensationChanged } from './compensation-changed';
import { WebhookFields } from '@hub/connector-sdk';
import type { WebhookMapper } from './webhook-mapping';
import { mapWorkerHired } from './worker-hired';
import { mapWorkerTerminated } from './worker-terminated';
import { mapWorkerTransferred } from './worker-transferred';
import { mapWorkerUpdated } from './worker-updated';

/** The HR system's pounds-and-pence text ("29961.10") → integer pence; it never sends negatives. */
export { unsignedPenceOf as toMinorUnits } from '@hub/connector-sdk';

type MapperOf<E extends HrWebhookType> = WebhookMapper<Extract<HrWebhook, { eventType: E }>>;

/** One reader per webhook kind; a kind not listed here is refused, never passed through. */
const MAPPERS: { [E in HrWebhookType]: MapperOf<E> } = {
  'worker.hired': mapWorkerHired,
  'worker.transferred': mapWorkerTransferred,
  'worker.terminated': mapWorkerTerminated,
  'worker.updated': mapWorkerUpdated,
  'absence.recorded': mapAbsenceRecorded,
  'compensation.changed': mapCompensationChanged,
};

const isKnownType = (t: string): t is HrWebhookType => Object.prototype.hasOwnProperty.call(MAPPERS, t);

/**
 * The HR system's webhooks → canonical events. Checks the envelope first: the kind must be known
 * and the organisation must be the tenant the webhook was received for, so no force's data
 * reaches another. The event id is the webhook's own id, so a re-sent webhook is de-duplicated.
 */
export class HrSourceConnector implements SourceConnector<unknown> {
  readonly manifest = hrManifest;

  toEvents(input: unknown, ctx: SourceContext): CanonicalEvent[] {
    const hook: WebhookFields<HrWebhook> = WebhookFields.of(input, '');
    const eventType = hook.text('eventType');
    if (!isKnownType(eventType)) hook.fail('eventType', `"${eventType}" is not a webhook this connector reads (${Object.keys(MAPPERS).join(', ')})`);
    const id = hook.text('eventId', { max: 200 });
    const time = hook.dateTime('occurredAt');
    const organisation = hook.text('organisation');
    const expected = ctx.tenant.toUpperCase();
    if (organisation !== expected) hook.fail('organisation', `${organisation} is not ${expected}, the force this webhook was received for`);
    const mapped = (MAPPERS[eventType] as WebhookMapper<unknown>)(hook, organisation);
    if (!mapped) return [];
    return [{ specversion: '1.0', id, source: ctx.source, type: mapped.type, subject: mapped.subject, tenant: ctx.tenant, time, data: mapped.data }];
  }
}
