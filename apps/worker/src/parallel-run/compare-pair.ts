// A parallel run's comparison of one event's primary and shadow deliveries, without I/O: their
// outcomes, and where both connectors say what their records carry, the mapped payloads field by
// field on the canonical event's JSON Pointers.
import type { ComparableValue, TargetConnector } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { ComparedSide, ComparisonOutcome, DeliveryRecord, DeliveryState, DisagreementReason, FieldDifference, ParallelRunComparison } from '@hub/ledger';

/** Longest error message a comparison keeps (a target's answer can be long). */
export const MESSAGE_LIMIT = 500;

/** Delivered: acknowledged. Dead-lettered, or given up by ops: rejected. Anything else is still under way. */
export function outcomeOf(state: DeliveryState): ComparisonOutcome {
  if (state === 'delivered') return 'acknowledged';
  if (state === 'dead-lettered' || state === 'discarded') return 'rejected';
  return 'pending';
}

/** A delivery as one side of a comparison; its last error unless the target acknowledged it (then the error is history). */
export function sideOf(d: DeliveryRecord): ComparedSide {
  const outcome = outcomeOf(d.state);
  const error =
    outcome !== 'acknowledged' && d.reason
      ? {
          code: d.reason,
          ...(d.status !== undefined ? { status: d.status } : {}),
          ...(d.field !== undefined ? { field: d.field } : {}),
          ...(d.message !== undefined ? { message: d.message.length > MESSAGE_LIMIT ? `${d.message.slice(0, MESSAGE_LIMIT - 1)}…` : d.message } : {}),
        }
      : undefined;
  return { target: d.target, outcome, state: d.state, ...(error ? { error } : {}) };
}

/**
 * Both acknowledged, or both refused: they agree. One still under way (the comparer only asks
 * once both settled or the deadline passed): `pending`. One refused, the other acknowledged: `outcome`.
 */
export function compareOutcomes(primary: ComparedSide, shadow: ComparedSide): DisagreementReason | undefined {
  if (primary.outcome === 'pending' || shadow.outcome === 'pending') return 'pending';
  return primary.outcome === shadow.outcome ? undefined : 'outcome';
}

export interface FieldComparison {
  /** Paths both carry, with two values. */
  differing: FieldDifference[];
  /** Paths only one carries: a format with no place for them, not a disagreement. */
  onlyPrimary: string[];
  onlyShadow: string[];
}

/** Two records' canonical fields, path by path (values already normalised by each connector: equal means the same). */
export function compareFields(primary: Record<string, ComparableValue>, shadow: Record<string, ComparableValue>): FieldComparison {
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const paths = [...new Set([...Object.keys(primary), ...Object.keys(shadow)])].sort();
  const out: FieldComparison = { differing: [], onlyPrimary: [], onlyShadow: [] };
  for (const path of paths) {
    if (!has(shadow, path)) out.onlyPrimary.push(path);
    else if (!has(primary, path)) out.onlyShadow.push(path);
    else if (!Object.is(primary[path], shadow[path])) out.differing.push({ path, primary: primary[path], shadow: shadow[path] });
  }
  return out;
}

/**
 * What a connector's record of the event carries, read back onto canonical pointers (its pure
 * map() then canonicalFields()); or why it cannot say.
 */
export function canonicalFieldsOf(connector: TargetConnector | undefined, event: CanonicalEvent, target: string): { fields: Record<string, ComparableValue> } | { note: string } {
  if (!connector) return { note: `target ${target} is not configured here: outcomes only` };
  const name = connector.manifest.name;
  if (!connector.canonicalFields) return { note: `the ${name} connector does not say what its records carry (no canonicalFields): outcomes only` };
  try {
    return { fields: connector.canonicalFields(connector.map(event), event) };
  } catch (err) {
    return { note: `the ${name} connector (${target}) cannot map the event: ${(err as Error).message}`.slice(0, MESSAGE_LIMIT) };
  }
}

export interface PairInput {
  eventKey: string;
  acceptedAt: string;
  event: CanonicalEvent;
  primary: DeliveryRecord;
  shadow: DeliveryRecord;
  primaryConnector?: TargetConnector;
  shadowConnector?: TargetConnector;
}

/** One event, one primary, one shadow: outcomes compared, and fields where both connectors can say. */
export function comparePair(i: PairInput): ParallelRunComparison {
  const primary = sideOf(i.primary);
  const shadow = sideOf(i.shadow);
  const reasons: DisagreementReason[] = [];
  const outcome = compareOutcomes(primary, shadow);
  if (outcome) reasons.push(outcome);
  const a = canonicalFieldsOf(i.primaryConnector, i.event, i.primary.target);
  const b = canonicalFieldsOf(i.shadowConnector, i.event, i.shadow.target);
  const fields = 'fields' in a && 'fields' in b ? compareFields(a.fields, b.fields) : undefined;
  if (fields?.differing.length) reasons.push('fields');
  const note = 'note' in a ? a.note : 'note' in b ? b.note : undefined;
  return {
    eventKey: i.eventKey,
    tenant: i.event.tenant,
    domain: i.event.type.split('.')[0],
    type: i.event.type,
    acceptedAt: i.acceptedAt,
    eventId: i.event.id,
    source: i.event.source,
    subject: i.event.subject,
    primary,
    shadow,
    reasons,
    fieldsCompared: fields !== undefined,
    ...(note ? { fieldsNote: note } : {}),
    differing: fields?.differing ?? [],
    onlyPrimary: fields?.onlyPrimary ?? [],
    onlyShadow: fields?.onlyShadow ?? [],
  };
}
