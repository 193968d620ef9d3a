import type { ComparableValue } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { TenantScope } from './ledger-filters';
import type { DeliveryRecord } from './ledger-records';
import type { DeliveryState, Timestamp } from './ledger-rows';

// A parallel run: a tenant's events of one domain go to its primary targets and, beside them, to a
// shadow target (the system that is to replace one). The comparer writes one comparison per event,
// primary and shadow (migration 0010); reports read those.

/** A delivery's answer as a comparison sees it. */
export type ComparisonOutcome = 'acknowledged' | 'rejected' | 'pending';

/** Why a primary and a shadow disagree about one event. */
export const DISAGREEMENT_REASONS = ['outcome', 'pending', 'fields'] as const;
export type DisagreementReason = (typeof DISAGREEMENT_REASONS)[number];

/** A delivery's last error, as a comparison keeps it. */
export interface ComparisonError {
  code: string;
  status?: number;
  field?: string;
  message?: string;
}

/** One side of a comparison: its target, its outcome, the state it was in when compared, and its last error. */
export interface ComparedSide {
  target: string;
  outcome: ComparisonOutcome;
  state: DeliveryState;
  error?: ComparisonError;
}

/** A canonical field both records carry, with two values. */
export interface FieldDifference {
  /** JSON Pointer into the canonical event, e.g. /data/employment/fte. */
  path: string;
  primary: ComparableValue;
  shadow: ComparableValue;
}

/** What the comparer found for one event, one primary and one shadow. */
export interface ParallelRunComparison {
  eventKey: string;
  tenant: string;
  /** The event type's first part, e.g. hr. */
  domain: string;
  type: string;
  acceptedAt: Timestamp;
  eventId: string;
  source: string;
  subject: string;
  primary: ComparedSide;
  shadow: ComparedSide;
  /** Empty: they agree. */
  reasons: DisagreementReason[];
  /** Both connectors said what their records carry (canonicalFields), and both could map the event. */
  fieldsCompared: boolean;
  /** Why the fields were not compared, when they were not. */
  fieldsNote?: string;
  differing: FieldDifference[];
  /** Canonical fields only one of the two records carries: listed, never a disagreement (a format with no place for them). */
  onlyPrimary: string[];
  onlyShadow: string[];
}

/** A shadow delivery ready to compare (settled with every primary of its event, or past the deadline), with its event and every delivery of it. */
export interface ShadowCandidate {
  eventKey: string;
  acceptedAt: string;
  event: CanonicalEvent;
  shadow: DeliveryRecord;
  /** The event's primary deliveries of the same tenant. */
  primaries: DeliveryRecord[];
}

/** Days are UTC dates, YYYY-MM-DD, both included. */
export interface ParallelRunReportQuery {
  tenants: TenantScope;
  tenant: string;
  domain: string;
  from: string;
  to: string;
  /** Examples per reason, and per disagreeing field (default 3). */
  examples?: number;
}

export interface ComparisonCounts {
  compared: number;
  agreed: number;
  disagreed: number;
}

/** An event that disagreed, as a report shows it: with both sides, and for a field the two values. */
export interface ComparisonExample {
  eventKey: string;
  eventId: string;
  source: string;
  subject: string;
  type: string;
  day: string;
  acceptedAt: string;
  comparedAt: string;
  reasons: DisagreementReason[];
  primary: ComparedSide;
  shadow: ComparedSide;
  /** A field example: the path and, unless forgotten past retention, the two values (personal data unmasked: mask on the way out). */
  field?: { path: string; primary?: ComparableValue; shadow?: ComparableValue };
  fieldsNote?: string;
}

export interface ParallelRunReport extends ComparisonCounts {
  tenant: string;
  domain: string;
  from: string;
  to: string;
  byReason: Record<DisagreementReason, number>;
  /** Disagreeing fields, most often first. */
  byField: { path: string; count: number }[];
  byDay: ({ day: string } & ComparisonCounts)[];
  /** Per primary and shadow target. */
  pairs: ({ primary: string; shadow: string } & ComparisonCounts)[];
  /** Canonical fields only one side carries, and in how many comparisons: what the two formats do not share. */
  onlyOneSide: { primary: { path: string; count: number }[]; shadow: { path: string; count: number }[] };
  /** Comparisons whose fields were not compared, by why. */
  fieldsNotCompared: { note: string; count: number }[];
  examples: { outcome: ComparisonExample[]; pending: ComparisonExample[]; fields: ComparisonExample[] };
}

/** A parallel run (a tenant and a domain with a shadow) as the dashboard lists it. */
export interface ParallelRunSummary {
  tenant: string;
  domain: string;
  /** The primary → shadow pairs compared, or waiting to be. */
  pairs: { primary?: string; shadow: string }[];
  /** That day's comparisons (the day asked for, usually today). */
  day: string;
  today: ComparisonCounts & { byReason: Record<DisagreementReason, number>; topFields: { path: string; count: number }[] };
  /** Shadow deliveries not compared yet (not settled, and not past the deadline). */
  waiting: number;
  lastComparedAt?: string;
}
