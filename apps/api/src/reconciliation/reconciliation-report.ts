// Pure: the ledger's aggregates (ReconciliationTotals) → the report's rows, one per day, type,
// target and role, and the drift check over them. The source side of a target is what was
// accepted and routed to it (from the events' data); its target side is what it acknowledged
// (deliveries delivered). The difference is explained, delivery by delivery, by the states the
// others are in: pending (queued, held, retrying, replaying), dead-lettered (open), discarded.
import type { DeliveryRole, FileTotalsRecord, ReconciliationTotals, UndeliveredSample } from '@hub/ledger';

export interface Amount {
  currency: string;
  amountMinor: number;
}

/** A count (of events, or of deliveries: one per event and target) and its money per currency. */
export interface Tally {
  events: number;
  money: Amount[];
}

export const PENDING_STATES = ['queued', 'held', 'retrying', 'replaying'] as const;
export type PendingState = (typeof PENDING_STATES)[number];

export interface PendingTally extends Tally {
  /** Of these, queued longer ago than the grace period (RECONCILE_GRACE_MS). */
  late: number;
  byState: Record<PendingState, number>;
}

/** The control totals of the files a target connector wrote for these deliveries. */
export interface FilesTally {
  files: number;
  records: number;
  totals: { unit: string; currency: string | null; amount: number }[];
}

export interface ReconciliationRow {
  day: string;
  type: string;
  /** null: the type's events that day went to no target at all (a type-level row, when no target is asked for). */
  target: string | null;
  role: DeliveryRole | null;
  /** Every event of the type accepted that day, and how many no route sent anywhere. */
  accepted: Tally;
  unrouted: number;
  /** Source side: accepted and routed to this target. */
  routed: Tally;
  /** Target side: acknowledged by it. */
  delivered: Tally;
  pending: PendingTally;
  deadLettered: Tally;
  discarded: Tally;
  /** Files written for the delivered ones, when the connector writes files that carry control totals. */
  files: FilesTally | null;
  /** Source = target (counts and money), and the files' totals agree with what was delivered. */
  balanced: boolean;
}

type Sums = { events: number; money: Map<string, number> };
const empty = (): Sums => ({ events: 0, money: new Map() });
const add = (s: Sums, events: number, currency?: string, amount?: number) => {
  s.events += events;
  if (currency !== undefined && amount !== undefined) s.money.set(currency, (s.money.get(currency) ?? 0) + amount);
};
const tally = (s: Sums): Tally => ({ events: s.events, money: [...s.money].filter(([, a]) => a !== 0 || s.events > 0).sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor })) });

/** Money per currency of a tally, 0 where it has none. */
export const amountIn = (t: Tally, currency: string) => t.money.find((m) => m.currency === currency)?.amountMinor ?? 0;
const currencies = (...ts: Tally[]) => [...new Set(ts.flatMap((t) => t.money.map((m) => m.currency)))].sort();

/** a − b, per count and currency. */
export function minus(a: Tally, b: Tally): Tally {
  return { events: a.events - b.events, money: currencies(a, b).map((currency) => ({ currency, amountMinor: amountIn(a, currency) - amountIn(b, currency) })).filter((m) => m.amountMinor !== 0) };
}

const same = (a: Tally, b: Tally) => a.events === b.events && currencies(a, b).every((c) => amountIn(a, c) === amountIn(b, c));

/**
 * Written files agree with what was delivered when there is one per delivered event and their
 * control totals in minor units are the delivered money, currency by currency (a file of a type
 * without money, such as a cost-centre segment import, totals 0).
 */
export function filesAgree(files: FilesTally, delivered: Tally): boolean {
  if (files.files !== delivered.events) return false;
  const money = files.totals.filter((t) => t.unit === 'minor-units');
  const inFiles = (c: string) => money.filter((t) => t.currency === c).reduce((n, t) => n + t.amount, 0);
  const named = [...new Set([...money.map((t) => t.currency).filter((c): c is string => c !== null), ...delivered.money.map((m) => m.currency)])];
  return named.every((c) => inFiles(c) === amountIn(delivered, c)) && money.filter((t) => t.currency === null).every((t) => t.amount === 0);
}

const rowKey = (day: string, type: string, target: string | null, role: string | null) => `${day}\u0000${type}\u0000${target ?? ''}\u0000${role ?? ''}`;

/**
 * The report's rows, sorted by day, type, role (primaries first) and target. A type-level row
 * (target null) stands for a day's events of a type that went to no target; with a target asked
 * for, only that target's rows.
 */
export function reportRows(t: ReconciliationTotals, targetAsked: boolean): ReconciliationRow[] {
  const accepted = new Map<string, Sums & { unrouted: number }>();
  for (const a of t.accepted) accepted.set(rowKey(a.day, a.type, null, null), { ...empty(), events: a.events, unrouted: a.unrouted });
  for (const m of t.acceptedMoney) add(accepted.get(rowKey(m.day, m.type, null, null)) ?? { ...empty(), unrouted: 0 }, 0, m.currency, m.amountMinor);

  type Building = { day: string; type: string; target: string; role: DeliveryRole; routed: Sums; delivered: Sums; pending: Sums; deadLettered: Sums; discarded: Sums; late: number; byState: Record<PendingState, number>; files: FilesTally | null };
  const rows = new Map<string, Building>();
  const rowOf = (r: { day: string; type: string; target: string; role: DeliveryRole }) => {
    const k = rowKey(r.day, r.type, r.target, r.role);
    let b = rows.get(k);
    if (!b) {
      b = { day: r.day, type: r.type, target: r.target, role: r.role, routed: empty(), delivered: empty(), pending: empty(), deadLettered: empty(), discarded: empty(), late: 0, byState: { queued: 0, held: 0, retrying: 0, replaying: 0 }, files: null };
      rows.set(k, b);
    }
    return b;
  };
  const bucket = (b: Building, state: string): Sums | undefined =>
    state === 'delivered' ? b.delivered : state === 'dead-lettered' ? b.deadLettered : state === 'discarded' ? b.discarded : (PENDING_STATES as readonly string[]).includes(state) ? b.pending : undefined;
  for (const d of t.deliveries) {
    const b = rowOf(d);
    add(b.routed, d.deliveries);
    const into = bucket(b, d.state);
    if (!into) throw new Error(`delivery state "${d.state}" is not one reconciliation knows`);
    add(into, d.deliveries);
    if (into === b.pending) {
      b.byState[d.state as PendingState] += d.deliveries;
      b.late += d.late;
    }
  }
  for (const m of t.deliveryMoney) {
    const b = rowOf(m);
    add(b.routed, 0, m.currency, m.amountMinor);
    add(bucket(b, m.state)!, 0, m.currency, m.amountMinor);
  }
  for (const f of t.writtenFiles) {
    const b = rowOf(f);
    b.files ??= { files: 0, records: 0, totals: [] };
    b.files.files += f.files;
    b.files.records += f.records;
    b.files.totals.push({ unit: f.unit, currency: f.currency, amount: f.controlTotal });
  }

  const out: ReconciliationRow[] = [];
  const acceptedOf = (day: string, type: string) => accepted.get(rowKey(day, type, null, null)) ?? { ...empty(), unrouted: 0 };
  const withTargets = new Set<string>();
  for (const b of rows.values()) {
    withTargets.add(rowKey(b.day, b.type, null, null));
    const a = acceptedOf(b.day, b.type);
    const routed = tally(b.routed);
    const delivered = tally(b.delivered);
    out.push({
      day: b.day, type: b.type, target: b.target, role: b.role,
      accepted: tally(a), unrouted: a.unrouted, routed, delivered,
      pending: { ...tally(b.pending), late: b.late, byState: b.byState },
      deadLettered: tally(b.deadLettered), discarded: tally(b.discarded),
      files: b.files,
      balanced: same(routed, delivered) && (b.files === null || filesAgree(b.files, delivered)),
    });
  }
  if (!targetAsked) {
    for (const a of t.accepted) {
      if (withTargets.has(rowKey(a.day, a.type, null, null))) continue;
      const s = acceptedOf(a.day, a.type);
      const none = tally(empty());
      out.push({
        day: a.day, type: a.type, target: null, role: null, accepted: tally(s), unrouted: s.unrouted, routed: none, delivered: none,
        pending: { ...none, late: 0, byState: { queued: 0, held: 0, retrying: 0, replaying: 0 } }, deadLettered: none, discarded: none, files: null, balanced: true,
      });
    }
  }
  const roleOrder = (r: DeliveryRole | null) => (r === 'shadow' ? 1 : 0);
  return out.sort((x, y) => x.day.localeCompare(y.day) || x.type.localeCompare(y.type) || roleOrder(x.role) - roleOrder(y.role) || (x.target ?? '').localeCompare(y.target ?? ''));
}

// ---------------------------------------------------------------- drift

export type DriftReason = 'pending' | 'dead-lettered' | 'discarded';

/** One reason part of a difference is, with the deliveries to act on. */
export interface DriftCause extends Tally {
  reason: DriftReason;
  /** Up to a few: `<target>.<event key>`, the ids `hub dlq show|replay|discard` and the trace take. */
  deliveryIds: string[];
  /** pending: how many are late (queued longer ago than the grace period), and in which state. */
  late?: number;
  byState?: Partial<Record<PendingState, number>>;
  /** dead-lettered: their error fingerprints (`hub dlq group`). */
  fingerprints?: string[];
  /** discarded: the reasons ops gave. */
  discardReasons?: string[];
}

export interface DriftItem {
  day: string;
  type: string;
  target: string;
  role: DeliveryRole;
  routed: Tally;
  delivered: Tally;
  /** routed − delivered: the sum of the causes. */
  difference: Tally;
  causes: DriftCause[];
  /** The written files disagree with what was delivered (count or control total). */
  files?: { files: FilesTally; delivered: Tally };
}

/** A file whose own totals and the hub's differ, and why. */
export interface FileDrift {
  day: string;
  direction: 'written' | 'read';
  fileName: string;
  kind: string;
  /** The target that wrote it, or the drop it was read from. */
  where: string;
  why: string;
}

/** The drift items of the rows: every row with a target where source and target side disagree. */
export function driftOf(rows: readonly ReconciliationRow[], samples: readonly UndeliveredSample[]): DriftItem[] {
  const sampled = new Map(samples.map((s) => [rowKey(s.day, s.type, s.target, s.role) + `\u0000${s.state}`, s]));
  const of = (r: ReconciliationRow, states: readonly string[]) => states.map((s) => sampled.get(rowKey(r.day, r.type, r.target, r.role) + `\u0000${s}`)).filter((s): s is UndeliveredSample => s !== undefined);
  const items: DriftItem[] = [];
  for (const r of rows) {
    if (r.balanced || r.target === null || r.role === null) continue;
    const causes: DriftCause[] = [];
    if (r.pending.events) {
      const byState = Object.fromEntries(Object.entries(r.pending.byState).filter(([, n]) => n > 0)) as Partial<Record<PendingState, number>>;
      causes.push({ reason: 'pending', events: r.pending.events, money: r.pending.money, late: r.pending.late, byState, deliveryIds: of(r, PENDING_STATES).flatMap((s) => s.deliveryIds) });
    }
    if (r.deadLettered.events) {
      const s = of(r, ['dead-lettered']);
      causes.push({ reason: 'dead-lettered', ...r.deadLettered, deliveryIds: s.flatMap((x) => x.deliveryIds), fingerprints: s.flatMap((x) => x.fingerprints) });
    }
    if (r.discarded.events) {
      const s = of(r, ['discarded']);
      causes.push({ reason: 'discarded', ...r.discarded, deliveryIds: s.flatMap((x) => x.deliveryIds), discardReasons: s.flatMap((x) => x.discardReasons).slice(0, 10) });
    }
    const item: DriftItem = { day: r.day, type: r.type, target: r.target, role: r.role, routed: r.routed, delivered: r.delivered, difference: minus(r.routed, r.delivered), causes };
    if (r.files && !filesAgree(r.files, r.delivered)) item.files = { files: r.files, delivered: r.delivered };
    items.push(item);
  }
  return items;
}

const units = (unit: string, n: number, currency: string | null) => (unit === 'minor-units' ? `${n} minor units${currency ? ` ${currency}` : ''}` : `${n} ${unit}`);

/**
 * Files whose totals and the hub's differ. Written: the file's control total is not the money of
 * the event it carries. Read: records the gateway quarantined (the trailer counts them, the hub
 * has no event of them), or events it posted that the ledger does not have (yet).
 */
export function fileDriftOf(files: readonly FileTotalsRecord[]): FileDrift[] {
  const out: FileDrift[] = [];
  for (const f of files) {
    const base = { day: f.day, direction: f.direction, fileName: f.fileName, kind: f.kind };
    if (f.direction === 'written') {
      const hub = f.hub.amountMinor ?? 0;
      if (f.unit === 'minor-units' && f.controlTotal !== hub) out.push({ ...base, where: f.target, why: `control total ${units(f.unit, f.controlTotal, f.currency)}, the hub's event ${units(f.unit, hub, f.currency)}` });
      continue;
    }
    const why: string[] = [];
    if (f.quarantined.records) why.push(`${f.quarantined.records} of ${f.records} records quarantined by the gateway (${units(f.unit, f.quarantined.total, f.currency)} of the trailer's ${units(f.unit, f.controlTotal, f.currency)})`);
    if (f.hub.events < f.posted.records) why.push(`${f.posted.records - f.hub.events} of the ${f.posted.records} records posted are not in the ledger (yet, or quarantined by the router)`);
    if (why.length) out.push({ ...base, where: f.dropId, why: why.join('; ') });
  }
  return out;
}
