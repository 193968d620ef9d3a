import type { BackfillView } from '@hub/ledger';
import { duration } from './format';

const n = (x: number) => x.toLocaleString('en-GB');
const rateOf = (p: BackfillView['progress']) => p.rate.current ?? p.rate.average;
const eta = (b: BackfillView) => (b.progress.etaSeconds === undefined ? (b.state === 'running' ? 'ETA …' : '') : `ETA ${duration(b.progress.etaSeconds)}`);
const done = (p: BackfillView['progress']) => p.total - p.remaining;

/**
 * One line of progress for a terminal: a bar `width` wide, then percent, done/total, the rate
 * achieved and the ETA, and the state. Redrawn in place (\r) while --watch follows it.
 */
export function progressBar(b: BackfillView, width = 30): string {
  const p = b.progress;
  const filled = Math.max(0, Math.min(width, Math.round((p.percent / 100) * width)));
  const rate = rateOf(p);
  return [
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
    `${p.percent.toFixed(1).padStart(5)}%`,
    `${n(done(p))}/${n(p.total)}`,
    rate === undefined ? '' : `${n(Math.round(rate))}/s`,
    eta(b),
    b.state,
    ...(p.deadLettered ? [`${n(p.deadLettered)} dead-lettered`] : []),
  ]
    .filter(Boolean)
    .join('  ');
}

/** The same as a plain line, for logs and pipes (no TTY): one per poll. */
export function progressLine(b: BackfillView): string {
  const p = b.progress;
  const rate = rateOf(p);
  return `backfill ${b.id} → ${b.target} ${b.state}: ${n(done(p))}/${n(p.total)} (${p.percent.toFixed(1)}%), ${n(p.delivered)} delivered, ${n(p.deadLettered)} dead-lettered${rate === undefined ? '' : `, ${n(Math.round(rate))}/s`}${eta(b) ? `, ${eta(b)}` : ''}`;
}

/** `hub backfill status <id>`: the whole story of one backfill. */
export function describeBackfill(b: BackfillView): string {
  const p = b.progress;
  const window = `${b.from ?? 'the start of the ledger'} to ${b.to}`;
  const open = p.open.queued + p.open.held + p.open.retrying + p.open.replaying;
  return [
    `backfill ${b.id}: ${b.tenant} → ${b.target}, ${b.state}${b.error ? ` (${b.error})` : ''}`,
    `  selected:  ${b.types.join(', ')}${b.subject ? `, subject ${b.subject}` : ''}, accepted ${window}`,
    `  started:   by ${b.createdBy} at ${b.createdAt}${b.runs > 1 ? `, resumed ${b.runs - 1} time(s)` : ''}${b.finishedAt ? `; ended ${b.finishedAt}${b.changedBy ? ` by ${b.changedBy}` : ''}` : ''}`,
    `  progress:  ${progressBar(b)}`,
    `  events:    ${n(p.total)} to send: ${n(p.delivered)} delivered, ${n(p.deadLettered)} dead-lettered, ${n(p.discarded)} discarded, ${n(open)} open (${n(p.open.queued)} queued, ${n(p.open.held)} held, ${n(p.open.retrying)} retrying), ${n(p.skipped)} skipped (the target had them), ${n(p.forgotten)} forgotten by retention`,
    ...(p.heldBehindDeadLetters ? [`  waiting:   ${n(p.heldBehindDeadLetters)} held behind dead letters: replay or discard them (hub dlq list --target ${b.target})`] : []),
    `  rate:      at most ${n(p.rate.limit)}/s${p.rate.current !== undefined ? `, lately ${n(Math.round(p.rate.current))}/s` : ''}${p.rate.average !== undefined ? `, on average ${n(Math.round(p.rate.average))}/s` : ''}`,
  ].join('\n');
}
