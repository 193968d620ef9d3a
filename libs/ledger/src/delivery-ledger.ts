import { Pool, PoolClient, PoolConfig } from 'pg';
import type { CanonicalEvent } from '@hub/events';
import { ACTIVE_BACKFILL_STATES } from './backfill-records';
import type { BackfillDeliveryCounts, BackfillDryRun, BackfillFilter, BackfillItem, BackfillPageOutcome, BackfillRecord, BackfillSelection, BackfillState, NewBackfill, WithdrawnDelivery } from './backfill-records';
import { BackfillRow, toBackfillRecord } from './backfill-rows';
import * as bf from './backfill-sql';
import { fingerprint, parseFingerprint } from './fingerprint';
import { InvalidLedgerInputError } from './invalid-ledger-input.error';
import type { AuditFilter, DeadLetterFilter, QuarantineFilter, TenantScope } from './ledger-filters';
import type { AuditRecord, DeadLetterGroup, DeadLetterRecord, LedgerTrace, OpenDeliveryRecord, Page, PageRequest, QuarantineRecord } from './ledger-records';
import { writeAllButRefused, RefusedRow } from './ledger-refusal';
import {
  AuditRow,
  DeadLetterRow,
  DeliveryRow,
  headersToJson,
  messageDigest,
  QuarantineRowOut,
  toAuditRecord,
  toDeadLetterRecord,
  toDeliveryRecord,
  toQuarantineRecord,
} from './ledger-row-mappers';
import type { AcceptedRow, AttemptRow, AuditEntry, DeliveryKey, DeliveryRole, DeliveryState, Lane, QuarantinedRef, QuarantineRow, QueuedRow, ReleasedDelivery, RoutedRow, Timestamp, TraceContext } from './ledger-rows';
import * as lanes from './ledger-lanes-sql';
import * as parallel from './parallel-run-sql';
import type { ComparisonCounts, DisagreementReason, ParallelRunComparison, ParallelRunReport, ParallelRunReportQuery, ParallelRunSummary, ShadowCandidate } from './parallel-run-records';
import { DISAGREEMENT_REASONS } from './parallel-run-records';
import { comparisonRow, ExampleRow, toComparisonExample } from './parallel-run-rows';
import { LandscapeVersionConflict } from './landscape-conflict.error';
import type { LandscapeChange, LandscapeFile, LandscapeVersionRecord, LandscapeVersionSummary, NewLandscapeVersion } from './landscape-records';
import * as landscape from './landscape-sql';
import * as recon from './reconciliation-sql';
import type { FileTotalsRecord, FileUnit, MoneySumSql, ReadFileRow, ReconciliationTotals, ReconciliationWindow, UndeliveredSample, WrittenFileRow } from './reconciliation-records';
import type { QuarantineReason } from './quarantine-reason';
import { DEFAULT_LEDGER_SCHEMA, LedgerTables, ledgerTables } from './ledger-schema';
import * as write from './ledger-write-sql';
import { JobLocks, LockedWork, PgJobLocks } from './job-locks';
import { auditWhere } from './query/audit-where';
import { deadLetterWhere } from './query/dead-letter-where';
import { quarantineWhere } from './query/quarantine-where';
import { CURSOR_PARTS, decodeCursor, encodeCursor, pageLimit } from './query/page-cursor';
import { prepared } from './query/prepared';
import { SqlParams, toIso } from './query/sql-params';
import { normaliseScope } from './query/tenant-scope';

/** How long opening a connection may take before the query fails (and its caller parks or retries). */
export const LEDGER_CONNECT_TIMEOUT_MS = 5_000;

const and = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** A quarantine row's id: bigserial, so digits (and within bigint). */
const isRowId = (id: string) => /^[1-9][0-9]{0,17}$/.test(id);

/** Kafka's CreateTime (ms) as a timestamp; none when it is missing or not a time. */
function kafkaTime(ms: string | undefined): string | null {
  const t = new Date(Number(ms));
  return ms && Number.isFinite(t.getTime()) ? t.toISOString() : null;
}

/** Thrown inside a backfill page's transaction to roll it back: the backfill is not running any more. */
class BackfillNotRunning extends Error {}

/** Every quarantine column but the message's bytes, for lists. */
const QUARANTINE_LIST_COLUMNS = [
  'id', 'topic', 'kafka_partition', 'kafka_offset', 'message_timestamp', 'message_sha256', 'tenant', 'type', 'subject', 'source', 'event_id', 'event',
  'reason', 'reason_message', 'problems', 'state', 'times_quarantined', 'previous_id', 'quarantined_at', 'updated_at',
  'released_at', 'released_by', 'release_note', 'discarded_at', 'discarded_by', 'discard_reason',
].map((c) => `q.${c}`).join(', ') + ', octet_length(q.message_value) AS value_bytes';

/**
 * The hub's delivery ledger in PostgreSQL: what was accepted, where each event went, and what ops
 * did about failures. Writes are bulk (one statement per call) for the router's and worker's hot
 * paths; every read takes the caller's tenant scope. Run runLedgerMigrations before use.
 */
export class DeliveryLedger {
  private readonly t: LedgerTables;
  private readonly rt: recon.ReconciliationTables;
  private ownsPool = false;
  private readonly locks: JobLocks;

  /** On a pool the caller owns (and ends); see connect() for one of its own. */
  constructor(readonly pool: Pool, readonly schema: string = DEFAULT_LEDGER_SCHEMA) {
    this.t = ledgerTables(schema);
    this.rt = recon.reconciliationTables(schema);
    this.locks = new PgJobLocks(pool, schema);
  }

  /**
   * A ledger on its own pool, which close() ends. The pool outlives PostgreSQL restarts: an idle
   * connection the server closed is dropped and reported to `onIdleClientError` (without a
   * listener, pg's 'error' event would end the process), the next query opens a fresh one, and a
   * connection attempt gives up after `connectionTimeoutMillis` instead of waiting forever.
   */
  static connect(
    databaseUrl: string,
    schema: string = DEFAULT_LEDGER_SCHEMA,
    pool: Omit<PoolConfig, 'connectionString'> = {},
    onIdleClientError: (err: Error) => void = (err) => console.warn(`ledger: idle PostgreSQL connection lost: ${err.message}`),
  ): DeliveryLedger {
    const p = new Pool({
      connectionTimeoutMillis: LEDGER_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      ...pool,
      connectionString: databaseUrl,
      application_name: pool.application_name ?? 'hub-ledger',
    });
    p.on('error', onIdleClientError);
    const ledger = new DeliveryLedger(p, schema);
    ledger.ownsPool = true;
    return ledger;
  }

  /** Answers when PostgreSQL does, within `timeoutMs` (readiness checks). */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)), timeoutMs))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  // ---------------------------------------------------------------- writes (hot path)

  /** Events as the API accepted them; an event already recorded is left as it was. */
  async recordAccepted(rows: readonly AcceptedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(prepared(write.insertAccepted(this.t), this.acceptedParams(rows)));
  }

  /**
   * recordAccepted, leaving out the events PostgreSQL refuses (a data exception or limit: see
   * refusedByDatabase), found by writing halves of the batch again. Answers those, each with the
   * database's error, for the router to quarantine; a transient error is thrown as it is.
   */
  recordAcceptedAllButRefused(rows: readonly AcceptedRow[]): Promise<RefusedRow<AcceptedRow>[]> {
    return writeAllButRefused(rows, (some) => this.recordAccepted(some));
  }

  /** Deliveries the router queued; one already recorded keeps its state and first queued time. */
  async recordQueued(rows: readonly QueuedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(write.upsertQueued(this.t), [rows.map((r) => r.eventKey), rows.map((r) => r.target), rows.map((r) => r.tenant), rows.map((r) => toIso(r.at))]);
  }

  /**
   * The router's write for one Kafka batch, in one transaction: the events, then their deliveries
   * in acceptance order, under their lanes' locks. An unordered target's delivery is queued at
   * once; an ordered one is queued when it is first in its lane, else held (lanesArrival). Answers
   * every delivery of the batch that is queued now (new, or queued by an earlier run of the same
   * batch): the caller puts those on their queues, and only those (a delivery done already is
   * never queued again).
   */
  async recordRouted(accepted: readonly AcceptedRow[], routed: readonly RoutedRow[], at: Timestamp = new Date()): Promise<{ queued: DeliveryKey[] }> {
    return this.transaction(async (c) => {
      if (accepted.length) await c.query(prepared(write.insertAccepted(this.t), this.acceptedParams(accepted)));
      if (routed.length === 0) return { queued: [] };
      await this.lockLanes(c, routed.filter((r) => r.ordered));
      const { rows } = await c.query<{ event_key: string; target: string; state: string }>(prepared(lanes.insertRouted(this.t), [
        routed.map((r) => r.eventKey),
        routed.map((r) => r.target),
        routed.map((r) => r.tenant),
        routed.map((r) => r.subject),
        routed.map((r) => String(Math.trunc(r.orderKey))),
        routed.map((r) => r.ordered),
        routed.map((r) => toIso(r.at)),
        routed.map((r) => r.role ?? 'primary'),
        routed.map((r) => (r.landscapeVersion === undefined ? null : String(r.landscapeVersion))),
        routed.map((r) => (r.trace ? JSON.stringify(r.trace) : null)),
      ]));
      return { queued: rows.filter((r) => r.state === 'queued').map((r) => ({ eventKey: r.event_key, target: r.target })) };
    });
  }

  /** Outcomes of delivery attempts, and the held deliveries they release. Late or repeated rows never move a delivery backwards (see upsertAttempts). */
  async recordAttempts(rows: readonly AttemptRow[]): Promise<ReleasedDelivery[]> {
    const done = await this.recordAttemptRows(rows);
    return done.length ? this.releaseLanes(done) : [];
  }

  /**
   * Outcomes of delivery attempts, committed; answers the lanes of ordered deliveries now done, for
   * releaseLanes to let their next ones go (after this write committed: see ledger-lanes-sql). A
   * caller that does not release them leaves them to the sweeper (stuckLanes).
   */
  async recordAttemptRows(rows: readonly AttemptRow[]): Promise<Lane[]> {
    if (rows.length === 0) return [];
    for (const r of rows) {
      if (r.outcome !== 'delivered' && !r.error) throw new InvalidLedgerInputError(`attempt ${r.attempt} of ${r.eventKey} → ${r.target} is ${r.outcome} but carries no error`);
    }
    const { rows: changed } = await this.pool.query<{ target: string; subject: string | null; ordered: boolean; state: string }>(prepared(write.upsertAttempts(this.t), [
      rows.map((r) => r.eventKey),
      rows.map((r) => r.target),
      rows.map((r) => r.tenant),
      rows.map((r) => r.outcome),
      rows.map((r) => r.attempt),
      rows.map((r) => r.error?.code ?? null),
      rows.map((r) => r.error?.message ?? null),
      rows.map((r) => r.error?.status ?? null),
      rows.map((r) => r.error?.field ?? null),
      rows.map((r) => (r.error ? fingerprint(r.error.code, r.target, r.error.field ?? r.error.status) : null)),
      rows.map((r) => r.reference ?? null),
      rows.map((r) => toIso(r.at)),
    ]));
    // A delivery done in its lane lets the next one go (after its own write committed: see ledger-lanes-sql).
    return changed.filter((r) => r.ordered && r.state === 'delivered' && r.subject !== null).map((r) => ({ target: r.target, subject: r.subject! }));
  }

  /**
   * Releases the next held delivery of each lane whose earlier deliveries are all done; answers
   * them with their events, queued now, for the caller to enqueue. Safe to call at any time and
   * more than once: a lane whose first open delivery is not held releases nothing.
   */
  async releaseLanes(of: readonly Lane[], at: Timestamp = new Date()): Promise<ReleasedDelivery[]> {
    if (of.length === 0) return [];
    const targets = of.map((l) => l.target);
    const subjects = of.map((l) => l.subject);
    // Two statements, no transaction (two round trips, not four): the first waits for every writer
    // that holds one of the lanes' locks to commit, and lets the locks go with its own end; the
    // second, a snapshot taken after those commits, releases. A writer that takes a lock later has
    // the finished deliveries in its own snapshot and decides its new ones by them (lanesArrival),
    // so only the writers before needed waiting for; two releases of one lane release its head once
    // (the update rechecks that it is still held).
    await this.pool.query(prepared(lanes.lockLanes(), [targets, subjects]));
    return this.released(await this.pool.query(prepared(lanes.releaseNext(this.t), [targets, subjects, toIso(at)])));
  }

  /**
   * Lanes left waiting although nothing holds them (a process died between finishing a delivery
   * and releasing the next): held deliveries queued before `before` that are first in their lane.
   * The sweeper releases them.
   */
  async stuckLanes(before: Timestamp, limit = 1_000): Promise<Lane[]> {
    const { rows } = await this.pool.query<{ target: string; subject: string }>(
      `SELECT DISTINCT h.target, h.subject FROM ${this.t.deliveries} h
       WHERE h.ordered AND h.state = 'held' AND h.queued_at < $1::timestamptz
         AND NOT EXISTS (SELECT 1 FROM ${this.t.deliveries} o WHERE o.target = h.target AND o.subject = h.subject AND o.ordered
                         AND o.state NOT IN ('delivered', 'discarded', 'held') AND (o.order_key, o.event_key) < (h.order_key, h.event_key))
       LIMIT $2`,
      [toIso(before), limit],
    );
    return rows;
  }

  /** Held deliveries per target, for the gauge. */
  async heldPerTarget(): Promise<{ target: string; held: number }[]> {
    return (await this.pool.query<{ target: string; held: number }>(lanes.heldPerTarget(this.t))).rows;
  }

  /** Takes the locks of `of`'s lanes for the rest of the transaction `c` (ledger-lanes-sql). */
  private async lockLanes(c: PoolClient, of: readonly Lane[]): Promise<void> {
    if (of.length) await c.query(prepared(lanes.lockLanes(), [of.map((l) => l.target), of.map((l) => l.subject)]));
  }

  private async release(c: PoolClient, of: readonly Lane[], at: Timestamp): Promise<ReleasedDelivery[]> {
    if (of.length === 0) return [];
    const targets = of.map((l) => l.target);
    const subjects = of.map((l) => l.subject);
    await this.lockLanes(c, of);
    return this.released(await c.query(prepared(lanes.releaseNext(this.t), [targets, subjects, toIso(at)])));
  }

  private released({ rows }: { rows: { event_key: string; target: string; tenant: string; backfill_id: string | null; trace: TraceContext | null; event: CanonicalEvent }[] }): ReleasedDelivery[] {
    return rows.map((r) => ({ eventKey: r.event_key, target: r.target, tenant: r.tenant, event: r.event, ...(r.backfill_id ? { backfillId: r.backfill_id } : {}), ...(r.trace ? { trace: r.trace } : {}) }));
  }

  /**
   * A client of the pool for a few statements. While checked out, a client has no listener of the
   * pool's: a connection PostgreSQL closes under it (a restart) would emit an unhandled `error` and
   * end the process. This one listens, and the broken connection is closed on release, not reused.
   */
  private async checkout(): Promise<{ client: PoolClient; release: (err?: Error) => void }> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    return {
      client,
      release: (err) => {
        client.off('error', onError);
        client.release(err ?? broken);
      },
    };
  }

  private async transaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const { client: c, release } = await this.checkout();
    let failed: Error | undefined;
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch((e: Error) => (failed = e));
      throw err;
    } finally {
      release(failed);
    }
  }

  private acceptedParams(rows: readonly AcceptedRow[]): unknown[] {
    const e = rows.map((r) => r.event);
    return [
      rows.map((r) => r.eventKey),
      e.map((x) => x.tenant),
      e.map((x) => x.type),
      e.map((x) => x.source),
      e.map((x) => x.id),
      e.map((x) => x.subject),
      rows.map((r) => toIso(r.acceptedAt)),
      e.map((x) => JSON.stringify(x)),
    ];
  }

  /**
   * Messages the router will not route, kept exactly. Idempotent per Kafka coordinates: a batch
   * consumed again records nothing new. Answers the rows it wrote.
   */
  async recordQuarantined(rows: readonly QuarantineRow[]): Promise<QuarantinedRef[]> {
    if (rows.length === 0) return [];
    type Written = { id: string; topic: string; kafka_partition: number; kafka_offset: string; reason: QuarantineReason; tenant: string | null; times_quarantined: number };
    const { rows: written } = await this.pool.query<Written>(write.insertQuarantined(this.t), [
      rows.map((r) => r.topic),
      rows.map((r) => r.partition),
      rows.map((r) => r.offset),
      rows.map((r) => r.message.key),
      rows.map((r) => r.message.value),
      rows.map((r) => headersToJson(r.message.headers)),
      rows.map((r) => kafkaTime(r.message.timestamp)),
      rows.map((r) => messageDigest(r.message)),
      rows.map((r) => r.tenant ?? null),
      rows.map((r) => r.type ?? null),
      rows.map((r) => r.subject ?? null),
      rows.map((r) => r.source ?? null),
      rows.map((r) => r.eventId ?? null),
      rows.map((r) => (r.event === undefined ? null : JSON.stringify(r.event))),
      rows.map((r) => r.reason),
      rows.map((r) => r.reasonMessage),
      rows.map((r) => JSON.stringify(r.problems)),
      rows.map((r) => toIso(r.at)),
    ]);
    return written.map((w) => ({
      id: w.id,
      topic: w.topic,
      partition: w.kafka_partition,
      offset: w.kafka_offset,
      reason: w.reason,
      ...(w.tenant === null ? {} : { tenant: w.tenant }),
      timesQuarantined: w.times_quarantined,
    }));
  }

  /** Whether the delivery is recorded as delivered, with the target's reference: a job that runs again checks before sending again. */
  async deliveredAlready(key: DeliveryKey): Promise<{ reference?: string } | undefined> {
    const { rows } = await this.pool.query<{ reference: string | null }>(
      `SELECT reference FROM ${this.t.deliveries} WHERE event_key = $1 AND target = $2 AND state = 'delivered'`,
      [key.eventKey, key.target],
    );
    return rows[0] ? (rows[0].reference ? { reference: rows[0].reference } : {}) : undefined;
  }

  // ---------------------------------------------------------------- ops actions

  /** Open dead letters within `tenants` go to replaying (replays + 1); answers the ones that did. */
  async markReplaying(keys: readonly DeliveryKey[], tenants: TenantScope, at: Timestamp = new Date()): Promise<DeliveryKey[]> {
    const scope = normaliseScope(tenants);
    if (keys.length === 0) return [];
    const params: unknown[] = [keys.map((k) => k.eventKey), keys.map((k) => k.target), toIso(at)];
    if (scope !== '*') params.push(scope);
    return this.keysOf(await this.pool.query(write.markReplaying(this.t, scope !== '*'), params));
  }

  /**
   * Open dead letters within `tenants` are given up on, with the reason; answers the ones that were,
   * and the held deliveries that may go now that they are out of their lanes' way.
   */
  async markDiscarded(keys: readonly DeliveryKey[], reason: string, at: Timestamp, tenants: TenantScope): Promise<{ discarded: DeliveryKey[]; released: ReleasedDelivery[] }> {
    const scope = normaliseScope(tenants);
    if (keys.length === 0) return { discarded: [], released: [] };
    const params: unknown[] = [keys.map((k) => k.eventKey), keys.map((k) => k.target), toIso(at), reason];
    if (scope !== '*') params.push(scope);
    const res = await this.pool.query<{ event_key: string; target: string; subject: string | null; ordered: boolean }>(write.markDiscarded(this.t, scope !== '*'), params);
    const done = res.rows.filter((r) => r.ordered && r.subject !== null).map((r) => ({ target: r.target, subject: r.subject! }));
    return { discarded: this.keysOf(res), released: await this.releaseLanes(done, at) };
  }

  /** Undoes markReplaying for deliveries still replaying (the requeue failed): they are dead letters again. */
  async revertReplaying(keys: readonly DeliveryKey[], at: Timestamp = new Date()): Promise<DeliveryKey[]> {
    if (keys.length === 0) return [];
    return this.keysOf(await this.pool.query(write.revertReplaying(this.t), [keys.map((k) => k.eventKey), keys.map((k) => k.target), toIso(at)]));
  }

  /**
   * An open quarantined message within `tenants` becomes released, by `actor`; answers whether it
   * did (one claim wins, so two operators never put it back twice).
   */
  async markQuarantineReleased(id: string, actor: string, note: string | undefined, at: Timestamp, tenants: TenantScope): Promise<boolean> {
    const scope = normaliseScope(tenants);
    if (!isRowId(id)) return false;
    const params: unknown[] = [id, toIso(at), actor, note ?? null];
    if (scope !== '*') params.push(scope);
    return (await this.pool.query(write.markQuarantineReleased(this.t, scope !== '*'), params)).rowCount === 1;
  }

  /** Undoes markQuarantineReleased when the message could not be put back on its topic. */
  async revertQuarantineRelease(id: string, at: Timestamp = new Date()): Promise<boolean> {
    if (!isRowId(id)) return false;
    return (await this.pool.query(write.revertQuarantineRelease(this.t), [id, toIso(at)])).rowCount === 1;
  }

  /** An open quarantined message within `tenants` is given up on, by `actor`, for `reason`; answers whether it was. */
  async markQuarantineDiscarded(id: string, actor: string, reason: string, at: Timestamp, tenants: TenantScope): Promise<boolean> {
    const scope = normaliseScope(tenants);
    if (!isRowId(id)) return false;
    const params: unknown[] = [id, toIso(at), actor, reason];
    if (scope !== '*') params.push(scope);
    return (await this.pool.query(write.markQuarantineDiscarded(this.t, scope !== '*'), params)).rowCount === 1;
  }

  /** SQL: how many deliveries wait behind delivery `d` in its lane (the lane index answers it). */
  private heldBehind(d: string): string {
    return `(SELECT count(*) FROM ${this.t.deliveries} h WHERE ${d}.ordered AND h.ordered AND h.target = ${d}.target AND h.subject = ${d}.subject AND h.state = 'held')`;
  }

  private keysOf(res: { rows: { event_key: string; target: string }[] }): DeliveryKey[] {
    return res.rows.map((r) => ({ eventKey: r.event_key, target: r.target }));
  }

  // ---------------------------------------------------------------- sweeping (the worker's check of Redis against the ledger)

  /**
   * Open deliveries (queued, retrying, replaying) unchanged since before `before`, oldest first,
   * `limit` at a time; pass the last one back as `after` for the next page. Served by a partial index.
   */
  async openDeliveries(before: Timestamp, limit: number, after?: OpenDeliveryRecord): Promise<OpenDeliveryRecord[]> {
    const p = new SqlParams();
    const where = [`d.state IN ('queued', 'retrying', 'replaying')`, `d.updated_at < ${p.add(toIso(before))}::timestamptz`];
    if (after) where.push(`(d.updated_at, d.event_key, d.target) > (${p.add(after.updatedAt)}::timestamptz, ${p.add(after.eventKey)}, ${p.add(after.target)})`);
    const { rows } = await this.pool.query<{ event_key: string; target: string; tenant: string; state: OpenDeliveryRecord['state']; attempts: number; updated_at: string; event: CanonicalEvent | null; backfill_id: string | null }>(
      `SELECT d.event_key, d.target, d.tenant, d.state, d.attempts, to_json(d.updated_at) #>> '{}' AS updated_at, e.event, d.backfill_id
       FROM ${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key
       ${and(where)}
       ORDER BY d.updated_at, d.event_key, d.target
       LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => ({
      eventKey: r.event_key,
      target: r.target,
      tenant: r.tenant,
      state: r.state,
      attempts: r.attempts,
      updatedAt: r.updated_at,
      ...(r.event ? { event: r.event } : {}),
      ...(r.backfill_id ? { backfillId: r.backfill_id } : {}),
    }));
  }

  /** One run of the job `name` across every replica on this ledger schema: the contract is JobLocks'. */
  exclusively(name: string, work: LockedWork): Promise<boolean> {
    return this.locks.exclusively(name, work);
  }

  /**
   * The secret `name` every replica on this ledger shares: the one stored, or else `fresh` (32
   * random bytes or more), stored now. Two processes asking at once get the same one (the first
   * insert wins). The value is never logged.
   */
  async sharedSecret(name: string, fresh: Buffer): Promise<Buffer> {
    // Two statements: the SELECT's snapshot is taken after the INSERT, so it sees a row another
    // process committed while this INSERT waited on it (one statement's CTE would not).
    await this.pool.query(`INSERT INTO ${this.t.sharedSecrets} (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, fresh]);
    const { rows } = await this.pool.query<{ value: Buffer }>(`SELECT value FROM ${this.t.sharedSecrets} WHERE name = $1`, [name]);
    return rows[0].value;
  }

  // ---------------------------------------------------------------- backfills (history delivered again to one target: backfill-sql.ts)

  /** What a backfill with this selection would send, per type and in all, and what the target has already. */
  async backfillDryRun(s: BackfillSelection): Promise<BackfillDryRun> {
    type Row = { type: string; to_send: number; already_there: number; oldest: string | null; newest: string | null };
    const { rows } = await this.pool.query<Row>(bf.dryRun(this.t), this.selectionParams(s));
    const times = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null).map((x) => new Date(x).getTime());
    const oldest = times(rows.map((r) => r.oldest));
    const newest = times(rows.map((r) => r.newest));
    return {
      toSend: rows.reduce((n, r) => n + r.to_send, 0),
      alreadyThere: rows.reduce((n, r) => n + r.already_there, 0),
      byType: rows.map((r) => ({ type: r.type, toSend: r.to_send, alreadyThere: r.already_there })),
      ...(oldest.length ? { oldest: new Date(Math.min(...oldest)).toISOString() } : {}),
      ...(newest.length ? { newest: new Date(Math.max(...newest)).toISOString() } : {}),
    };
  }

  /**
   * Starts a backfill: the row, and its selection taken into backfill_items in acceptance order, in
   * one transaction. Answers the running backfill instead when the target has one already.
   */
  async createBackfill(b: NewBackfill): Promise<{ created: BackfillRecord } | { active: BackfillRecord }> {
    try {
      const created = await this.transaction(async (c) => {
        const { rows } = await c.query<{ id: string }>(bf.insertBackfill(this.t), [
          b.tenant, b.target, JSON.stringify(b.filter), [...b.types], b.subject ?? null, b.from === undefined ? null : toIso(b.from), toIso(b.to), b.ordered, b.rate, b.createdBy, b.reason ?? null, toIso(b.at),
        ]);
        const selected = await c.query<BackfillRow>(bf.selectItems(this.t), [...this.selectionParams(b), rows[0].id]);
        return toBackfillRecord(selected.rows[0]);
      });
      return { created };
    } catch (err) {
      const active = (err as { constraint?: string }).constraint === 'backfills_one_active_per_target' && (await this.backfills({ tenants: '*', target: b.target }, { limit: 10 })).items.find((x) => ACTIVE_BACKFILL_STATES.includes(x.state));
      if (active) return { active };
      throw err;
    }
  }

  /** One backfill; undefined when unknown or outside `tenants` (the two look the same). */
  async backfill(id: string, tenants: TenantScope): Promise<BackfillRecord | undefined> {
    const scope = normaliseScope(tenants);
    if (!isRowId(id)) return undefined;
    const p = new SqlParams();
    const where = [`id = ${p.add(id)}::bigint`];
    if (scope !== '*') where.push(`tenant = ANY(${p.add(scope)}::text[])`);
    const { rows } = await this.pool.query<BackfillRow>(`SELECT * FROM ${this.t.backfills} ${and(where)}`, p.values);
    return rows[0] && toBackfillRecord(rows[0]);
  }

  /** Backfills, newest first, keyset-paged; `total` counts every match. */
  async backfills(filter: BackfillFilter, page: PageRequest = {}): Promise<Page<BackfillRecord>> {
    const scope = normaliseScope(filter.tenants);
    const limit = pageLimit(page);
    const p = new SqlParams();
    const where: string[] = [];
    if (scope !== '*') where.push(`tenant = ANY(${p.add(scope)}::text[])`);
    if (filter.tenant !== undefined) where.push(`tenant = ${p.add(filter.tenant)}`);
    if (filter.target !== undefined) where.push(`target = ${p.add(filter.target)}`);
    if (filter.state !== undefined) where.push(`state = ${p.add(filter.state)}`);
    const countSql = `SELECT count(*)::int AS total FROM ${this.t.backfills} ${and(where)}`;
    const countParams = [...p.values];
    if (page.after) where.push(`id < ${p.add(decodeCursor(page.after, [CURSOR_PARTS.serial])[0])}::bigint`);
    const [count, rows] = await Promise.all([
      this.pool.query<{ total: number }>(countSql, countParams),
      this.pool.query<BackfillRow>(`SELECT * FROM ${this.t.backfills} ${and(where)} ORDER BY id DESC LIMIT ${p.add(limit + 1)}`, p.values),
    ]);
    const items = rows.rows.slice(0, limit).map(toBackfillRecord);
    return { items, total: count.rows[0].total, ...(rows.rows.length > limit ? { next: encodeCursor([items[items.length - 1].id]) } : {}) };
  }

  /** A backfill's deliveries counted afresh by state (index deliveries_backfill). */
  async backfillDeliveryCounts(id: string): Promise<BackfillDeliveryCounts> {
    const counts: BackfillDeliveryCounts = { queued: 0, held: 0, retrying: 0, replaying: 0, delivered: 0, deadLettered: 0, discarded: 0, heldBehindDeadLetters: 0 };
    if (!isRowId(id)) return counts;
    const { rows } = await this.pool.query<{ state: DeliveryState; n: number; behind_dead_letters: number }>(bf.deliveryCounts(this.t), [id]);
    for (const r of rows) {
      if (r.state === 'dead-lettered') counts.deadLettered = r.n;
      else counts[r.state] = r.n;
      counts.heldBehindDeadLetters += r.behind_dead_letters;
    }
    return counts;
  }

  /** How many of a backfill's deliveries are not settled yet (queued, held, retrying, replaying): its lead on the target. */
  async backfillOpenCount(id: string): Promise<number> {
    return (await this.pool.query<{ n: number }>(prepared(bf.openCount(this.t), [id]))).rows[0].n;
  }

  /** Backfills a worker should be running, oldest first. */
  async runningBackfills(limit = 20): Promise<BackfillRecord[]> {
    const { rows } = await this.pool.query<BackfillRow>(`SELECT * FROM ${this.t.backfills} WHERE state = 'running' ORDER BY id LIMIT $1`, [limit]);
    return rows.map(toBackfillRecord);
  }

  /** A worker takes a running backfill up (under its lock): counts the run; undefined when it is not running any more. */
  async startBackfillRun(id: string, at: Timestamp = new Date()): Promise<BackfillRecord | undefined> {
    const { rows } = await this.pool.query<BackfillRow>(`UPDATE ${this.t.backfills} SET runs = runs + 1, updated_at = $2::timestamptz WHERE id = $1::bigint AND state = 'running' RETURNING *`, [id, toIso(at)]);
    return rows[0] && toBackfillRecord(rows[0]);
  }

  /** The next `limit` items of a backfill's selection after `after`, in acceptance order, with their events. */
  async backfillItems(id: string, after: number, limit: number): Promise<BackfillItem[]> {
    const { rows } = await this.pool.query<{ seq: number; event_key: string; order_key: string; event: CanonicalEvent | null }>(prepared(bf.nextItems(this.t), [id, after, limit]));
    return rows.map((r) => ({ seq: r.seq, eventKey: r.event_key, orderKey: Number(r.order_key), ...(r.event ? { event: r.event } : {}) }));
  }

  /**
   * Records one page of a backfill in one transaction: its deliveries (an ordered target's through
   * its lanes, held and released as the router's are; one the target has meanwhile left alone), and
   * its cursor moved from `from` to the page's last item, only while the backfill is running. Answers
   * what is queued now, for the caller to enqueue; `recorded: false` (nothing written) when the
   * backfill was paused or cancelled, or another run moved its cursor.
   */
  async recordBackfillPage(b: Pick<BackfillRecord, 'id' | 'tenant' | 'target' | 'ordered'>, items: readonly BackfillItem[], from: number, at: Timestamp = new Date()): Promise<BackfillPageOutcome> {
    if (items.length === 0) return { recorded: true, queued: [], created: 0, skipped: 0, forgotten: 0 };
    const present = items.filter((i): i is BackfillItem & { event: CanonicalEvent } => i.event !== undefined);
    const events = new Map(present.map((i) => [i.eventKey, i.event]));
    try {
      return await this.transaction(async (c) => {
        if (b.ordered) await this.lockLanes(c, present.map((i) => ({ target: b.target, subject: i.event.subject })));
        const { rows } = present.length
          ? await c.query<{ event_key: string; subject: string; state: DeliveryState }>(bf.insertBackfilled(this.t), [
              b.id, b.target, b.tenant, b.ordered, toIso(at), present.map((i) => i.eventKey), present.map((i) => i.event.subject), present.map((i) => String(Math.trunc(i.orderKey))),
            ])
          : { rows: [] };
        const queued: ReleasedDelivery[] = rows.filter((r) => r.state === 'queued').map((r) => ({ eventKey: r.event_key, target: b.target, tenant: b.tenant, event: events.get(r.event_key)!, backfillId: b.id }));
        const counts = { created: rows.length, skipped: present.length - rows.length, forgotten: items.length - present.length };
        const moved = await c.query(bf.advanceCursor(this.t), [b.id, from, items[items.length - 1].seq, counts.created, counts.skipped, counts.forgotten, toIso(at)]);
        if (moved.rowCount !== 1) throw new BackfillNotRunning();
        return { recorded: true as const, queued, ...counts };
      });
    } catch (err) {
      if (err instanceof BackfillNotRunning) return { recorded: false };
      throw err;
    }
  }

  /** A backfill's queued deliveries with their events: a resumed run enqueues them again (same job ids: BullMQ keeps one). */
  async backfillQueued(id: string): Promise<ReleasedDelivery[]> {
    const { rows } = await this.pool.query<{ event_key: string; target: string; tenant: string; event: CanonicalEvent }>(bf.queuedOf(this.t), [id]);
    return rows.map((r) => ({ eventKey: r.event_key, target: r.target, tenant: r.tenant, event: r.event, backfillId: id }));
  }

  /** What the run counted lately, for lists (one backfill's own status counts afresh). */
  async recordBackfillProgress(id: string, p: { delivered: number; deadLettered: number; measuredRate?: number }, at: Timestamp = new Date()): Promise<void> {
    await this.pool.query(`UPDATE ${this.t.backfills} SET delivered = $2, dead_lettered = $3, measured_rate = COALESCE($4, measured_rate), updated_at = $5::timestamptz WHERE id = $1::bigint`, [
      id, p.delivered, p.deadLettered, p.measuredRate ?? null, toIso(at),
    ]);
  }

  /**
   * Ends a backfill that is in one of `from` (finished, failed, or cancelled by `by`), within
   * `tenants`; its selection is forgotten, the row stays. Undefined when it was not in those states.
   */
  async endBackfill(id: string, from: readonly BackfillState[], to: 'finished' | 'failed' | 'cancelled', o: { by?: string; error?: string; at?: Timestamp; tenants?: TenantScope } = {}): Promise<BackfillRecord | undefined> {
    const scope = normaliseScope(o.tenants ?? '*');
    if (!isRowId(id)) return undefined;
    const params: unknown[] = [id, [...from], to, o.by ?? null, o.error ?? null, toIso(o.at ?? new Date())];
    if (scope !== '*') params.push(scope);
    return this.transaction(async (c) => {
      const { rows } = await c.query<BackfillRow>(bf.endBackfill(this.t, scope !== '*'), params);
      if (rows[0]) await c.query(`DELETE FROM ${this.t.backfillItems} WHERE backfill_id = $1::bigint`, [id]);
      return rows[0] && toBackfillRecord(rows[0]);
    });
  }

  /** Pause (running → paused) or resume (paused → running) a backfill within `tenants`; undefined when it was not in `from`. */
  async switchBackfill(id: string, from: 'running' | 'paused', to: 'running' | 'paused', by: string, at: Timestamp, tenants: TenantScope): Promise<BackfillRecord | undefined> {
    const scope = normaliseScope(tenants);
    if (!isRowId(id)) return undefined;
    const params: unknown[] = [id, from, to, by, toIso(at)];
    if (scope !== '*') params.push(scope);
    const { rows } = await this.pool.query<BackfillRow>(bf.switchBackfill(this.t, scope !== '*'), params);
    return rows[0] && toBackfillRecord(rows[0]);
  }

  /**
   * Cancels a running or paused backfill within `tenants`: no page after this is recorded (the run
   * finds it not running and stops), and its held deliveries, never attempted, are withdrawn now.
   * Its queued ones are withdrawn by the worker as their jobs come up (withdrawBackfilled); what
   * was delivered stays. Answers the deliveries a withdrawal let go in their lanes, for the caller to enqueue.
   */
  async cancelBackfill(id: string, by: string, at: Timestamp, tenants: TenantScope): Promise<{ cancelled?: BackfillRecord; withdrawn: number; released: ReleasedDelivery[] }> {
    const cancelled = await this.endBackfill(id, ACTIVE_BACKFILL_STATES, 'cancelled', { by, at, tenants });
    if (!cancelled) return { withdrawn: 0, released: [] };
    const held = (await this.pool.query<{ event_key: string; target: string }>(bf.heldOf(this.t), [id])).rows.map((r) => ({ eventKey: r.event_key, target: r.target }));
    const { withdrawn, released } = await this.withdrawBackfilled(held, `backfill ${id} cancelled by ${by}`, at);
    return { cancelled, withdrawn: withdrawn.length, released };
  }

  /**
   * Withdraws deliveries of cancelled backfills: never attempted, deleted (as if never made, so a
   * later backfill may send them); attempted, discarded with `reason` (the target may have them).
   * Answers them, and what their lanes let go now.
   */
  async withdrawBackfilled(keys: readonly DeliveryKey[], reason: string, at: Timestamp = new Date()): Promise<{ withdrawn: WithdrawnDelivery[]; released: ReleasedDelivery[] }> {
    if (keys.length === 0) return { withdrawn: [], released: [] };
    return this.transaction(async (c) => {
      const { rows } = await c.query<{ event_key: string; target: string; subject: string | null; ordered: boolean; outcome: WithdrawnDelivery['outcome'] }>(bf.withdraw(this.t), [
        keys.map((k) => k.eventKey), keys.map((k) => k.target), toIso(at), reason,
      ]);
      const lanes = new Map(rows.filter((r) => r.ordered && r.subject !== null).map((r) => [`${r.target}\u0000${r.subject}`, { target: r.target, subject: r.subject! }]));
      return { withdrawn: rows.map((r) => ({ eventKey: r.event_key, target: r.target, outcome: r.outcome })), released: await this.release(c, [...lanes.values()], at) };
    });
  }

  /** The state of each backfill named (the worker asks before delivering one's job). */
  async backfillStates(ids: readonly string[]): Promise<Map<string, BackfillState>> {
    const valid = ids.filter(isRowId);
    if (valid.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; state: BackfillState }>(`SELECT id, state FROM ${this.t.backfills} WHERE id = ANY($1::bigint[])`, [valid]);
    return new Map(rows.map((r) => [String(r.id), r.state]));
  }

  private selectionParams(s: BackfillSelection): unknown[] {
    return [s.tenant, [...s.types], s.subject ?? null, s.from === undefined ? null : toIso(s.from), toIso(s.to), s.target];
  }

  // ---------------------------------------------------------------- retention

  /**
   * Forgets settled events accepted before `before` (and their deliveries), in batches of
   * `batchSize`: the ledger holds personal data and keeps it no longer than ops need it. Open
   * dead letters stay; the audit log is never pruned.
   */
  async prune(before: Timestamp, batchSize = 5_000): Promise<{ events: number; deliveries: number }> {
    const total = { events: 0, deliveries: 0 };
    for (;;) {
      const { rows } = await this.pool.query<{ deliveries: number }>(write.pruneSettled(this.t), [toIso(before), batchSize]);
      total.events += rows.length;
      total.deliveries += rows[0]?.deliveries ?? 0;
      if (rows.length < batchSize) return total;
    }
  }

  /** Forgets released and discarded quarantined messages last changed before `before` (open ones stay); answers how many. */
  async pruneQuarantine(before: Timestamp, batchSize = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(write.pruneQuarantine(this.t), [toIso(before), batchSize]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) return total;
    }
  }

  // ---------------------------------------------------------------- reads (tenant-scoped)

  /** An event and its deliveries; undefined when unknown or outside `tenants` (the two look the same). */
  async trace(eventKey: string, tenants: TenantScope): Promise<LedgerTrace | undefined> {
    const scope = normaliseScope(tenants);
    const p = new SqlParams();
    const where = [`event_key = ${p.add(eventKey)}`];
    if (scope !== '*') where.push(`tenant = ANY(${p.add(scope)}::text[])`);
    const [events, deliveries] = await Promise.all([
      this.pool.query<{ event_key: string; accepted_at: Date; event: CanonicalEvent }>(`SELECT event_key, accepted_at, event FROM ${this.t.events} ${and(where)}`, p.values),
      this.pool.query<DeliveryRow>(`SELECT * FROM ${this.t.deliveries} ${and(where)} ORDER BY target`, p.values),
    ]);
    const e = events.rows[0];
    if (!e) return undefined;
    const records = await Promise.all(
      deliveries.rows.map(async (d) => {
        const record = toDeliveryRecord(d);
        if (d.state !== 'held' || d.subject === null) return record;
        // What it waits for: the first delivery of its lane that is not done yet.
        const head = (await this.pool.query<{ event_key: string; state: DeliveryState; event_id: string | null; source: string | null }>(lanes.laneHead(this.t), [d.target, d.subject])).rows[0];
        return head && head.event_key !== d.event_key ? { ...record, heldBehind: { eventKey: head.event_key, state: head.state, ...(head.event_id ? { eventId: head.event_id } : {}), ...(head.source ? { source: head.source } : {}) } } : record;
      }),
    );
    return { eventKey: e.event_key, acceptedAt: e.accepted_at.toISOString(), event: e.event, deliveries: records };
  }

  /**
   * Every event posted with this CloudEvent id within `tenants`, narrowed to one `source` and/or
   * one `tenant` when given: several when sources (or forces) used the same id. An event outside
   * `tenants` is never among them, so the answer says nothing about other forces.
   */
  async tracesByEventId(eventId: string, tenants: TenantScope, narrow: { source?: string; tenant?: string } = {}): Promise<LedgerTrace[]> {
    const scope = normaliseScope(tenants);
    const p = new SqlParams();
    const where = [`event_id = ${p.add(eventId)}`];
    if (narrow.source !== undefined) where.push(`source = ${p.add(narrow.source)}`);
    if (narrow.tenant !== undefined) where.push(`tenant = ${p.add(narrow.tenant)}`);
    if (scope !== '*') where.push(`tenant = ANY(${p.add(scope)}::text[])`);
    const { rows } = await this.pool.query<{ event_key: string }>(`SELECT event_key FROM ${this.t.events} ${and(where)} ORDER BY event_key LIMIT 20`, p.values);
    const traces = await Promise.all(rows.map((r) => this.trace(r.event_key, scope)));
    return traces.filter((t): t is LedgerTrace => t !== undefined);
  }

  /** Dead letters, newest first, with their events; `total` counts every match, not just the page. */
  async deadLetters(filter: DeadLetterFilter, page: PageRequest = {}): Promise<Page<DeadLetterRecord>> {
    const limit = pageLimit(page);
    const p = new SqlParams();
    const where = deadLetterWhere(filter, p);
    const from = `${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key`;
    const countSql = `SELECT count(*)::int AS total FROM ${from} ${and(where)}`;
    const countParams = [...p.values];
    if (page.after) {
      const [at, key, target] = decodeCursor(page.after, [CURSOR_PARTS.timestamp, CURSOR_PARTS.eventKey, CURSOR_PARTS.text]);
      where.push(`(d.dead_lettered_at, d.event_key, d.target) < (${p.add(at)}::timestamptz, ${p.add(key)}, ${p.add(target)})`);
    }
    const pageSql = `
      SELECT d.*, e.type, e.subject, e.source, e.event_id, e.event, to_json(d.dead_lettered_at) #>> '{}' AS cursor_at, ${this.heldBehind('d')}::int AS holding
      FROM ${from} ${and(where)}
      ORDER BY d.dead_lettered_at DESC, d.event_key DESC, d.target DESC
      LIMIT ${p.add(limit + 1)}`;
    const [count, rows] = await Promise.all([this.pool.query<{ total: number }>(countSql, countParams), this.pool.query<DeadLetterRow>(pageSql, p.values)]);
    const more = rows.rows.length > limit;
    const items = rows.rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toDeadLetterRecord),
      total: count.rows[0].total,
      ...(more && last ? { next: encodeCursor([last.cursor_at, last.event_key, last.target]) } : {}),
    };
  }

  /** One delivery that was dead-lettered at some point (whatever its state now); undefined when unknown or out of scope. */
  async deadLetter(key: DeliveryKey, tenants: TenantScope): Promise<DeadLetterRecord | undefined> {
    const scope = normaliseScope(tenants);
    const p = new SqlParams();
    const where = [`d.event_key = ${p.add(key.eventKey)}`, `d.target = ${p.add(key.target)}`, 'd.dead_lettered_at IS NOT NULL'];
    if (scope !== '*') where.push(`d.tenant = ANY(${p.add(scope)}::text[])`);
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT d.*, e.type, e.subject, e.source, e.event_id, e.event, '' AS cursor_at, ${this.heldBehind('d')}::int AS holding
       FROM ${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key ${and(where)}`,
      p.values,
    );
    return rows[0] && toDeadLetterRecord(rows[0]);
  }

  /** Dead letters counted by cause (fingerprint), tenant and role (a shadow's apart), biggest group first. */
  async groupDeadLetters(filter: DeadLetterFilter): Promise<DeadLetterGroup[]> {
    const p = new SqlParams();
    const where = deadLetterWhere(filter, p);
    const { rows } = await this.pool.query<{ fingerprint: string; tenant: string; role: DeliveryRole; count: number; holding: number; first: Date; last: Date }>(
      `SELECT d.fingerprint, d.tenant, d.role, count(*)::int AS count, sum(${this.heldBehind('d')})::int AS holding,
              min(d.dead_lettered_at) AS first, max(d.dead_lettered_at) AS last
       FROM ${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key
       ${and(where)}
       GROUP BY d.fingerprint, d.tenant, d.role
       ORDER BY count DESC, last DESC, d.fingerprint, d.tenant, d.role`,
      p.values,
    );
    return rows.map((r) => ({
      fingerprint: r.fingerprint,
      ...parseFingerprint(r.fingerprint),
      tenant: r.tenant,
      ...(r.role === 'shadow' ? { role: 'shadow' as const } : {}),
      count: r.count,
      holding: r.holding,
      first: r.first.toISOString(),
      last: r.last.toISOString(),
    }));
  }

  /** Quarantined messages, newest first, without the messages' bytes; `total` counts every match. */
  async quarantined(filter: QuarantineFilter, page: PageRequest = {}): Promise<Page<QuarantineRecord>> {
    const limit = pageLimit(page);
    const p = new SqlParams();
    const where = quarantineWhere(filter, p);
    const countSql = `SELECT count(*)::int AS total FROM ${this.t.quarantine} q ${and(where)}`;
    const countParams = [...p.values];
    if (page.after) {
      const [at, id] = decodeCursor(page.after, [CURSOR_PARTS.timestamp, CURSOR_PARTS.serial]);
      if (!isRowId(id) || Number.isNaN(Date.parse(at))) throw new InvalidLedgerInputError('invalid paging cursor: pass back the "next" of a previous page');
      where.push(`(q.quarantined_at, q.id) < (${p.add(at)}::timestamptz, ${p.add(id)}::bigint)`);
    }
    const pageSql = `
      SELECT ${QUARANTINE_LIST_COLUMNS}, to_json(q.quarantined_at) #>> '{}' AS cursor_at
      FROM ${this.t.quarantine} q ${and(where)}
      ORDER BY q.quarantined_at DESC, q.id DESC
      LIMIT ${p.add(limit + 1)}`;
    const [count, rows] = await Promise.all([this.pool.query<{ total: number }>(countSql, countParams), this.pool.query<QuarantineRowOut>(pageSql, p.values)]);
    const more = rows.rows.length > limit;
    const items = rows.rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(toQuarantineRecord), total: count.rows[0].total, ...(more && last ? { next: encodeCursor([last.cursor_at!, last.id]) } : {}) };
  }

  /** One quarantined message with its bytes (`raw`); undefined when unknown or outside `tenants` (the two look the same). */
  async quarantinedMessage(id: string, tenants: TenantScope): Promise<QuarantineRecord | undefined> {
    const scope = normaliseScope(tenants);
    if (!isRowId(id)) return undefined;
    const p = new SqlParams();
    const where = [`q.id = ${p.add(id)}::bigint`];
    if (scope !== '*') where.push(`q.tenant = ANY(${p.add(scope)}::text[])`);
    const { rows } = await this.pool.query<QuarantineRowOut>(`SELECT q.*, octet_length(q.message_value) AS value_bytes FROM ${this.t.quarantine} q ${and(where)}`, p.values);
    return rows[0] && toQuarantineRecord(rows[0]);
  }

  /** Open quarantined messages counted by tenant (undefined: none could be read) and reason, for metrics. */
  async openQuarantineCounts(): Promise<{ tenant?: string; reason: QuarantineReason; count: number }[]> {
    const { rows } = await this.pool.query<{ tenant: string | null; reason: QuarantineReason; count: number }>(
      `SELECT tenant, reason, count(*)::int AS count FROM ${this.t.quarantine} WHERE state = 'open' GROUP BY tenant, reason ORDER BY tenant, reason`,
    );
    return rows.map((r) => ({ ...(r.tenant === null ? {} : { tenant: r.tenant }), reason: r.reason, count: r.count }));
  }

  // ---------------------------------------------------------------- parallel runs (issue 14: a primary and a shadow compared)

  /**
   * Shadow deliveries ready to compare, with their events and the events' primary deliveries (of
   * the same tenant): settled along with every primary, or of an event accepted before
   * `pendingBefore` (compared as they stand). Oldest event first, at most `limit`.
   */
  async shadowsToCompare(pendingBefore: Timestamp, limit: number): Promise<ShadowCandidate[]> {
    const { rows: ready } = await this.pool.query<{ event_key: string; target: string }>(parallel.shadowsToCompare(this.t), [toIso(pendingBefore), limit]);
    if (ready.length === 0) return [];
    const keys = [...new Set(ready.map((r) => r.event_key))];
    const [events, deliveries] = await Promise.all([
      this.pool.query<{ event_key: string; accepted_at: Date; event: CanonicalEvent }>(parallel.eventsOf(this.t), [keys]),
      this.pool.query<DeliveryRow>(parallel.deliveriesOf(this.t), [keys]),
    ]);
    const eventOf = new Map(events.rows.map((e) => [e.event_key, e]));
    const candidates: ShadowCandidate[] = [];
    for (const r of ready) {
      const e = eventOf.get(r.event_key);
      const all = deliveries.rows.filter((d) => d.event_key === r.event_key);
      const shadow = all.find((d) => d.target === r.target);
      if (!e || !shadow) continue;
      const primaries = all.filter((d) => d.role === 'primary' && d.tenant === shadow.tenant).map(toDeliveryRecord);
      candidates.push({ eventKey: r.event_key, acceptedAt: e.accepted_at.toISOString(), event: e.event, shadow: toDeliveryRecord(shadow), primaries });
    }
    return candidates;
  }

  /**
   * Writes comparisons, each once (a comparison already written is left as it was), and marks the
   * shadow deliveries `compared` as done, in one transaction. A shadow delivery with no primary to
   * compare with is marked too. Answers the comparisons written now.
   */
  async recordComparisons(comparisons: readonly ParallelRunComparison[], compared: readonly DeliveryKey[], at: Timestamp = new Date()): Promise<ParallelRunComparison[]> {
    if (comparisons.length === 0 && compared.length === 0) return [];
    return this.transaction(async (c) => {
      const written = comparisons.length
        ? (await c.query<{ event_key: string; primary_target: string; shadow_target: string }>(parallel.insertComparisons(this.t), [JSON.stringify(comparisons.map((x) => comparisonRow(x, at)))])).rows
        : [];
      if (compared.length) await c.query(parallel.markCompared(this.t), [compared.map((k) => k.eventKey), compared.map((k) => k.target), toIso(at)]);
      const key = (eventKey: string, primary: string, shadow: string) => `${eventKey}\0${primary}\0${shadow}`;
      const now = new Set(written.map((w) => key(w.event_key, w.primary_target, w.shadow_target)));
      return comparisons.filter((x) => now.has(key(x.eventKey, x.primary.target, x.shadow.target)));
    });
  }

  /** Whether `tenant` has a parallel run in `domain`: comparisons written, or shadow deliveries waiting for one. */
  async parallelRunExists(tenant: string, domain: string): Promise<boolean> {
    return (await this.pool.query<{ exists: boolean }>(parallel.runExists(this.t), [tenant, domain])).rows[0].exists;
  }

  /** A tenant's parallel run in one domain over days `from` to `to` (UTC, both included): counts, by reason, by field, per day and pair, and examples (unmasked). */
  async parallelRunReport(q: ParallelRunReportQuery): Promise<ParallelRunReport> {
    const scope = normaliseScope(q.tenants);
    const examples = q.examples ?? 3;
    const empty = (): ComparisonCounts => ({ compared: 0, agreed: 0, disagreed: 0 });
    const report: ParallelRunReport = {
      tenant: q.tenant,
      domain: q.domain,
      from: q.from,
      to: q.to,
      ...empty(),
      byReason: Object.fromEntries(DISAGREEMENT_REASONS.map((r) => [r, 0])) as Record<DisagreementReason, number>,
      byField: [],
      byDay: [],
      pairs: [],
      onlyOneSide: { primary: [], shadow: [] },
      fieldsNotCompared: [],
      examples: { outcome: [], pending: [], fields: [] },
    };
    if (scope !== '*' && !scope.includes(q.tenant)) return report;
    const p = [q.tenant, q.domain, q.from, q.to];
    const [counts, reasons, fields, onlyPrimary, onlyShadow, notCompared, outcome, pending] = await Promise.all([
      this.pool.query<{ day: string; primary_target: string; shadow_target: string; compared: number; agreed: number }>(parallel.reportCounts(this.t), p),
      this.pool.query<{ reason: DisagreementReason; count: number }>(parallel.reportByReason(this.t), p),
      this.pool.query<{ path: string; count: number }>(parallel.reportByPath(this.t, 'differing_paths'), [...p, 50]),
      this.pool.query<{ path: string; count: number }>(parallel.reportByPath(this.t, 'only_primary'), [...p, 50]),
      this.pool.query<{ path: string; count: number }>(parallel.reportByPath(this.t, 'only_shadow'), [...p, 50]),
      this.pool.query<{ note: string; count: number }>(parallel.reportFieldsNotCompared(this.t), p),
      this.pool.query<ExampleRow>(parallel.reportExamplesOf(this.t), [...p, 'outcome', examples]),
      this.pool.query<ExampleRow>(parallel.reportExamplesOf(this.t), [...p, 'pending', examples]),
    ]);
    const byDay = new Map<string, ComparisonCounts>();
    const byPair = new Map<string, { primary: string; shadow: string } & ComparisonCounts>();
    for (const r of counts.rows) {
      const add = (into: ComparisonCounts) => {
        into.compared += r.compared;
        into.agreed += r.agreed;
        into.disagreed += r.compared - r.agreed;
      };
      add(report);
      if (!byDay.has(r.day)) byDay.set(r.day, empty());
      add(byDay.get(r.day)!);
      const pair = `${r.primary_target}\0${r.shadow_target}`;
      if (!byPair.has(pair)) byPair.set(pair, { primary: r.primary_target, shadow: r.shadow_target, ...empty() });
      add(byPair.get(pair)!);
    }
    report.byDay = [...byDay].map(([day, c]) => ({ day, ...c }));
    report.pairs = [...byPair.values()];
    for (const r of reasons.rows) report.byReason[r.reason] = r.count;
    report.byField = fields.rows;
    report.onlyOneSide = { primary: onlyPrimary.rows, shadow: onlyShadow.rows };
    report.fieldsNotCompared = notCompared.rows;
    const top = fields.rows.slice(0, 10).map((f) => f.path);
    const fieldExamples = top.length ? (await this.pool.query<ExampleRow>(parallel.reportFieldExamples(this.t), [...p, top, examples])).rows : [];
    report.examples = { outcome: outcome.rows.map(toComparisonExample), pending: pending.rows.map(toComparisonExample), fields: fieldExamples.map(toComparisonExample) };
    return report;
  }

  /**
   * The parallel runs within `tenants` (a tenant and a domain with a shadow) seen since `since` or
   * waiting for a comparison now, each with day `day`'s counts, reasons and top fields.
   */
  async parallelRuns(tenants: TenantScope, day: string, since: string, topFields = 5): Promise<ParallelRunSummary[]> {
    const scope = normaliseScope(tenants);
    const only = scope === '*' ? null : scope;
    const [runs, waiting, reasons, fields] = await Promise.all([
      this.pool.query<{ tenant: string; domain: string; primary_target: string; shadow_target: string; compared: number; agreed: number; last_compared_at: Date | null }>(parallel.runsSince(this.t), [since, only, day]),
      this.pool.query<{ tenant: string; domain: string; shadow_target: string; waiting: number }>(parallel.shadowsWaiting(this.t), [only]),
      this.pool.query<{ tenant: string; domain: string; reason: DisagreementReason; count: number }>(parallel.dayReasons(this.t), [day, only]),
      this.pool.query<{ tenant: string; domain: string; path: string; count: number }>(parallel.dayFields(this.t), [day, only]),
    ]);
    const summaries = new Map<string, ParallelRunSummary>();
    const summary = (tenant: string, domain: string): ParallelRunSummary => {
      const k = `${tenant}\0${domain}`;
      if (!summaries.has(k)) {
        const byReason = Object.fromEntries(DISAGREEMENT_REASONS.map((r) => [r, 0])) as Record<DisagreementReason, number>;
        summaries.set(k, { tenant, domain, pairs: [], day, today: { compared: 0, agreed: 0, disagreed: 0, byReason, topFields: [] }, waiting: 0 });
      }
      return summaries.get(k)!;
    };
    for (const r of runs.rows) {
      const s = summary(r.tenant, r.domain);
      s.pairs.push({ primary: r.primary_target, shadow: r.shadow_target });
      s.today.compared += r.compared;
      s.today.agreed += r.agreed;
      s.today.disagreed += r.compared - r.agreed;
      const last = r.last_compared_at?.toISOString();
      if (last && (!s.lastComparedAt || last > s.lastComparedAt)) s.lastComparedAt = last;
    }
    for (const w of waiting.rows) {
      const s = summary(w.tenant, w.domain);
      s.waiting += w.waiting;
      if (!s.pairs.some((x) => x.shadow === w.shadow_target)) s.pairs.push({ shadow: w.shadow_target });
    }
    for (const r of reasons.rows) {
      const s = summaries.get(`${r.tenant}\0${r.domain}`);
      if (s) s.today.byReason[r.reason] = r.count;
    }
    for (const f of fields.rows) {
      const s = summaries.get(`${f.tenant}\0${f.domain}`);
      if (s && s.today.topFields.length < topFields) s.today.topFields.push({ path: f.path, count: f.count });
    }
    return [...summaries.values()].sort((a, b) => a.tenant.localeCompare(b.tenant) || a.domain.localeCompare(b.domain));
  }

  /** Forgets the field values of comparisons of events accepted before `before` (they may be personal data); paths and counts stay. Answers how many. */
  async forgetComparisonValues(before: Timestamp, batchSize = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(parallel.forgetValues(this.t), [toIso(before), batchSize]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) return total;
    }
  }

  // ---------------------------------------------------------------- landscape versions (migration 0008; landscape-sql.ts)

  /**
   * At boot: the landscape file becomes version 1 of an empty table, and a new version whenever its
   * sha256 differs from the last version that came from the file (so a changed file takes effect,
   * and the same file again changes nothing, even after API changes). One writer at a time: two
   * processes booting with the same new file insert it once. `describe` adds to the change what the
   * caller makes of the version before (the diff). Answers the latest version after it.
   */
  async seedLandscape(file: LandscapeFile, describe: (previous?: Record<string, unknown>) => Record<string, unknown> = () => ({})): Promise<{ version: number; inserted: boolean }> {
    return this.transaction(async (c) => {
      await c.query(landscape.lockLandscape(), [this.landscapeLockKey()]);
      const latest = Number((await c.query<{ version: string }>(landscape.latestVersionNumber(this.t))).rows[0].version);
      const lastFile = (await c.query<{ version: string; sha256: string | null }>(landscape.lastFileVersion(this.t))).rows[0];
      if (latest > 0 && lastFile?.sha256 === file.sha256) return { version: latest, inserted: false };
      const previous = latest > 0 ? (await c.query<{ landscape: Record<string, unknown> }>(landscape.versionByNumber(this.t), [latest])).rows[0].landscape : undefined;
      const reason = latest === 0 ? 'first start: the landscape file' : `the landscape file changed (last read as version ${lastFile?.version ?? 'none'})`;
      const change: LandscapeChange = { kind: 'file', path: file.path, sha256: file.sha256, ...describe(previous) };
      await this.insertLandscapeVersion(c, latest + 1, { landscape: file.document, actor: 'boot', reason, change });
      return { version: latest + 1, inserted: true };
    });
  }

  /** Appends the next version (refused with LandscapeVersionConflict when `basedOn` is not the latest); announced on commit. */
  async appendLandscapeVersion(v: NewLandscapeVersion): Promise<LandscapeVersionRecord> {
    return this.transaction(async (c) => {
      await c.query(landscape.lockLandscape(), [this.landscapeLockKey()]);
      const latest = Number((await c.query<{ version: string }>(landscape.latestVersionNumber(this.t))).rows[0].version);
      if (v.basedOn !== undefined && v.basedOn !== latest) throw new LandscapeVersionConflict(latest, v.basedOn);
      return this.insertLandscapeVersion(c, latest + 1, v);
    });
  }

  /** The number of the latest version (0: none yet); what a process polls. */
  async latestLandscapeVersionNumber(): Promise<number> {
    return Number((await this.pool.query<{ version: string }>(landscape.latestVersionNumber(this.t))).rows[0].version);
  }

  async latestLandscapeVersion(): Promise<LandscapeVersionRecord | undefined> {
    const row = (await this.pool.query<LandscapeVersionRow>(landscape.latestVersion(this.t))).rows[0];
    return row && toLandscapeVersion(row);
  }

  async landscapeVersion(version: number): Promise<LandscapeVersionRecord | undefined> {
    if (!Number.isSafeInteger(version) || version < 1) return undefined;
    const row = (await this.pool.query<LandscapeVersionRow>(landscape.versionByNumber(this.t), [version])).rows[0];
    return row && toLandscapeVersion(row);
  }

  /** Versions newest first, without their documents; pass the last one's version as `before` for the next page. */
  async landscapeVersions(page: { limit?: number; before?: number } = {}): Promise<LandscapeVersionSummary[]> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 1_000);
    const { rows } = await this.pool.query<LandscapeVersionRow>(landscape.versionsPage(this.t), [page.before ?? null, limit]);
    return rows.map(toLandscapeSummary);
  }

  /** Per target, its deliveries not yet done (neither delivered nor discarded); targets with none are left out. */
  async openDeliveriesPerTarget(targets: readonly string[]): Promise<Map<string, number>> {
    if (targets.length === 0) return new Map();
    const { rows } = await this.pool.query<{ target: string; open: number }>(landscape.openDeliveriesPerTarget(this.t), [[...targets]]);
    return new Map(rows.map((r) => [r.target, r.open]));
  }

  private landscapeLockKey(): string {
    return `${this.schema}:landscape`;
  }

  private async insertLandscapeVersion(c: PoolClient, version: number, v: Omit<NewLandscapeVersion, 'basedOn'>): Promise<LandscapeVersionRecord> {
    const { rows } = await c.query<LandscapeVersionRow>(landscape.insertVersion(this.t), [String(version), JSON.stringify(v.landscape), v.actor, v.reason, JSON.stringify(v.change)]);
    await c.query(landscape.notifyVersion(), [`${this.schema}:${version}`]);
    return toLandscapeVersion(rows[0]);
  }

  // ---------------------------------------------------------------- audit

  /** Appends one entry; the table refuses updates and deletes. */
  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    const tenants = normaliseScope(entry.tenants);
    if (tenants !== '*' && tenants.length === 0) throw new InvalidLedgerInputError('an audit entry needs the tenants it was taken in (or "*")');
    const { rows } = await this.pool.query<AuditRow>(write.insertAudit(this.t), [
      entry.at === undefined ? null : toIso(entry.at),
      entry.actor,
      [...entry.roles],
      entry.action,
      tenants === '*' ? ['*'] : tenants,
      entry.filter === undefined ? null : JSON.stringify(entry.filter),
      entry.counts === undefined ? null : JSON.stringify(entry.counts),
      entry.detail ?? null,
    ]);
    return toAuditRecord(rows[0]);
  }

  /** Audit entries, newest first. */
  async audit(filter: AuditFilter, page: PageRequest = {}): Promise<Page<AuditRecord>> {
    const limit = pageLimit(page);
    const p = new SqlParams();
    const where = auditWhere(filter, p);
    const countSql = `SELECT count(*)::int AS total FROM ${this.t.auditLog} a ${and(where)}`;
    const countParams = [...p.values];
    if (page.after) {
      const [id] = decodeCursor(page.after, [CURSOR_PARTS.serial]);
      where.push(`a.id < ${p.add(id)}::bigint`);
    }
    const pageSql = `SELECT a.* FROM ${this.t.auditLog} a ${and(where)} ORDER BY a.id DESC LIMIT ${p.add(limit + 1)}`;
    const [count, rows] = await Promise.all([this.pool.query<{ total: number }>(countSql, countParams), this.pool.query<AuditRow>(pageSql, p.values)]);
    const more = rows.rows.length > limit;
    const items = rows.rows.slice(0, limit);
    return { items: items.map(toAuditRecord), total: count.rows[0].total, ...(more ? { next: encodeCursor([items[items.length - 1].id]) } : {}) };
  }

  // ---------------------------------------------------------------- reconciliation (issue 14; reconciliation-sql.ts, migration 0012)

  /**
   * The sums of a tenant's window of days (of acceptance, UTC): events accepted and their money,
   * deliveries per target, role and state with their money, and the files written for them. Open
   * deliveries queued before `lateBefore` are counted as late. `rules` say where each type's money is.
   */
  async reconciliationTotals(w: ReconciliationWindow, rules: readonly MoneySumSql[], lateBefore: Timestamp): Promise<ReconciliationTotals> {
    type Row = { kind: string; day: string; type: string; target: string | null; role: DeliveryRole | null; state: string | null; currency: string | null; n: string; m: string; amount: string | null; unit: string | null };
    const { rows } = await this.pool.query<Row>(recon.reconciliationTotals(this.rt), this.windowParams(w, rules, lateBefore));
    const out: ReconciliationTotals = { accepted: [], acceptedMoney: [], deliveries: [], deliveryMoney: [], writtenFiles: [] };
    for (const r of rows) {
      const base = { day: r.day, type: r.type };
      if (r.kind === 'accepted') out.accepted.push({ ...base, events: Number(r.n), unrouted: Number(r.m) });
      else if (r.kind === 'accepted-money') out.acceptedMoney.push({ ...base, currency: r.currency!, events: Number(r.n), amountMinor: minor(r.amount) });
      else if (r.kind === 'delivery') out.deliveries.push({ ...base, target: r.target!, role: r.role!, state: r.state!, deliveries: Number(r.n), late: Number(r.m) });
      else if (r.kind === 'delivery-money') out.deliveryMoney.push({ ...base, target: r.target!, role: r.role!, state: r.state!, currency: r.currency!, deliveries: Number(r.n), amountMinor: minor(r.amount) });
      else out.writtenFiles.push({ ...base, target: r.target!, role: r.role!, files: Number(r.n), records: Number(r.m), unit: r.unit!, currency: r.currency, controlTotal: minor(r.amount) });
    }
    return out;
  }

  /** Up to `perGroup` undelivered deliveries per day, type, target, role and state of the window, to act on. */
  async undeliveredSamples(w: ReconciliationWindow, perGroup = 10): Promise<UndeliveredSample[]> {
    type Row = { day: string; type: string; target: string; role: DeliveryRole; state: string; delivery_ids: string[] | null; fingerprints: string[]; discard_reasons: string[] };
    const { rows } = await this.pool.query<Row>(recon.undeliveredSamples(this.rt), [...this.windowParams(w, [], new Date()), perGroup]);
    return rows.map((r) => ({ day: r.day, type: r.type, target: r.target, role: r.role, state: r.state, deliveryIds: r.delivery_ids ?? [], fingerprints: r.fingerprints, discardReasons: r.discard_reasons }));
  }

  /** The files of the window, at most `limit`, each with the hub's numbers for it (see filesInWindow). */
  async filesInWindow(w: ReconciliationWindow, rules: readonly MoneySumSql[], limit: number): Promise<FileTotalsRecord[]> {
    type Row = {
      direction: 'written' | 'read'; day: string; type: string | null; target: string | null; role: DeliveryRole | null; state: string | null;
      id: string; system: string; drop_id: string | null; file_name: string; file_sha256: string | null; kind: string; records: number; control_total: string; unit: FileUnit; currency: string | null;
      posted_records: number | null; posted_total: string | null; quarantined_records: number | null; quarantined_total: string | null; recorded_at: string;
      hub_amount: string | null; hub_events: string | null; hub_linked: string | null;
    };
    const window = this.windowParams(w, rules, new Date());
    // Without the late cut-off ($6): the files' statement has no use for it.
    const { rows } = await this.pool.query<Row>(recon.filesInWindow(this.rt), [...window.slice(0, 5), ...window.slice(6), limit]);
    return rows.map((r): FileTotalsRecord => {
      const common = { day: r.day, system: r.system, fileName: r.file_name, kind: r.kind, records: r.records, controlTotal: minor(r.control_total), unit: r.unit, currency: r.currency, recordedAt: r.recorded_at };
      if (r.direction === 'written') {
        return { direction: 'written', ...common, type: r.type!, target: r.target!, role: r.role!, hub: { state: r.state!, amountMinor: r.hub_amount === null ? null : minor(r.hub_amount) } };
      }
      return {
        direction: 'read', ...common, dropId: r.drop_id!, sha256: r.file_sha256!,
        posted: { records: r.posted_records ?? 0, total: minor(r.posted_total) },
        quarantined: { records: r.quarantined_records ?? 0, total: minor(r.quarantined_total) },
        hub: { events: Number(r.hub_events), linked: Number(r.hub_linked) },
      };
    });
  }

  /** Files target connectors wrote, one per delivery; writing one again (a replay) updates it. */
  async recordWrittenFiles(rows: readonly WrittenFileRow[]): Promise<void> {
    if (rows.length === 0) return;
    for (const r of rows) checkFileTotals(r);
    await this.pool.query(recon.upsertWrittenFiles(this.rt), [
      rows.map((r) => r.tenant),
      rows.map(() => 'written'),
      rows.map((r) => r.system),
      rows.map((r) => r.target),
      rows.map((r) => r.eventKey),
      rows.map((r) => r.fileName),
      rows.map((r) => r.kind),
      rows.map((r) => r.records),
      rows.map((r) => String(r.controlTotal)),
      rows.map((r) => r.unit),
      rows.map((r) => r.currency ?? null),
      rows.map((r) => toIso(r.at)),
    ]);
  }

  /**
   * A file the gateway read: its trailer, what became of its records, and (some of) the event
   * keys they became. Idempotent per tenant, drop and content: the keys may come in several calls.
   */
  async recordReadFile(row: ReadFileRow, eventKeys: readonly string[]): Promise<{ id: string }> {
    checkFileTotals(row);
    for (const n of [row.posted.records, row.quarantined.records]) if (!Number.isInteger(n) || n < 0) throw new InvalidLedgerInputError(`record counts must be whole numbers ≥ 0, got ${n}`);
    return this.transaction(async (c) => {
      const { rows } = await c.query<{ id: string }>(recon.upsertReadFile(this.rt), [
        row.tenant, row.system, row.dropId, row.fileName, row.sha256, row.kind, row.records, String(row.controlTotal), row.unit, row.currency ?? null,
        row.posted.records, String(row.posted.total), row.quarantined.records, String(row.quarantined.total), toIso(row.at),
      ]);
      if (eventKeys.length) await c.query(recon.linkReadFileEvents(this.rt), [rows[0].id, [...new Set(eventKeys)]]);
      return { id: rows[0].id };
    });
  }

  /** Open deliveries (queued, held, retrying, replaying) queued before `before`, per tenant, target and role: the gauge. */
  async unreconciledDeliveries(before: Timestamp): Promise<{ tenant: string; target: string; role: DeliveryRole; deliveries: number }[]> {
    return (await this.pool.query(recon.unreconciledDeliveries(this.rt), [toIso(before)])).rows;
  }

  /** Forgets read files recorded before `before`, and written ones whose events retention forgot. */
  async pruneFileTotals(before: Timestamp): Promise<number> {
    return (await this.pool.query(recon.pruneFileTotals(this.rt), [toIso(before)])).rowCount ?? 0;
  }

  private windowParams(w: ReconciliationWindow, rules: readonly MoneySumSql[], lateBefore: Timestamp): unknown[] {
    for (const [name, day] of [['from', w.from], ['to', w.to]]) if (!isDay(day)) throw new InvalidLedgerInputError(`${name} must be a day (YYYY-MM-DD), got "${day}"`);
    const toExclusive = new Date(`${w.to}T00:00:00Z`);
    toExclusive.setUTCDate(toExclusive.getUTCDate() + 1);
    return [
      w.tenant, `${w.from}T00:00:00Z`, toExclusive.toISOString(), w.type ?? null, w.target ?? null, toIso(lateBefore),
      rules.map((r) => r.type), rules.map((r) => r.parentPath), rules.map((r) => r.property), rules.map((r) => r.onlyField),
      rules.map((r) => r.onlyValue), rules.map((r) => r.negativeField), rules.map((r) => r.negativeValue),
    ];
  }
}

/** A calendar day, YYYY-MM-DD, that exists. */
function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** A sum of minor units from PostgreSQL (numeric, as text) as a number; past 2^53 it would not be exact. */
function minor(v: string | null): number {
  if (v === null) return 0;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InvalidLedgerInputError(`an amount of ${v} minor units is not a whole number below 2^53`);
  return n;
}

function checkFileTotals(r: { records: number; controlTotal: number; fileName: string }): void {
  if (!Number.isInteger(r.records) || r.records < 0) throw new InvalidLedgerInputError(`file ${r.fileName}: records must be a whole number ≥ 0, got ${r.records}`);
  if (!Number.isSafeInteger(r.controlTotal)) throw new InvalidLedgerInputError(`file ${r.fileName}: the control total must be a whole number of units, got ${r.controlTotal}`);
}

type LandscapeVersionRow = { version: string; created_at: string; actor: string; reason: string; change: LandscapeChange; landscape?: Record<string, unknown> };

function toLandscapeSummary(r: LandscapeVersionRow): LandscapeVersionSummary {
  return { version: Number(r.version), createdAt: new Date(r.created_at).toISOString(), actor: r.actor, reason: r.reason, change: r.change };
}

function toLandscapeVersion(r: LandscapeVersionRow): LandscapeVersionRecord {
  return { ...toLandscapeSummary(r), landscape: r.landscape ?? {} };
}
