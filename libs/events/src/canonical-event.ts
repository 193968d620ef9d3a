import { createHash } from 'node:crypto';

/**
 * A CloudEvent's extension attributes (every attribute but the ones CanonicalEvent names), each in
 * its canonical string encoding (CloudEvents 1.0 §Type System: a Boolean as `true`/`false`, an
 * Integer in decimal). That is how both bindings the hub carries an event through write them
 * (HTTP `ce-*` and Kafka `ce_*` headers), so a value reads the same at every hop: `"5"`, never 5 at
 * ingest and "5" after Kafka. Names are CloudEvents attribute names (a-z, 0-9).
 */
export type ExtensionAttributes = Readonly<Record<string, string>>;

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
  /**
   * Every other attribute the source sent (CloudEvents extensions: `traceparent`, `partitionkey`,
   * its own), carried unchanged from ingest to the target's delivery context. Absent when none.
   */
  extensions?: ExtensionAttributes;
  data: T;
}

/**
 * The attributes CanonicalEvent has fields for; every other attribute is an extension. The hub
 * reads these only from their own fields, so no extension can stand in for one (`tenant`, which
 * decides which force an event belongs to, is always the field the credential was checked against).
 */
export const MODELLED_ATTRIBUTES: ReadonlySet<string> = new Set(['specversion', 'id', 'source', 'type', 'subject', 'tenant', 'time', 'dataschema', 'datacontenttype']);

/** The canonical string encoding of an extension value (a string, a boolean or an integer: carriable.ts checks which). */
export function canonicalString(value: string | boolean | number): string {
  return typeof value === 'string' ? value : String(value);
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

/**
 * The event in the CloudEvents JSON format (application/cloudevents+json): its extensions as
 * attributes beside the others, as a source would post it. What the gateway posts to the API.
 */
export function toStructuredEvent(event: CanonicalEvent): Record<string, unknown> {
  const { extensions, ...attributes } = event;
  // Extensions first: they never share a name with a modelled attribute, and if one did it would not win.
  return extensions ? { ...extensions, ...attributes } : attributes;
}
