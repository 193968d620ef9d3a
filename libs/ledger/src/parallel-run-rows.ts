import type { ComparableValue } from '@hub/connector-sdk';
import type { DeliveryState } from './ledger-rows';
import { toIso } from './query/sql-params';
import type { ComparedSide, ComparisonError, ComparisonExample, ComparisonOutcome, DisagreementReason, FieldDifference, ParallelRunComparison } from './parallel-run-records';

/** A comparison as parallel-run-sql's insertComparisons reads it (one element of its JSON array). */
export function comparisonRow(c: ParallelRunComparison, at: Date | string) {
  return {
    event_key: c.eventKey,
    primary_target: c.primary.target,
    shadow_target: c.shadow.target,
    tenant: c.tenant,
    domain: c.domain,
    type: c.type,
    accepted_at: toIso(c.acceptedAt),
    compared_at: toIso(at),
    event_id: c.eventId,
    source: c.source,
    subject: c.subject,
    reasons: c.reasons,
    primary_outcome: c.primary.outcome,
    shadow_outcome: c.shadow.outcome,
    primary_state: c.primary.state,
    shadow_state: c.shadow.state,
    primary_error: c.primary.error ?? null,
    shadow_error: c.shadow.error ?? null,
    fields_compared: c.fieldsCompared,
    fields_note: c.fieldsNote ?? null,
    differing_paths: c.differing.map((d) => d.path),
    // NULL when nothing differs: the partial index (and retention) then hold only rows with values.
    differing: c.differing.length ? c.differing : null,
    only_primary: c.onlyPrimary,
    only_shadow: c.onlyShadow,
  };
}

/** An example row as the report statements answer it. */
export interface ExampleRow {
  event_key: string;
  event_id: string;
  source: string;
  subject: string;
  type: string;
  day: string;
  accepted_at: Date;
  compared_at: Date;
  reasons: DisagreementReason[];
  primary_target: string;
  shadow_target: string;
  primary_outcome: ComparisonOutcome;
  shadow_outcome: ComparisonOutcome;
  primary_state: DeliveryState;
  shadow_state: DeliveryState;
  primary_error: ComparisonError | null;
  shadow_error: ComparisonError | null;
  fields_note: string | null;
  differing: FieldDifference[] | null;
  /** Field examples only: the path the example is for. */
  path?: string;
}

const side = (target: string, outcome: ComparisonOutcome, state: DeliveryState, error: ComparisonError | null): ComparedSide => ({ target, outcome, state, ...(error ? { error } : {}) });

export function toComparisonExample(r: ExampleRow): ComparisonExample {
  const example: ComparisonExample = {
    eventKey: r.event_key,
    eventId: r.event_id,
    source: r.source,
    subject: r.subject,
    type: r.type,
    day: r.day,
    acceptedAt: r.accepted_at.toISOString(),
    comparedAt: r.compared_at.toISOString(),
    reasons: r.reasons,
    primary: side(r.primary_target, r.primary_outcome, r.primary_state, r.primary_error),
    shadow: side(r.shadow_target, r.shadow_outcome, r.shadow_state, r.shadow_error),
    ...(r.fields_note ? { fieldsNote: r.fields_note } : {}),
  };
  if (r.path === undefined) return example;
  // Past retention the values are forgotten (differing is NULL): the path stays, the values do not.
  const d = r.differing?.find((x) => x.path === r.path);
  const values: { primary?: ComparableValue; shadow?: ComparableValue } = d ? { primary: d.primary, shadow: d.shadow } : {};
  return { ...example, field: { path: r.path, ...values } };
}
