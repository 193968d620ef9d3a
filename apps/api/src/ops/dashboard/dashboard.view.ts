import type { DeadLetterGroup, QuarantineRecord } from '@hub/ledger';
import type { OpsPrincipal } from '../../auth/principal';
import { BULL_BOARD_PATH } from '../bull-board';
import type { TargetStatus } from '../../targets/target-status';
import type { QuarantineResult, ReplayResult } from './replay-result';
import { RECONCILIATION_PATH } from './reconciliation.view';
import { renderTargets, TARGETS_CSS, TargetActionResult, targetResultMessage } from './targets.view';
import { LANDSCAPE_CSS, LandscapeSummary, renderLandscape } from './landscape.view';

export const DASHBOARD_PATH = '/ops/dashboard';
export const REPLAY_PATH = `${DASHBOARD_PATH}/replay`;
export const QUARANTINE_RELEASE_PATH = `${DASHBOARD_PATH}/quarantine/release`;
export const QUARANTINE_DISCARD_PATH = `${DASHBOARD_PATH}/quarantine/discard`;

/** What the page shows of a quarantined message: attributes and why, never its data. */
export type QuarantineSummary = Pick<QuarantineRecord, 'id' | 'tenant' | 'type' | 'subject' | 'eventId' | 'reason' | 'message' | 'problems' | 'quarantinedAt' | 'timesQuarantined'>;

export interface DashboardModel {
  principal: OpsPrincipal;
  groups: readonly DeadLetterGroup[];
  /** Only for operators: the hidden token each replay form carries. Without it no form is drawn. */
  formToken?: string;
  result?: ReplayResult;
  /** Open quarantined messages within the caller's tenants, newest first (at most a page), and how many there are in all. */
  quarantine?: { items: readonly QuarantineSummary[]; total: number };
  quarantineResult?: QuarantineResult;
  /** The targets within the caller's tenants, with a pause or resume form each for operators. */
  targets?: readonly TargetStatus[];
  targetResult?: TargetActionResult;
  /** The landscape version this API runs on and the migration stages within the caller's tenants. */
  landscape?: LandscapeSummary;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value on the page goes through this: fingerprints and reasons come from target answers. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export const DASHBOARD_CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}h1{margin:0 0 .25rem}
header p{margin:.25rem 0;color:#555}h2{border-bottom:2px solid #444;padding-bottom:.2rem;margin-top:2rem}
h3{margin:1.2rem 0 .4rem}.total{font-weight:normal;color:#666;font-size:.85em}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f3f3f3}td.count{text-align:right;font-weight:bold}code{font-size:.9em;word-break:break-all}
form{display:inline;margin-left:.5rem}button{cursor:pointer}.secondary{background:#fff}
.result{padding:.6rem .8rem;background:#eef7ee;border:1px solid #9c9}.empty{color:#666}`;

const sum = (groups: readonly DeadLetterGroup[]) => groups.reduce((n, g) => n + g.count, 0);

function groupBy(groups: readonly DeadLetterGroup[], key: (g: DeadLetterGroup) => string): [string, DeadLetterGroup[]][] {
  const by = new Map<string, DeadLetterGroup[]>();
  for (const g of groups) by.set(key(g), [...(by.get(key(g)) ?? []), g]);
  return [...by].sort(([a], [b]) => a.localeCompare(b));
}

const time = (iso: string) => `<time datetime="${esc(iso)}">${esc(iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC'))}</time>`;

function replayForm(g: DeadLetterGroup, token: string): string {
  return `<form method="post" action="${REPLAY_PATH}">
<input type="hidden" name="token" value="${esc(token)}"><input type="hidden" name="tenant" value="${esc(g.tenant)}"><input type="hidden" name="fingerprint" value="${esc(g.fingerprint)}">
<button type="submit" name="action" value="replay">Replay</button> <button type="submit" name="action" value="dry-run" class="secondary">Dry run</button></form>`;
}

function row(g: DeadLetterGroup, token: string | undefined): string {
  const json = `/v1/dead-letters?fingerprint=${encodeURIComponent(g.fingerprint)}`;
  return `<tr data-fingerprint="${esc(g.fingerprint)}"><td><code>${esc(g.fingerprint)}</code></td><td>${esc(g.reason)}</td><td>${esc(g.fieldOrStatus ?? '')}</td>
<td class="count">${esc(g.count)}</td><td class="holding">${esc(g.holding)}</td><td>${time(g.first)}</td><td>${time(g.last)}</td>
<td><a href="${esc(json)}">JSON</a>${token ? replayForm(g, token) : ''}</td></tr>`;
}

function targetSection(target: string, groups: DeadLetterGroup[], token: string | undefined): string {
  return `<section data-target="${esc(target)}"><h3>${esc(target)} <span class="total">${esc(sum(groups))} open</span></h3>
<table><thead><tr><th>fingerprint</th><th>reason</th><th>field / status</th><th>count</th><th title="later deliveries of the same subjects waiting behind these (order per subject)">holding</th><th>first</th><th>last</th><th></th></tr></thead>
<tbody>${groups.map((g) => row(g, token)).join('\n')}</tbody></table></section>`;
}

function tenantSection(tenant: string, groups: DeadLetterGroup[], token: string | undefined): string {
  const targets = groupBy(groups, (g) => g.target).map(([t, gs]) => targetSection(t, gs, token));
  return `<section data-tenant="${esc(tenant)}"><h2>${esc(tenant)} <span class="total">${esc(sum(groups))} open</span></h2>\n${targets.join('\n')}</section>`;
}

function resultMessage(r: ReplayResult): string {
  const what = `<code>${esc(r.fingerprint)}</code> (${esc(r.tenant)})`;
  if (r.dryRun) return `Dry run for ${what}: ${esc(r.replayed)} of ${esc(r.matched)} open dead letters would be replayed.`;
  if (r.matched === 0) return `Nothing replayed for ${what}: no open dead letter is waiting for replay.`;
  const extra = [r.skipped ? `${esc(r.skipped)} already being replayed` : '', r.failed ? `${esc(r.failed)} could not be queued` : ''].filter(Boolean);
  return `Replayed ${esc(r.replayed)} of ${esc(r.matched)} dead letters for ${what}${extra.length ? `; ${extra.join(', ')}` : ''}. They leave this page once the target acknowledges them.`;
}

function quarantineForms(q: QuarantineSummary, token: string): string {
  const hidden = `<input type="hidden" name="token" value="${esc(token)}"><input type="hidden" name="id" value="${esc(q.id)}">`;
  return `<form method="post" action="${QUARANTINE_RELEASE_PATH}">${hidden}<input name="note" placeholder="note (optional)" maxlength="500"> <button type="submit">Release</button></form>
<form method="post" action="${QUARANTINE_DISCARD_PATH}">${hidden}<input name="reason" placeholder="reason (required)" required minlength="3" maxlength="500"> <button type="submit" class="secondary">Discard</button></form>`;
}

function quarantineRow(q: QuarantineSummary, token: string | undefined): string {
  const first = q.problems[0];
  return `<tr data-quarantine-id="${esc(q.id)}"><td>${esc(q.id)}</td><td>${esc(q.tenant ?? '(unreadable)')}</td><td>${esc(q.reason)}</td>
<td><code>${esc(q.type ?? '')}</code></td><td>${esc(q.subject ?? '')}</td><td><code>${esc(q.eventId ?? '')}</code></td>
<td>${esc(q.message)}${first ? `<br><code>${esc(first.path)}</code> ${esc(first.message)}` : ''}</td><td class="count">${esc(q.timesQuarantined)}</td><td>${time(q.quarantinedAt)}</td>
<td><a href="/v1/quarantine/${esc(encodeURIComponent(q.id))}">JSON</a>${token ? quarantineForms(q, token) : ''}</td></tr>`;
}

function quarantineSection(q: NonNullable<DashboardModel['quarantine']>, token: string | undefined): string {
  const more = q.total > q.items.length ? ` <span class="total">(newest ${esc(q.items.length)} shown: <a href="/v1/quarantine">all as JSON</a>)</span>` : '';
  const body = q.items.length
    ? `<table><thead><tr><th>id</th><th>tenant</th><th>reason</th><th>type</th><th>subject</th><th>event id</th><th>why</th><th>times</th><th>quarantined</th><th></th></tr></thead>
<tbody>${q.items.map((i) => quarantineRow(i, token)).join('\n')}</tbody></table>`
    : '<p class="empty">No open quarantined messages within your tenants.</p>';
  return `<section id="quarantine"><h2>Quarantined messages <span class="total">${esc(q.total)} open</span>${more}</h2>
<p>Kafka messages the router could not route and never will as they are. Release one once its cause is fixed (it goes back on its topic as it was), or discard it with a reason.</p>
${body}</section>`;
}

function quarantineMessage(r: QuarantineResult): string {
  if (r.outcome === 'released') return `Quarantined message ${esc(r.id)} was put back on its topic. If it fails again, it is quarantined again.`;
  if (r.outcome === 'discarded') return `Quarantined message ${esc(r.id)} was discarded.`;
  return `Quarantined message ${esc(r.id)} was not released: Kafka did not take it. It is still open; try again later.`;
}

/** The whole page: open dead letters per tenant, then target, one row per error fingerprint; then the open quarantine. */
export function renderDashboard(m: DashboardModel): string {
  const p = m.principal;
  const tenants = groupBy(m.groups, (g) => g.tenant).map(([t, gs]) => tenantSection(t, gs, m.formToken));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dead letters · ERP hub ops</title><style>${DASHBOARD_CSS}
${TARGETS_CSS}
${LANDSCAPE_CSS}</style></head>
<body><header><h1>Dead letters</h1>
<p>Signed in as <b>${esc(p.id)}</b> (${esc(p.roles.join(', '))}) · tenants: ${esc(p.tenants.join(', '))}</p>
<p>Open dead letters grouped by error fingerprint (primaries: a shadow target's are on <a href="${DASHBOARD_PATH}/parallel-runs">Parallel runs</a>). <a href="${BULL_BOARD_PATH}">Queues (Bull Board)</a> · <a href="${RECONCILIATION_PATH}">Reconciliation</a> · <a href="/v1/dead-letters/groups">groups as JSON</a>
(the JSON links are the API's, which takes the token as Bearer only)</p></header>
${m.result ? `<p class="result" role="status">${resultMessage(m.result)}</p>` : ''}${m.quarantineResult ? `<p class="result" role="status">${quarantineMessage(m.quarantineResult)}</p>` : ''}
${m.targetResult ? `<p class="result" role="status">${targetResultMessage(m.targetResult)}</p>` : ''}
<main>${m.landscape ? renderLandscape(m.landscape) : ''}
${renderTargets(m.targets ?? [], m.formToken)}
${tenants.length ? tenants.join('\n') : '<p class="empty">No open dead letters within your tenants.</p>'}
${m.quarantine ? quarantineSection(m.quarantine, m.formToken) : ''}</main>
</body></html>
`;
}
