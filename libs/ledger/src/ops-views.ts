/**
 * The ledger's records as the ops API answers them and the CLI reads them: one definition of each
 * answer for both ends. The API builds them (apps/api: masking personal data unless the caller may
 * read it, auditing who did); the CLI prints them. They are wire shapes: every field survives
 * JSON as it is (times are ISO 8601 strings, bytes base64), so what the API types is what the CLI gets.
 */
import type { BackfillProgress } from './backfill-progress';
import type { BackfillDryRun, BackfillRecord } from './backfill-records';
import type { DeadLetterRecord, QuarantineRecord } from './ledger-records';

// --- dead letters (GET /v1/dead-letters, POST /v1/dead-letters/…/replay) --------------------------

/** A dead letter as ops see it: its id (the delivery's job id), and its event with personal fields masked unless they may read them. */
export type DeadLetterView = DeadLetterRecord & { id: string };

/** The answer of replaying one dead letter, and each failure of a bulk replay. */
export interface ReplayOutcome {
  id: string;
  replayed: boolean;
  detail: string;
}

/** The answer of POST /v1/dead-letters/replay: how many matched and went, per target, what failed; a dry run's sample. */
export interface BulkReplayAnswer {
  dryRun: boolean;
  /** Open dead letters (dead-lettered, not yet being replayed) matching the filter. */
  matched: number;
  /** Those this request took (at most `max`). */
  considered: number;
  replayed: number;
  /** Taken by another replay between listing and claiming. */
  skipped: number;
  failed: ReplayOutcome[];
  byTarget: Record<string, number>;
  batches: number;
  /** Dry run: what would be replayed (first 20, masked as any list). */
  sample?: DeadLetterView[];
}

// --- quarantine (GET /v1/quarantine, /v1/quarantine/{id}) -----------------------------------------

/** A header or key as ops see it: its text when it is UTF-8 (escaped where text cannot show it), and its bytes. */
export interface BytesView {
  text?: string;
  base64: string;
}

/** A quarantined Kafka message as ops see it: key, headers and write time; the value only for those who may read personal data. */
export interface QuarantineMessageView {
  key: BytesView | null;
  headers: { key: string; value: BytesView | null }[];
  timestamp?: string;
  /** The value itself: only for callers who may read personal data, since it holds the event's data as posted. */
  value?: BytesView | null;
  valueBytes: number;
}

/** A quarantined message as the API answers it: personal data masked unless the caller may read it. */
export type QuarantineView = Omit<QuarantineRecord, 'raw'> & { raw?: QuarantineMessageView; masked: boolean };

// --- backfills (GET /v1/backfills, POST /v1/backfills) --------------------------------------------

/** A backfill as ops see it: what was asked, by whom, its state, and its progress counted afresh. */
export type BackfillView = Omit<BackfillRecord, 'delivered' | 'deadLettered' | 'measuredRate' | 'enqueued' | 'skipped' | 'forgotten' | 'total' | 'cursor'> & { progress: BackfillProgress };

/** A dry run's answer: what a backfill would send, and how long it would take at the rate it may go. */
export interface BackfillDryRunView extends BackfillDryRun, Pick<BackfillRecord, 'tenant' | 'target' | 'types' | 'subject' | 'from' | 'to' | 'rate'> {
  dryRun: true;
  /** Events a second it would really go at: its rate, or the target's own rate limit when that is lower. */
  effectiveRate: number;
  estimatedSeconds: number;
}
