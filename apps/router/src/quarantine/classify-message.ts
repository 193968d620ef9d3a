import { isUtf8 } from 'node:buffer';
import {
  CanonicalEvent,
  carryProblems,
  displayCopy,
  escapeAttribute,
  escapeDataString,
  fromKafkaMessage,
} from '@hub/events';
import { type InboundMessage, LANDSCAPE_VERSION_HEADER } from '@hub/kafka';
import { QuarantineProblem, QuarantineReason, QuarantineRow, RawMessage } from '@hub/ledger';
import type { SchemaRegistry } from '@hub/schema-registry';

/** A quarantine row without its time: the service stamps the batch's. */
export type QuarantineDecision = Omit<QuarantineRow, 'at'>;

export type Classification = { route: true; event: CanonicalEvent } | { route: false; quarantine: QuarantineDecision };

/** What the classifier needs of the schema registry: this router's own, which may be older or newer than the API's. */
export type TypeRegistry = Pick<SchemaRegistry, 'has' | 'validate'>;

const MAX_PROBLEMS = 20;

/**
 * Decides, for one Kafka message and without I/O, whether the router can route it or must
 * quarantine it, and why. Each reason is permanent for the message as it is: consuming it again
 * would fail the same way, so it must not fail its batch. In order:
 * - `undecodable`: not one CloudEvent in the Kafka binding (fromKafkaMessage refuses it);
 * - `not-carriable`: read, but not carriable exactly end to end (carryProblems: NUL, lone surrogates,
 *   control characters in attributes, numbers past 2^53), so the ledger and targets cannot hold it;
 * - `unknown-type`: its type has no schema here;
 * - `schema-violation`: its data does not validate against that schema.
 * A check that throws (a value nested deeper than the stack allows) is a quarantine of its kind too.
 */
export function classifyMessage(message: InboundMessage, registry: TypeRegistry): Classification {
  let event: CanonicalEvent;
  try {
    event = fromKafkaMessage(message);
  } catch (err) {
    return quarantine(message, QuarantineReason.Undecodable, (err as Error).message, []);
  }
  try {
    const problems = carryProblems(event);
    if (problems.length) return quarantine(message, QuarantineReason.NotCarriable, `cannot be carried exactly: ${summary(problems)}`, problems, event);
  } catch (err) {
    return quarantine(message, QuarantineReason.NotCarriable, `could not be checked: ${(err as Error).message}`, [], event);
  }
  if (!registry.has(event.type)) {
    return quarantine(message, QuarantineReason.UnknownType, `this router has no schema for type "${escapeAttribute(event.type)}"`, [{ path: '/type', message: 'unknown event type' }], event);
  }
  try {
    const problems = registry.validate(event.type, event.data, '/data');
    if (problems.length) return quarantine(message, QuarantineReason.SchemaViolation, `data does not validate against ${event.type}: ${summary(problems)}`, problems, event);
  } catch (err) {
    return quarantine(message, QuarantineReason.SchemaViolation, `could not be validated: ${(err as Error).message}`, [], event);
  }
  return { route: true, event };
}

/** A message PostgreSQL refused to store although it passed every check here, with the database's message. */
export function ledgerRefused(message: InboundMessage, event: CanonicalEvent, databaseMessage: string): QuarantineDecision {
  return quarantine(message, QuarantineReason.LedgerRefused, `PostgreSQL refused to store the event: ${databaseMessage}`, [], event).quarantine;
}

/**
 * A message whose `hub-landscape-version` header names no version this ledger has, or is not a
 * version at all: the router cannot know where it was meant to go, and guessing could send it to a
 * system the route had left. It came past an API of another ledger, or was written by hand.
 */
export function unknownLandscapeVersion(message: InboundMessage, event: CanonicalEvent, named: number | null | undefined): QuarantineDecision {
  const header = escapeDataString(message.headers[LANDSCAPE_VERSION_HEADER] ?? '');
  const why = named === null ? `its ${LANDSCAPE_VERSION_HEADER} header "${header}" is not a landscape version` : `it was accepted under landscape version ${named}, which this ledger does not have`;
  return quarantine(message, QuarantineReason.UnknownLandscapeVersion, `cannot be routed: ${why}`, [{ path: `/headers/${LANDSCAPE_VERSION_HEADER}`, message: named === null ? 'not a landscape version' : 'unknown landscape version' }], event).quarantine;
}

/** The message's bytes as read: the driver's raw copy, or (a message built without one) its decoded parts. */
export function rawMessageOf(m: InboundMessage): RawMessage {
  const raw = m.raw ?? { key: m.key === null ? null : Buffer.from(m.key, 'utf8'), headers: Object.entries(m.headers).map(([key, v]) => ({ key, value: Buffer.from(v, 'utf8') })) };
  return { key: raw.key, value: m.value, headers: raw.headers, timestamp: m.timestamp };
}

function summary(problems: readonly QuarantineProblem[]): string {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${escapeDataString(first.path)} ${escapeDataString(first.message)}${more}`;
}

const safeProblems = (problems: readonly QuarantineProblem[]) => problems.slice(0, MAX_PROBLEMS).map((p) => ({ path: escapeDataString(p.path), message: escapeDataString(p.message) }));

function quarantine(message: InboundMessage, reason: QuarantineReason, reasonMessage: string, problems: readonly QuarantineProblem[], event?: CanonicalEvent): { route: false; quarantine: QuarantineDecision } {
  const h = message.headers;
  const text = (v: unknown) => (typeof v === 'string' ? escapeAttribute(v) : undefined);
  const attributes = event ?? { id: h.ce_id, source: h.ce_source, type: h.ce_type, subject: h.ce_subject, tenant: h.ce_tenant };
  return {
    route: false,
    quarantine: {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      message: rawMessageOf(message),
      ...present({ tenant: text(attributes.tenant), type: text(attributes.type), subject: text(attributes.subject), source: text(attributes.source), eventId: text(attributes.id) }),
      event: readable(message, event),
      reason,
      reasonMessage: escapeDataString(reasonMessage),
      problems: safeProblems(problems),
    },
  };
}

/** The event as far as it could be read, safe for jsonb: decoded, or else its ce_ headers and any JSON value. */
function readable(message: InboundMessage, event?: CanonicalEvent): unknown {
  try {
    if (event) return displayCopy(event);
    const attributes = Object.fromEntries(Object.entries(message.headers).filter(([k]) => k.startsWith('ce_')).map(([k, v]) => [k.slice(3), escapeAttribute(v)]));
    let data: unknown;
    if (message.value && isUtf8(message.value)) {
      try {
        data = displayCopy(JSON.parse(message.value.toString('utf8')));
      } catch {
        data = undefined;
      }
    }
    return data === undefined ? attributes : { ...attributes, data };
  } catch {
    return undefined;
  }
}

function present<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
