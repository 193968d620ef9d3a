import { Pool, PoolClient, PoolConfig } from 'pg';
import type { CanonicalEvent } from '@hub/events';
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
import type { AcceptedRow, AttemptRow, AuditEntry, DeliveryKey, DeliveryRole, DeliveryState, Lane, QuarantinedRef, QuarantineRow, QueuedRow, ReleasedDelivery, RoutedRow, Timestamp } from './ledger-rows';
import * as lanes from './ledger-lanes-sql';
import * as recon from './reconciliation-sql';
import type { FileTotalsRecord, FileUnit, MoneySumSql, ReadFileRow, ReconciliationTotals, ReconciliationWindow, UndeliveredSample, WrittenFileRow } from './reconciliation-records';
import type { QuarantineReason } from './quarantine-reason';
import { DEFAULT_LEDGER_SCHEMA, LedgerTables, ledgerTables } from './ledger-schema';
import * as write from './ledger-write-sql';
import { auditWhere } from './query/audit-where';
import { deadLetterWhere } from './query/dead-letter-where';
import { quarantineWhere } from './query/quarantine-where';
import { CURSOR_PARTS, decodeCursor, encodeCursor, pageLimit } from './query/page-cursor';
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

  /** On a pool the caller owns (and ends); see connect() for one of its own. */
  constructor(readonly pool: Pool, readonly schema: string = DEFAULT_LEDGER_SCHEMA) {
    this.t = ledgerTables(schema);
    this.rt = recon.reconciliationTables(schema);
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
    await this.pool.query(write.insertAccepted(this.t), this.acceptedParams(rows));
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
   * in acceptance order. An unordered target's delivery is queued at once; an ordered one is held
   * and the lane's first open delivery released. Answers every delivery that is queued now (new,
   * released, or queued by an earlier run of the same batch): the caller puts those on their
   * queues, and only those (a delivery done already is never queued again). `queued` are of this
   * batch; `released` may be of an earlier one, so they come with their events.
   */
  async recordRouted(accepted: readonly AcceptedRow[], routed: readonly RoutedRow[], at: Timestamp = new Date()): Promise<{ queued: DeliveryKey[]; released: ReleasedDelivery[] }> {
    return this.transaction(async (c) => {
      if (accepted.length) await c.query(write.insertAccepted(this.t), this.acceptedParams(accepted));
      if (routed.length === 0) return { queued: [], released: [] };
      const { rows } = await c.query<{ event_key: string; target: string; subject: string | null; ordered: boolean; state: string }>(lanes.insertRouted(this.t), [
        routed.map((r) => r.eventKey),
        routed.map((r) => r.target),
        routed.map((r) => r.tenant),
        routed.map((r) => r.subject),
        routed.map((r) => String(Math.trunc(r.orderKey))),
        routed.map((r) => r.ordered),
        routed.map((r) => toIso(r.at)),
        routed.map((r) => r.role ?? 'primary'),
        routed.map((r) => (r.landscapeVersion === undefined ? null : String(r.landscapeVersion))),
      ]);
      const queued = rows.filter((r) => r.state === 'queued').map((r) => ({ eventKey: r.event_key, target: r.target }));
      const held = rows.filter((r) => r.ordered && r.state === 'held' && r.subject !== null).map((r) => ({ target: r.target, subject: r.subject! }));
      return { queued, released: await this.release(c, held, at) };
    });
  }

  /** Outcomes of delivery attempts. Late or repeated rows never move a delivery backwards (see upsertAttempts). */
  async recordAttempts(rows: readonly AttemptRow[]): Promise<ReleasedDelivery[]> {
    if (rows.length === 0) return [];
    for (const r of rows) {
      if (r.outcome !== 'delivered' && !r.error) throw new InvalidLedgerInputError(`attempt ${r.attempt} of ${r.eventKey} → ${r.target} is ${r.outcome} but carries no error`);
    }
    const { rows: changed } = await this.pool.query<{ target: string; subject: string | null; ordered: boolean; state: string }>(write.upsertAttempts(this.t), [
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
    ]);
    // A delivery done in its lane lets the next one go (after its own write committed: see ledger-lanes-sql).
    const done = changed.filter((r) => r.ordered && r.state === 'delivered' && r.subject !== null).map((r) => ({ target: r.target, subject: r.subject! }));
    return done.length ? this.releaseLanes(done) : [];
  }

  /**
   * Releases the next held delivery of each lane whose earlier deliveries are all done; answers
   * them with their events, queued now, for the caller to enqueue. Safe to call at any time and
   * more than once: a lane whose first open delivery is not held releases nothing.
   */
  async releaseLanes(of: readonly Lane[], at: Timestamp = new Date()): Promise<ReleasedDelivery[]> {
    if (of.length === 0) return [];
    return this.transaction((c) => this.release(c, of, at));
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

  private async release(c: PoolClient, of: readonly Lane[], at: Timestamp): Promise<ReleasedDelivery[]> {
    if (of.length === 0) return [];
    const targets = of.map((l) => l.target);
    const subjects = of.map((l) => l.subject);
    await c.query(lanes.lockLanes(), [targets, subjects]);
    const { rows } = await c.query<{ event_key: string; target: string; tenant: string; event: CanonicalEvent }>(lanes.releaseNext(this.t), [targets, subjects, toIso(at)]);
    return rows.map((r) => ({ eventKey: r.event_key, target: r.target, tenant: r.tenant, event: r.event }));
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
    const { rows } = await this.pool.query<{ event_key: string; target: string; tenant: string; state: OpenDeliveryRecord['state']; attempts: number; updated_at: string; event: CanonicalEvent | null }>(
      `SELECT d.event_key, d.target, d.tenant, d.state, d.attempts, to_json(d.updated_at) #>> '{}' AS updated_at, e.event
       FROM ${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key
       ${and(where)}
       ORDER BY d.updated_at, d.event_key, d.target
       LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => ({ eventKey: r.event_key, target: r.target, tenant: r.tenant, state: r.state, attempts: r.attempts, updatedAt: r.updated_at, ...(r.event ? { event: r.event } : {}) }));
  }

  /**
   * Runs `work` only if no other process holds the lock `name` (in this ledger's schema), on a
   * session advisory lock that PostgreSQL also releases if this process dies. Answers whether it ran.
   */
  async exclusively(name: string, work: () => Promise<void>): Promise<boolean> {
    const key = `${this.schema}:${name}`;
    const { client, release } = await this.checkout();
    // A connection that may still hold the lock never goes back to the pool: it is closed instead.
    let discard: Error | undefined;
    try {
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS held', [key]).catch((err: Error) => {
        discard = err;
        throw err;
      });
      if (!rows[0].held) return false;
      try {
        await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch((err: Error) => (discard = err));
      }
      return true;
    } finally {
      release(discard);
    }
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

  /** Dead letters counted by cause (fingerprint) and tenant, biggest group first. */
  async groupDeadLetters(filter: DeadLetterFilter): Promise<DeadLetterGroup[]> {
    const p = new SqlParams();
    const where = deadLetterWhere(filter, p);
    const { rows } = await this.pool.query<{ fingerprint: string; tenant: string; count: number; holding: number; first: Date; last: Date }>(
      `SELECT d.fingerprint, d.tenant, count(*)::int AS count, sum(${this.heldBehind('d')})::int AS holding,
              min(d.dead_lettered_at) AS first, max(d.dead_lettered_at) AS last
       FROM ${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key
       ${and(where)}
       GROUP BY d.fingerprint, d.tenant
       ORDER BY count DESC, last DESC, d.fingerprint, d.tenant`,
      p.values,
    );
    return rows.map((r) => ({ fingerprint: r.fingerprint, ...parseFingerprint(r.fingerprint), tenant: r.tenant, count: r.count, holding: r.holding, first: r.first.toISOString(), last: r.last.toISOString() }));
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
