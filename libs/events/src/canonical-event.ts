import { createHash } from 'node:crypto';

/** A CloudEvent as the hub carries it: `subject` and the `tenant` extension are required. */
export interface CanonicalEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  tenant: string;
  time?: string;
  dataschema?: string;
  datacontenttype?: string;
  data: T;
}

/** Just the attributes, for traces, jobs and logs: everything but `data`. */
export type EventAttributes = Omit<CanonicalEvent, 'data'>;

/**
 * CloudEvents identify an event by `source` + `id`. This digest is the hub's key for it: in
 * duplicate detection, traces and delivery job ids. Short, fixed length, and free of ':'.
 */
export function eventKey(source: string, id: string): string {
  return createHash('sha256').update(source).update('\u0000').update(id).digest('hex').slice(0, 32);
}

export function attributesOf(event: CanonicalEvent): EventAttributes {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { data, ...attributes } = event;
  return attributes;
}
