import type { TargetStatus } from '../../targets/target-status';
import { esc } from './dashboard.view';

// Under DASHBOARD_PATH, written out: dashboard.view.ts imports this file, so its constants are not
// yet defined while this one loads (the view spec checks they agree).
export const TARGET_PAUSE_PATH = '/ops/dashboard/targets/pause';
export const TARGET_RESUME_PATH = '/ops/dashboard/targets/resume';

export const TARGETS_CSS = `.state-open,.state-half-open{color:#a40;font-weight:bold}.state-paused{color:#05a;font-weight:bold}
input.reason{width:16rem}td.num{text-align:right}`;

/** What a pause or resume from the dashboard did, carried in the redirect back to the page. */
export interface TargetActionResult {
  target: string;
  done: 'paused' | 'resumed';
}

export function targetResultQuery(r: TargetActionResult): string {
  return new URLSearchParams({ target: r.target, done: r.done }).toString();
}

export function readTargetResult(q: Record<string, unknown>): TargetActionResult | undefined {
  const { target, done } = q;
  if (typeof target !== 'string' || !/^[a-z][a-z0-9-]{1,62}$/.test(target) || (done !== 'paused' && done !== 'resumed')) return undefined;
  return { target, done };
}

const span = (seconds: number) => {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
};
const at = (iso: string | null) => (iso ? `<time datetime="${esc(iso)}">${esc(iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC'))}</time>` : '');

function breakerCell(t: TargetStatus): string {
  const b = t.breaker;
  if (b.state === 'closed') return b.consecutiveFailures ? `closed (${esc(b.consecutiveFailures)} failure(s) in a row)` : 'closed';
  const why = b.lastFailure ? `, last ${esc(b.lastFailure.reason)}${b.lastFailure.status ? ` ${esc(b.lastFailure.status)}` : ''}` : '';
  const next = b.state === 'half-open' ? 'a probe is out' : `next probe ${at(b.nextProbeAt)}`;
  return `${esc(b.state)} for ${esc(span(b.openSeconds))}${why}; ${next}`;
}

function actionForm(t: TargetStatus, token: string): string {
  const [path, label] = t.paused ? [TARGET_RESUME_PATH, 'Resume'] : [TARGET_PAUSE_PATH, 'Pause'];
  return `<form method="post" action="${path}"><input type="hidden" name="token" value="${esc(token)}"><input type="hidden" name="target" value="${esc(t.id)}">
<input class="reason" type="text" name="reason" required minlength="3" maxlength="500" placeholder="reason (audited)" aria-label="reason to ${label.toLowerCase()} ${esc(t.id)}"> <button type="submit">${label}</button></form>`;
}

function row(t: TargetStatus, token: string | undefined): string {
  const paused = t.paused ? `by <b>${esc(t.paused.by)}</b> ${at(t.paused.since)}: ${esc(t.paused.reason)}` : '';
  return `<tr data-target-id="${esc(t.id)}" data-state="${esc(t.state)}"><td><code>${esc(t.id)}</code></td><td>${esc(t.tenant)}</td>
<td class="state-${esc(t.state)}">${esc(t.state)}</td><td class="num">${esc(t.queue.waiting)}</td><td class="num">${esc(t.queue.delayed)}</td>
<td>${breakerCell(t)}</td><td>${paused}</td><td><a href="/v1/targets/${esc(encodeURIComponent(t.id))}">JSON</a>${token ? actionForm(t, token) : ''}</td></tr>`;
}

/** The targets within the caller's tenants: state, queue, breaker, who paused it; pause and resume for operators. */
export function renderTargets(targets: readonly TargetStatus[], token: string | undefined): string {
  if (targets.length === 0) return '';
  return `<section data-section="targets"><h2>Targets</h2>
<table><thead><tr><th>target</th><th>tenant</th><th>state</th><th>waiting</th><th>retries due</th><th>breaker</th><th>paused</th><th></th></tr></thead>
<tbody>${targets.map((t) => row(t, token)).join('\n')}</tbody></table></section>`;
}

export function targetResultMessage(r: TargetActionResult): string {
  return r.done === 'paused'
    ? `Paused <code>${esc(r.target)}</code>: its deliveries wait until it is resumed.`
    : `Resumed <code>${esc(r.target)}</code>: its waiting deliveries go now, in order.`;
}
