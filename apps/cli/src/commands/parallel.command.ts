import { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { table } from '../format';

type Counts = { compared: number; agreed: number; disagreed: number };
interface Side {
  target: string;
  outcome: string;
  state: string;
  error?: { code: string; status?: number; field?: string; message?: string };
}
interface Example {
  eventId: string;
  subject: string;
  type: string;
  reasons: string[];
  primary: Side;
  shadow: Side;
  field?: { path: string; primary?: unknown; shadow?: unknown };
}
/** The parts of GET /v1/parallel-runs/report the CLI prints. */
export interface ReportAnswer extends Counts {
  tenant: string;
  domain: string;
  from: string;
  to: string;
  byReason: Record<string, number>;
  byField: { path: string; count: number }[];
  byDay: ({ day: string } & Counts)[];
  pairs: ({ primary: string; shadow: string } & Counts)[];
  onlyOneSide: { primary: { path: string; count: number }[]; shadow: { path: string; count: number }[] };
  fieldsNotCompared: { note: string; count: number }[];
  examples: { outcome: Example[]; pending: Example[]; fields: Example[] };
  masked: boolean;
}
interface RunsAnswer {
  day: string;
  items: { tenant: string; domain: string; pairs: { primary?: string; shadow: string }[]; today: Counts & { byReason: Record<string, number>; topFields: { path: string; count: number }[] }; waiting: number; lastComparedAt?: string }[];
}

const percent = (c: Counts) => (c.compared ? `${((100 * c.agreed) / c.compared).toFixed(1)}%` : '–');
const answer = (s: Side) => `${s.target}: ${s.outcome}${s.outcome === 'acknowledged' ? '' : ` (${s.state}${s.error ? `, ${s.error.code}${s.error.status ? ` ${s.error.status}` : ''}${s.error.field ? ` ${s.error.field}` : ''}` : ''})`}`;
const value = (v: unknown) => (v === undefined ? '(forgotten)' : JSON.stringify(v));

const MEANING: Record<string, string> = {
  outcome: 'one refused the event, the other acknowledged it',
  pending: 'one had not answered by the deadline',
  fields: 'a canonical field both carry has two values',
};

/** `hub parallel report`: the report as a few plain tables, numbers first. */
export function describeReport(r: ReportAnswer): string {
  const days = r.from === r.to ? r.from : `${r.from} to ${r.to}`;
  const out = [
    `Parallel run ${r.tenant}/${r.domain}, ${days} (UTC)`,
    `compared ${r.compared}, agreed ${r.agreed} (${percent(r)}), disagreed ${r.disagreed}`,
    '',
    'disagreements by reason',
    table(Object.entries(r.byReason).map(([reason, count]) => ({ reason, count, means: MEANING[reason] ?? '' })), ['reason', 'count', 'means'], 64),
    '',
    'disagreeing fields',
    table(r.byField, ['path', 'count'], 64),
    '',
    'per primary and shadow',
    table(r.pairs.map((p) => ({ ...p, agreement: percent(p) })), ['primary', 'shadow', 'compared', 'agreed', 'disagreed', 'agreement']),
  ];
  if (r.byDay.length > 1) out.push('', 'per day', table(r.byDay.map((d) => ({ ...d, agreement: percent(d) })), ['day', 'compared', 'agreed', 'disagreed', 'agreement']));
  const sides = [...r.examples.outcome, ...r.examples.pending].map((e) => ({ reason: e.reasons.includes('pending') ? 'pending' : 'outcome', 'event id': e.eventId, subject: e.subject, primary: answer(e.primary), shadow: answer(e.shadow) }));
  if (sides.length) out.push('', 'examples: outcomes', table(sides, ['reason', 'event id', 'subject', 'primary', 'shadow'], 100));
  const fields = r.examples.fields.map((e) => ({ path: e.field?.path, 'event id': e.eventId, subject: e.subject, primary: value(e.field?.primary), shadow: value(e.field?.shadow) }));
  if (fields.length) out.push('', `examples: fields${r.masked ? ' (personal values masked)' : ''}`, table(fields, ['path', 'event id', 'subject', 'primary', 'shadow'], 64));
  if (r.fieldsNotCompared.length) out.push('', 'fields not compared', table(r.fieldsNotCompared, ['count', 'note'], 100));
  const oneSided = [...r.onlyOneSide.primary.map((f) => ({ 'only in': 'primary', ...f })), ...r.onlyOneSide.shadow.map((f) => ({ 'only in': 'shadow', ...f }))];
  if (oneSided.length) out.push('', 'carried by one side only (not disagreements)', table(oneSided, ['only in', 'path', 'count'], 64));
  return out.join('\n');
}

export function parallelCommand(ctx: CliContext): Command {
  const parallel = new Command('parallel').description("parallel runs: a shadow target beside the primaries, compared event by event (report, list)");

  parallel
    .command('report')
    .description("a run's report: events compared, agreed, disagreed by reason and by field, with examples")
    .requiredOption('--tenant <code>', 'force')
    .requiredOption('--domain <domain>', 'the domain compared, e.g. hr')
    .option('--from <day>', 'first day, YYYY-MM-DD (UTC; default today)')
    .option('--to <day>', 'last day, included (default --from)')
    .action(async (o) => {
      const r = await ctx.api().call<ReportAnswer>('GET', '/v1/parallel-runs/report', { tenant: o.tenant, domain: o.domain, from: o.from, to: o.to });
      ctx.print(r, () => describeReport(r));
    });

  parallel
    .command('list')
    .description("every parallel run within your tenants, with today's agreement")
    .action(async () => {
      const runs = await ctx.api().call<RunsAnswer>('GET', '/v1/parallel-runs');
      ctx.print(runs, () =>
        table(
          runs.items.map((r) => ({
            run: `${r.tenant}/${r.domain}`,
            pairs: r.pairs.map((p) => `${p.primary ?? '?'}→${p.shadow}`).join(' '),
            compared: r.today.compared,
            agreed: r.today.agreed,
            disagreed: r.today.disagreed,
            agreement: percent(r.today),
            'top fields': r.today.topFields.map((f) => `${f.path} (${f.count})`).join(', '),
            waiting: r.waiting,
          })),
          ['run', 'pairs', 'compared', 'agreed', 'disagreed', 'agreement', 'top fields', 'waiting'],
          64,
        ) + `\n(counts of ${runs.day}, UTC)`,
      );
    });

  return parallel;
}
