import { Pool, PoolConfig } from 'pg';
import type { CanonicalEvent } from '@hub/events';
import { fingerprint, parseFingerprint } from './fingerprint';
import { InvalidLedgerInputError } from './invalid-ledger-input.error';
import type { AuditFilter, DeadLetterFilter, TenantScope } from './ledger-filters';
import type { AuditRecord, DeadLetterGroup, DeadLetterRecord, LedgerTrace, OpenDeliveryRecord, Page, PageRequest } from './ledger-records';
import { AuditRow, DeadLetterRow, DeliveryRow, toAuditRecord, toDeadLetterRecord, toDeliveryRecord } from './ledger-row-mappers';
import type { AcceptedRow, AttemptRow, AuditEntry, DeliveryKey, QueuedRow, Timestamp } from './ledger-rows';
import { DEFAULT_LEDGER_SCHEMA, LedgerTables, ledgerTables } from './ledger-schema';
import * as write from './ledger-write-sql';
import { auditWhere } from './query/audit-where';
import { deadLetterWhere } from './query/dead-letter-where';
import { decodeCursor, encodeCursor, pageLimit } from './query/page-cursor';
import { SqlParams, toIso } from './query/sql-params';
import { normaliseScope } from './query/tenant-scope';

/** How long opening a connection may take before the query fails (and its caller parks or retries). */
export const LEDGER_CONNECT_TIMEOUT_MS = 5_000;

const and = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * The hub's delivery ledger in PostgreSQL: what was accepted, where each event went, and what ops
 * did about failures. Writes are bulk (one statement per call) for the router's and worker's hot
 * paths; every read takes the caller's tenant scope. Run runLedgerMigrations before use.
 */
export class DeliveryLedger {
  private readonly t: LedgerTables;
  private ownsPool = false;

  /** On a pool the caller owns (and ends); see connect() for one of its own. */
  constructor(readonly pool: Pool, readonly schema: string = DEFAULT_LEDGER_SCHEMA) {
    this.t = ledgerTables(schema);
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
    const e = rows.map((r) => r.event);
    await this.pool.query(write.insertAccepted(this.t), [
      rows.map((r) => r.eventKey),
      e.map((x) => x.tenant),
      e.map((x) => x.type),
      e.map((x) => x.source),
      e.map((x) => x.id),
      e.map((x) => x.subject),
      rows.map((r) => toIso(r.acceptedAt)),
      e.map((x) => JSON.stringify(x)),
    ]);
  }

  /** Deliveries the router queued; one already recorded keeps its state and first queued time. */
  async recordQueued(rows: readonly QueuedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(write.upsertQueued(this.t), [rows.map((r) => r.eventKey), rows.map((r) => r.target), rows.map((r) => r.tenant), rows.map((r) => toIso(r.at))]);
  }

  /** Outcomes of delivery attempts. Late or repeated rows never move a delivery backwards (see upsertAttempts). */
  async recordAttempts(rows: readonly AttemptRow[]): Promise<void> {
    if (rows.length === 0) return;
    for (const r of rows) {
      if (r.outcome !== 'delivered' && !r.error) throw new InvalidLedgerInputError(`attempt ${r.attempt} of ${r.eventKey} → ${r.target} is ${r.outcome} but carries no error`);
    }
    await this.pool.query(write.upsertAttempts(this.t), [
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

  /** Open dead letters within `tenants` are given up on, with the reason; answers the ones that were. */
  async markDiscarded(keys: readonly DeliveryKey[], reason: string, at: Timestamp, tenants: TenantScope): Promise<DeliveryKey[]> {
    const scope = normaliseScope(tenants);
    if (keys.length === 0) return [];
    const params: unknown[] = [keys.map((k) => k.eventKey), keys.map((k) => k.target), toIso(at), reason];
    if (scope !== '*') params.push(scope);
    return this.keysOf(await this.pool.query(write.markDiscarded(this.t, scope !== '*'), params));
  }

  /** Undoes markReplaying for deliveries still replaying (the requeue failed): they are dead letters again. */
  async revertReplaying(keys: readonly DeliveryKey[], at: Timestamp = new Date()): Promise<DeliveryKey[]> {
    if (keys.length === 0) return [];
    return this.keysOf(await this.pool.query(write.revertReplaying(this.t), [keys.map((k) => k.eventKey), keys.map((k) => k.target), toIso(at)]));
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
    const client = await this.pool.connect();
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
      client.release(discard);
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
    return { eventKey: e.event_key, acceptedAt: e.accepted_at.toISOString(), event: e.event, deliveries: deliveries.rows.map(toDeliveryRecord) };
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
      const [at, key, target] = decodeCursor(page.after, 3);
      where.push(`(d.dead_lettered_at, d.event_key, d.target) < (${p.add(at)}::timestamptz, ${p.add(key)}, ${p.add(target)})`);
    }
    const pageSql = `
      SELECT d.*, e.type, e.subject, e.source, e.event_id, e.event, to_json(d.dead_lettered_at) #>> '{}' AS cursor_at
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
      `SELECT d.*, e.type, e.subject, e.source, e.event_id, e.event, '' AS cursor_at
       FROM ${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key ${and(where)}`,
      p.values,
    );
    return rows[0] && toDeadLetterRecord(rows[0]);
  }

  /** Dead letters counted by cause (fingerprint) and tenant, biggest group first. */
  async groupDeadLetters(filter: DeadLetterFilter): Promise<DeadLetterGroup[]> {
    const p = new SqlParams();
    const where = deadLetterWhere(filter, p);
    const { rows } = await this.pool.query<{ fingerprint: string; tenant: string; count: number; first: Date; last: Date }>(
      `SELECT d.fingerprint, d.tenant, count(*)::int AS count, min(d.dead_lettered_at) AS first, max(d.dead_lettered_at) AS last
       FROM ${this.t.deliveries} d LEFT JOIN ${this.t.events} e ON e.event_key = d.event_key
       ${and(where)}
       GROUP BY d.fingerprint, d.tenant
       ORDER BY count DESC, last DESC, d.fingerprint, d.tenant`,
      p.values,
    );
    return rows.map((r) => ({ fingerprint: r.fingerprint, ...parseFingerprint(r.fingerprint), tenant: r.tenant, count: r.count, first: r.first.toISOString(), last: r.last.toISOString() }));
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
      const [id] = decodeCursor(page.after, 1);
      if (!/^\d+$/.test(id)) throw new InvalidLedgerInputError('invalid paging cursor: pass back the "next" of a previous page');
      where.push(`a.id < ${p.add(id)}::bigint`);
    }
    const pageSql = `SELECT a.* FROM ${this.t.auditLog} a ${and(where)} ORDER BY a.id DESC LIMIT ${p.add(limit + 1)}`;
    const [count, rows] = await Promise.all([this.pool.query<{ total: number }>(countSql, countParams), this.pool.query<AuditRow>(pageSql, p.values)]);
    const more = rows.rows.length > limit;
    const items = rows.rows.slice(0, limit);
    return { items: items.map(toAuditRecord), total: count.rows[0].total, ...(more ? { next: encodeCursor([items[items.length - 1].id]) } : {}) };
  }
}
