import type { HrDepartment } from './hr-webhook.format';
import { WebhookFields, EMPLOYEE_ID } from '@hub/connector-sdk';

/** What one webhook says, in canonical terms; the envelope (id, time, tenant) is added around it. */
export interface MappedWebhook {
  type: string;
  /** The person (worker number) the event is about. */
  subject: string;
  data: unknown;
}

/**
 * Reads one kind of webhook; `organisation` is the force's code, already checked against the
 * tenant. Undefined: the webhook is read and says nothing the canonical model carries.
 */
export type WebhookMapper<W> = (hook: WebhookFields<W>, organisation: string) => MappedWebhook | undefined;

/**
 * The HR system numbers workers `<ORGANISATION>-<n>`: a number of another force in a webhook of
 * this one is refused, so no force's data is filed under another's.
 */
export function workerNumberOf<T extends { workerNumber: string }>(f: WebhookFields<T>, organisation: string): string {
  const n = f.text('workerNumber', { pattern: EMPLOYEE_ID });
  if (!n.startsWith(`${organisation}-`)) f.fail('workerNumber', `${n} is not a worker of ${organisation}`);
  return n;
}

export function orgUnitOf(f: WebhookFields<HrDepartment>): { code: string; name: string } {
  return { code: f.text('id', { max: 20 }), name: f.text('name', { max: 120 }) };
}

/** Refuses an end before its start (the canonical model says effectiveTo is never before effectiveFrom). */
export function assertNotBefore<T>(f: WebhookFields<T>, key: keyof T & string, end: string | undefined, start: string): void {
  if (end !== undefined && end < start) f.fail(key, `${end} is before ${start}`);
}

/** Drops keys whose value is undefined, so optional canonical fields are absent, not undefined. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
