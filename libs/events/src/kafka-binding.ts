import { isUtf8 } from 'node:buffer';
import type { InboundMessage, OutboundMessage } from '@hub/kafka';
import { CanonicalEvent, MODELLED_ATTRIBUTES } from './canonical-event';

export class UndecodableEventError extends Error {
  readonly code = 'undecodable-event';
}

const JSON_TYPE = 'application/json';

/** What the binding writes: text throughout (a released quarantined message is the one case of raw bytes). */
export type BoundMessage = OutboundMessage & { key: string; value: string; headers: Record<string, string> };

/** The headers of the attributes CanonicalEvent models; every other `ce_` header is an extension. */
const MODELLED_HEADERS: ReadonlySet<string> = new Set([...MODELLED_ATTRIBUTES].map((name) => `ce_${name}`));

/**
 * CloudEvents Kafka binding, binary content mode: every attribute as a `ce_<name>` header (§3.2.3),
 * extensions included, `data` as the JSON value with `content-type` its datacontenttype (§3.2.1).
 * Only the attributes the event has: no `ce_time` for an event without a time, no `ce_partitionkey`
 * unless the source sent that extension. The key is the hub's own key mapping (§3.1), `subject`,
 * so one subject stays in order; a key mapper "MUST NOT add an attribute to the CloudEvent", so the
 * key is not written as a `ce_partitionkey` too. A `partitionkey` a source sent is carried as
 * itself and does not choose the key.
 *
 * Written out here rather than through the CloudEvents SDK's `new CloudEvent()` + `Kafka.binary()`,
 * which copied and re-checked every event and cost the API and the router about 7% of their CPU
 * (bench/, --profile). The spec checks that both give the same headers, key and value (but for the
 * SDK's own additions: it stamps a time on an event without one), and that events the SDK writes
 * read back the same, so the SDK stays the reference.
 */
export function toKafkaMessage(event: CanonicalEvent, topic: string): BoundMessage {
  const headers: Record<string, string> = {
    'content-type': JSON_TYPE,
    ce_id: event.id,
    ce_type: event.type,
    ce_source: event.source,
    ce_specversion: event.specversion,
    ce_datacontenttype: JSON_TYPE,
    ce_subject: event.subject,
  };
  if (event.time !== undefined) headers.ce_time = event.time;
  if (event.dataschema !== undefined) headers.ce_dataschema = event.dataschema;
  headers.ce_tenant = event.tenant;
  const extensions = event.extensions;
  if (extensions) for (const name of Object.keys(extensions)) if (!MODELLED_ATTRIBUTES.has(name)) headers[`ce_${name}`] = extensions[name];
  return { topic, key: event.subject, value: JSON.stringify(event.data), headers };
}

/**
 * Reads a message written by toKafkaMessage (or any CloudEvents binary-mode producer). Throws
 * UndecodableEventError for anything that is not one CloudEvent exactly: a required attribute
 * missing, an attribute header given twice or not UTF-8 (it would read as U+FFFD, not as what was
 * sent), a value that is not UTF-8 JSON. Every `ce_` header of an attribute CanonicalEvent does
 * not model is an extension (`extensions`); whether its name and value are CloudEvents' is
 * carryProblems' to say (the router quarantines what is not).
 */
export function fromKafkaMessage(message: InboundMessage): CanonicalEvent {
  const where = `${message.topic}/${message.partition}@${message.offset}`;
  const h = message.headers;
  if (message.raw) {
    const seen = new Set<string>();
    for (const { key, value } of message.raw.headers) {
      if (!key.startsWith('ce_') && key !== 'content-type') continue;
      if (seen.has(key)) throw new UndecodableEventError(`${where}: header ${key} is given more than once`);
      seen.add(key);
      if (value !== null && !isUtf8(value)) throw new UndecodableEventError(`${where}: header ${key} is not valid UTF-8`);
    }
  }
  if (message.value !== null && !isUtf8(message.value)) throw new UndecodableEventError(`${where}: the value is not valid UTF-8`);
  const { ce_specversion: specversion, ce_id: id, ce_source: source, ce_type: type, ce_subject: subject, ce_tenant: tenant } = h;
  if (specversion !== '1.0') throw new UndecodableEventError(`${where}: ce_specversion must be 1.0, got ${JSON.stringify(specversion)}`);
  if (!id || !source || !type) throw new UndecodableEventError(`${where}: ce_id, ce_source and ce_type are required`);
  if (!subject || !tenant) throw new UndecodableEventError(`${where}: subject and tenant are required`);
  const datacontenttype = h['content-type'] ?? h.ce_datacontenttype;
  if (datacontenttype !== undefined && !datacontenttype.startsWith(JSON_TYPE)) throw new UndecodableEventError(`${where}: data must be ${JSON_TYPE}, not ${datacontenttype}`);
  let data: unknown;
  try {
    data = message.value === null || message.value.length === 0 ? undefined : JSON.parse(message.value.toString('utf8'));
  } catch (err) {
    throw new UndecodableEventError(`${where}: the value is not JSON: ${(err as Error).message}`);
  }
  let extensions: Record<string, string> | undefined;
  for (const header of Object.keys(h)) {
    if (header.startsWith('ce_') && !MODELLED_HEADERS.has(header)) (extensions ??= {})[header.slice(3)] = h[header];
  }
  return { specversion, id, source, type, subject, tenant, time: h.ce_time, dataschema: h.ce_dataschema, datacontenttype: datacontenttype ?? JSON_TYPE, ...(extensions ? { extensions } : {}), data };
}
