// Shared by the source specs: the connector, the tenant context and the canonical schemas.
import type { CanonicalEvent } from '@hub/events';
import { HrSourceConnector } from './hr-webhook.source';
import { HR_SOURCE } from '../hr.manifest';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

export const registry = canonicalSchemas();
const hr = new HrSourceConnector();

/** Reads a webhook for force fen and returns its one event, checked against its canonical schema. */
export function readOne(hook: unknown, tenant = 'fen'): CanonicalEvent<Record<string, any>> {
  const events = hr.toEvents(hook, { tenant, source: HR_SOURCE });
  expect(events).toHaveLength(1);
  expect(registry.validate(events[0].type, events[0].data)).toEqual([]);
  return events[0] as CanonicalEvent<Record<string, any>>;
}

export const read = (hook: unknown, tenant = 'fen') => hr.toEvents(hook, { tenant, source: HR_SOURCE });
