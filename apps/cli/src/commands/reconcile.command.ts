import { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { CliContext } from '../cli-context';
import { table } from '../format';

// The parts of GET /v1/reconciliation and /v1/reconciliation/drift the CLI prints.
interface Amount {
  currency: string;
  amountMinor: number;
}
interface Tally {
  events: number;
  money: Amount[];
}
interface Row {
  day: string;
  type: string;
  target: string | null;
  role: 'primary' | 'shadow' | null;
  accepted: Tally;
  unrouted: number;
  routed: Tally;
  delivered: Tally;
  pending: Tally & { late: number };
  deadLettered: Tally;
  discarded: Tally;
  files: { files: number; records: number; totals: { unit: string; currency: string | null; amount: number }[] } | null;
  balanced: boolean;
}
type FileRecord =
  | { direction: 'written'; day: string; type: string; target: string; role: string; fileName: string; kind: string; records: number; controlTotal: number; unit: string; currency: string | null; hub: { state: string; amountMinor: number | null } }
  | {
      direction: 'read'; day: string; dropId: string; fileName: string; kind: string; records: number; controlTotal: number; unit: string; currency: string | null;
      posted: { records: number; total: number }; quarantined: { records: number; total: number }; hub: { events: number; linked: number };
    };
export interface Report {
  tenant: string;
  from: string;
  to: string;
  balanced: boolean;
  rows: Row[];
  shadowRows: Row[];
  files: FileRecord[];
  filesTruncated: boolean;
}
interface Cause extends Tally {
  reason: string;
  deliveryIds: string[];
  late?: number;
  fingerprints?: string[];
  discardReasons?: string[];
}
interface DriftItem {
  day: string;
  type: string;
  target: string;
  role: string;
  routed: Tally;
  delivered: Tally;
  difference: Tally;
  causes: Cause[];
  files?: { files: { files: number }; delivered: Tally };
}
export interface Drift {
  tenant: string;
  from: string;
  to: string;
  balanced: boolean;
  items: DriftItem[];
  shadowItems: DriftItem[];
  files: { day: string; direction: string; fileName: string; where: string; why: string }[];
}

/** Minor units as the currency writes them (GBP 2 decimals, JPY none), without grouping: columns stay plain numbers. */
export function major(amountMinor: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    /* not a currency code Intl knows: two decimals */
  }
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

const money = (t: Tally, c: string) => t.money.find((m) => m.currency === c)?.amountMinor ?? 0;
/** The currencies a row's money is in; none for a type that carries no money. */
const currenciesOf = (r: Row) => [...new Set([r.accepted, r.routed, r.delivered].flatMap((t) => t.money.map((m) => m.currency)))].sort();

/** One line per row and currency (a row without money: one line, no currency). */
function lines(rows: Row[]): Record<string, unknown>[] {
  return rows.flatMap((r) => {
    const cs = currenciesOf(r);
    return (cs.length ? cs : ['']).map((c) => ({
      day: r.day,
      type: r.type,
      target: r.target ?? '(no route)',
      role: r.role ?? '',
      accepted: r.accepted.events,
      routed: r.target ? r.routed.events : '',
      delivered: r.target ? r.delivered.events : '',
      pending: r.pending.events ? `${r.pending.events}${r.pending.late ? ` (${r.pending.late} late)` : ''}` : 0,
      dead: r.deadLettered.events,
      discarded: r.discarded.events,
      currency: c,
      source: c ? major(r.target ? money(r.routed, c) : money(r.accepted, c), c) : '',
      acknowledged: c && r.target ? major(money(r.delivered, c), c) : '',
      difference: c && r.target ? major(money(r.routed, c) - money(r.delivered, c), c) : '',
      files: r.files ? `${r.files.files} (${r.files.records} records)` : '',
      '': r.balanced ? 'ok' : 'DRIFT',
    }));
  });
}

const COLUMNS = ['day', 'type', 'target', 'role', 'accepted', 'routed', 'delivered', 'pending', 'dead', 'discarded', 'currency', 'source', 'acknowledged', 'difference', 'files', ''];
const total = (n: number, unit: string, currency: string | null) => (unit === 'minor-units' ? `${currency ? `${currency} ` : ''}${major(n, currency ?? 'GBP')}` : unit === 'hundredths-of-an-hour' ? `${major(n, 'GBP')} h` : `${n} ${unit}`);

/** `hub reconcile`: the report as readable tables (rows, shadows apart, files). */
export function describeReport(r: Report): string {
  const drifting = r.rows.filter((x) => !x.balanced).length;
  const head = `${r.tenant}, ${r.from} to ${r.to} (UTC days of acceptance): ${r.balanced ? 'balanced' : `DRIFT in ${drifting} of ${r.rows.length} rows${drifting ? '' : ' (files)'}`}`;
  const out = [head, table(lines(r.rows), COLUMNS, 40)];
  if (r.shadowRows.length) out.push('', 'shadow deliveries (parallel run; not counted as the primaries):', table(lines(r.shadowRows), COLUMNS, 40));
  const written = r.files.filter((f): f is Extract<FileRecord, { direction: 'written' }> => f.direction === 'written');
  const read = r.files.filter((f): f is Extract<FileRecord, { direction: 'read' }> => f.direction === 'read');
  if (written.length) {
    out.push('', 'files written (their own control totals, beside the hub’s):', table(written.map((f) => ({
      day: f.day, target: f.target, file: f.fileName, kind: f.kind, records: f.records, 'control total': total(f.controlTotal, f.unit, f.currency),
      hub: f.hub.amountMinor === null ? '' : total(f.hub.amountMinor, f.unit, f.currency), delivery: f.hub.state,
      '': f.unit !== 'minor-units' || f.controlTotal === (f.hub.amountMinor ?? 0) ? 'ok' : 'DRIFT',
    })), ['day', 'target', 'file', 'kind', 'records', 'control total', 'hub', 'delivery', ''], 60));
  }
  if (read.length) {
    out.push('', 'files read (trailer, beside what the hub took of them):', table(read.map((f) => ({
      day: f.day, drop: f.dropId, file: f.fileName, records: f.records, 'control total': total(f.controlTotal, f.unit, f.currency),
      posted: f.posted.records, quarantined: f.quarantined.records ? `${f.quarantined.records} (${total(f.quarantined.total, f.unit, f.currency)})` : 0, 'in hub': f.hub.events,
      '': f.quarantined.records === 0 && f.hub.events >= f.posted.records ? 'ok' : 'DRIFT',
    })), ['day', 'drop', 'file', 'records', 'control total', 'posted', 'quarantined', 'in hub', ''], 60));
  }
  if (r.filesTruncated) out.push(`(more files than shown: narrow the window, --type or --target)`);
  return out.join('\n');
}

const amounts = (t: Tally) => (t.money.length ? t.money.map((m) => `${m.currency} ${major(m.amountMinor, m.currency)}`).join(', ') : '');

function causeLine(c: Cause): string {
  const what = [amounts(c), c.late ? `${c.late} late` : '', ...(c.fingerprints ?? []), ...(c.discardReasons ?? []).map((r) => `"${r}"`)].filter(Boolean).join('; ');
  return `    ${c.events} ${c.reason}${what ? `: ${what}` : ''}${c.deliveryIds.length ? `\n      ${c.deliveryIds.join(' ')}` : ''}`;
}

function itemLines(i: DriftItem): string[] {
  const diff = amounts(i.difference);
  return [
    `  ${i.day} ${i.type} → ${i.target}: ${i.routed.events} routed, ${i.delivered.events} delivered, ${i.difference.events} short${diff ? ` (${diff})` : ''}`,
    ...i.causes.map(causeLine),
    ...(i.files ? [`    files: ${i.files.files.files} written for ${i.files.delivered.events} delivered, or their control totals differ`] : []),
  ];
}

/** `hub reconcile --drift`: each day, type and target that does not reconcile, and why. */
export function describeDrift(d: Drift): string {
  if (d.balanced && d.shadowItems.length === 0) return `${d.tenant}, ${d.from} to ${d.to}: balanced, no drift`;
  return [
    `${d.tenant}, ${d.from} to ${d.to}: ${d.balanced ? 'balanced' : `drift in ${d.items.length} day/type/target(s)${d.files.length ? ` and ${d.files.length} file(s)` : ''}`}`,
    ...d.items.flatMap(itemLines),
    ...(d.files.length ? ['  files:', ...d.files.map((f) => `  ${f.day} ${f.direction} ${f.fileName} (${f.where}): ${f.why}`)] : []),
    ...(d.shadowItems.length ? ['shadow deliveries (parallel run; not counted):', ...d.shadowItems.flatMap(itemLines)] : []),
  ].join('\n');
}

const CSV_COLUMNS = [
  'record', 'tenant', 'day', 'type', 'target', 'role', 'currency',
  'accepted_events', 'accepted_minor', 'routed_events', 'source_minor', 'delivered_events', 'acknowledged_minor',
  'pending_events', 'pending_late', 'pending_minor', 'dead_lettered_events', 'dead_lettered_minor', 'discarded_events', 'discarded_minor', 'difference_events', 'difference_minor',
  'files', 'file_records', 'file_control_total', 'balanced',
  'file_name', 'file_kind', 'file_unit', 'posted_records', 'posted_total', 'quarantined_records', 'quarantined_total', 'hub_events', 'hub_minor',
] as const;

/**
 * `hub reconcile --csv`: for finance's spreadsheet. One line per row and currency (`record`
 * totals or shadow; counts repeat on each currency's line), then one per file (`file-written`,
 * `file-read`). Amounts in minor units, exact.
 */
export function reportCsv(r: Report): string {
  const rowLines = (rows: Row[], record: string) => rows.flatMap((x) => {
    const cs = currenciesOf(x);
    return (cs.length ? cs : ['']).map((c) => {
      const m = (t: Tally) => (c ? money(t, c) : '');
      const fileTotal = x.files?.totals.filter((t) => t.unit === 'minor-units' && (t.currency ?? '') === c).reduce((n, t) => n + t.amount, 0);
      return {
        record, tenant: r.tenant, day: x.day, type: x.type, target: x.target ?? '', role: x.role ?? '', currency: c,
        accepted_events: x.accepted.events, accepted_minor: m(x.accepted), routed_events: x.routed.events, source_minor: m(x.routed),
        delivered_events: x.delivered.events, acknowledged_minor: m(x.delivered), pending_events: x.pending.events, pending_late: x.pending.late, pending_minor: m(x.pending),
        dead_lettered_events: x.deadLettered.events, dead_lettered_minor: m(x.deadLettered), discarded_events: x.discarded.events, discarded_minor: m(x.discarded),
        difference_events: x.routed.events - x.delivered.events, difference_minor: c ? money(x.routed, c) - money(x.delivered, c) : '',
        files: x.files?.files ?? '', file_records: x.files?.records ?? '', file_control_total: x.files ? fileTotal : '', balanced: x.balanced,
      };
    });
  });
  const fileLines = r.files.map((f) => ({
    record: `file-${f.direction}`, tenant: r.tenant, day: f.day, type: f.direction === 'written' ? f.type : '', target: f.direction === 'written' ? f.target : f.dropId,
    role: f.direction === 'written' ? f.role : '', currency: f.currency ?? '', file_records: f.records, file_control_total: f.controlTotal,
    file_name: f.fileName, file_kind: f.kind, file_unit: f.unit,
    ...(f.direction === 'written'
      ? { hub_minor: f.hub.amountMinor ?? '', balanced: f.unit !== 'minor-units' || f.controlTotal === (f.hub.amountMinor ?? 0) }
      : { posted_records: f.posted.records, posted_total: f.posted.total, quarantined_records: f.quarantined.records, quarantined_total: f.quarantined.total, hub_events: f.hub.events, balanced: f.quarantined.records === 0 && f.hub.events >= f.posted.records }),
  }));
  return stringify([...rowLines(r.rows, 'totals'), ...rowLines(r.shadowRows, 'shadow'), ...fileLines], { header: true, columns: [...CSV_COLUMNS], cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

export function reconcileCommand(ctx: CliContext): Command {
  return new Command('reconcile')
    .description("a tenant's control totals per day (UTC, of acceptance), type and target: accepted, routed, delivered, pending, dead-lettered, discarded, money per currency; files' own totals beside the hub's; and the drift check")
    .requiredOption('--tenant <code>', 'force, e.g. fen')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD, included (at most 92 days)')
    .option('--type <type>', 'one event type')
    .option('--target <id>', "one of the tenant's targets")
    .option('--drift', 'only the drift check: what does not reconcile, and why')
    .option('--csv', 'the report as CSV for a spreadsheet: one line per row and currency, then one per file; amounts in minor units')
    .action(async (o) => {
      if (o.csv && o.drift) throw new Error('--csv prints the report (its rows say which drift); leave out --drift');
      const query = { tenant: o.tenant, from: o.from, to: o.to, type: o.type, target: o.target };
      const api = ctx.api();
      if (o.drift) {
        const drift = await api.call<Drift>('GET', '/v1/reconciliation/drift', query);
        ctx.print(drift, () => describeDrift(drift));
        return;
      }
      if (o.csv) {
        const report = await api.call<Report>('GET', '/v1/reconciliation', query);
        ctx.print(report, () => reportCsv(report).trimEnd());
        return;
      }
      const [report, drift] = await Promise.all([api.call<Report>('GET', '/v1/reconciliation', query), api.call<Drift>('GET', '/v1/reconciliation/drift', query)]);
      ctx.print({ ...report, drift }, () => `${describeReport(report)}\n\n${describeDrift(drift)}`);
    });
}
