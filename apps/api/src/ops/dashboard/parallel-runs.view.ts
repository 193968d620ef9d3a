import type { DeadLetterGroup, ParallelRunSummary } from '@hub/ledger';
import type { OpsPrincipal } from '../../auth/principal';
import { esc } from './dashboard.view';

// Under DASHBOARD_PATH, written out (dashboard.view.ts is loaded from here; the spec checks they agree).
export const PARALLEL_RUNS_PATH = '/ops/dashboard/parallel-runs';

export interface ParallelRunsModel {
  principal: OpsPrincipal;
  /** The UTC day the counts are of. */
  day: string;
  runs: readonly ParallelRunSummary[];
  /** Open dead letters of shadow targets, grouped by fingerprint: recorded apart, never alerted on. */
  shadowDeadLetters: readonly DeadLetterGroup[];
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}h1{margin:0 0 .25rem}header p{margin:.25rem 0;color:#555}
h2{border-bottom:2px solid #444;padding-bottom:.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}
code{font-size:.9em;word-break:break-all}.empty{color:#666}.low{color:#a40;font-weight:bold}ul{margin:0;padding-left:1.1rem}`;

/** Agreement as a percentage with one decimal; a dash when nothing was compared. */
export const agreement = (agreed: number, compared: number): string => (compared ? `${((100 * agreed) / compared).toFixed(1)}%` : '–');

const pairs = (r: ParallelRunSummary) => r.pairs.map((p) => `<code>${esc(p.primary ?? '?')}</code> → <code>${esc(p.shadow)}</code>`).join('<br>');
const time = (iso?: string) => (iso ? `<time datetime="${esc(iso)}">${esc(iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC'))}</time>` : '');

function runRow(r: ParallelRunSummary): string {
  const t = r.today;
  const report = `/v1/parallel-runs/report?tenant=${encodeURIComponent(r.tenant)}&domain=${encodeURIComponent(r.domain)}&from=${encodeURIComponent(r.day)}`;
  const fields = t.topFields.length ? `<ul>${t.topFields.map((f) => `<li><code>${esc(f.path)}</code> <span class="count">${esc(f.count)}</span></li>`).join('')}</ul>` : '';
  const low = t.compared > 0 && t.disagreed > 0 ? ' class="num low"' : ' class="num"';
  return `<tr data-run="${esc(`${r.tenant}/${r.domain}`)}"><td>${esc(r.tenant)}</td><td>${esc(r.domain)}</td><td>${pairs(r)}</td>
<td class="num compared">${esc(t.compared)}</td><td class="num agreed">${esc(t.agreed)}</td><td class="num disagreed">${esc(t.disagreed)}</td><td${low} data-agreement>${esc(agreement(t.agreed, t.compared))}</td>
<td class="num outcome">${esc(t.byReason.outcome)}</td><td class="num pending">${esc(t.byReason.pending)}</td><td class="num fields">${esc(t.byReason.fields)}</td>
<td class="top-fields">${fields}</td><td class="num waiting">${esc(r.waiting)}</td><td>${time(r.lastComparedAt)}</td><td><a href="${esc(report)}">report (JSON)</a></td></tr>`;
}

function shadowDeadLetterRow(g: DeadLetterGroup): string {
  return `<tr data-fingerprint="${esc(g.fingerprint)}"><td>${esc(g.tenant)}</td><td><code>${esc(g.target)}</code></td><td><code>${esc(g.fingerprint)}</code></td><td class="num count">${esc(g.count)}</td><td>${time(g.last)}</td></tr>`;
}

/** Every parallel run within the caller's tenants: today's agreement and top disagreeing fields; below, the shadows' open dead letters. */
export function renderParallelRuns(m: ParallelRunsModel): string {
  const p = m.principal;
  const runs = m.runs.length
    ? `<table><thead><tr><th>tenant</th><th>domain</th><th>primary → shadow</th><th>compared</th><th>agreed</th><th>disagreed</th><th>agreement</th>
<th title="one refused, the other acknowledged">outcome</th><th title="one not settled by the deadline">pending</th><th title="a canonical field with two values">fields</th>
<th>top disagreeing fields</th><th title="shadow deliveries not compared yet">waiting</th><th>last compared</th><th></th></tr></thead>
<tbody>${m.runs.map(runRow).join('\n')}</tbody></table>`
    : '<p class="empty">No parallel run within your tenants.</p>';
  const letters = m.shadowDeadLetters.length
    ? `<table><thead><tr><th>tenant</th><th>shadow target</th><th>fingerprint</th><th>count</th><th>last</th></tr></thead><tbody>${m.shadowDeadLetters.map(shadowDeadLetterRow).join('\n')}</tbody></table>`
    : '<p class="empty">No open dead letters of shadow targets.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Parallel runs · ERP hub ops</title><style>${CSS}</style></head>
<body><header><h1>Parallel runs</h1>
<p>Signed in as <b>${esc(p.id)}</b> (${esc(p.roles.join(', '))}) · tenants: ${esc(p.tenants.join(', '))}</p>
<p>Each force's domain delivered to a shadow target beside its primaries, compared event by event. Counts are of <b>${esc(m.day)}</b> (UTC, the day the hub accepted the events).
<a href="/ops/dashboard">Dead letters and targets</a> · <a href="/v1/parallel-runs">runs as JSON</a> (the JSON links are the API's, which takes the token as Bearer only)</p></header>
<main><section data-section="parallel-runs"><h2>Runs</h2>${runs}</section>
<section data-section="shadow-dead-letters"><h2>Shadow dead letters <span class="total">recorded apart: they never hold or alert a primary</span></h2>
<p>What a shadow target refused is a finding of its run. Read it in the run's report; replay with <code>hub dlq replay --role shadow --fingerprint '…'</code> once the shadow is fixed.</p>${letters}</section></main>
</body></html>
`;
}
