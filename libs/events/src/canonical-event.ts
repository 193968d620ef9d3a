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
 * CloudEvents identify an event by `source` + `id`; the hub scopes that identity to the tenant, so
 * one force's events can never collide with (or reveal, or suppress) another's. This digest of
 * tenant, source and id is the hub's key for an event: in duplicate detection, the ledger, traces
 * and delivery job ids. Short, fixed length, and free of ':'. (Ledger migration 0003 computes the
 * same digest in SQL: keep the two in step.)
 */
export function eventKey(tenant: string, source: string, id: string): string {
  return createHash('sha256').update(tenant).update('\u0000').update(source).update('\u0000').update(id).digest('hex').slice(0, 32);
}

/** The key of an event, from its own attributes. */
export function keyOfEvent(e: Pick<CanonicalEvent, 'tenant' | 'source' | 'id'>): string {
  return eventKey(e.tenant, e.source, e.id);
}

export function attributesOf(event: CanonicalEvent): EventAttributes {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { data, ...attributes } = event;
  return attributes;
}
