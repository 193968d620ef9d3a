import type { FileTotalsRecord } from '@hub/ledger';
import type { OpsPrincipal } from '../../auth/principal';
import type { DriftItem, ReconciliationRow, Tally } from '../../reconciliation/reconciliation-report';
import type { DriftReport, ReconciliationReport } from '../../reconciliation/reconciliation.service';
import { DASHBOARD_CSS, esc } from './dashboard.view';

// Written out, not built from DASHBOARD_PATH: dashboard.view.ts imports this file for its link.
export const RECONCILIATION_PATH = '/ops/dashboard/reconciliation';

export interface ReconciliationPageModel {
  principal: OpsPrincipal;
  /** The caller's tenants, for the form; and the window shown. */
  tenants: readonly string[];
  window: { tenant?: string; from: string; to: string };
  reports: readonly { report: ReconciliationReport; drift: DriftReport }[];
}

const CSS = `tr.drift td{background:#fdecea}tr.drift td.status{color:#a00;font-weight:bold}td.status{color:#060}
td.num,th.num{text-align:right}.causes{margin:.2rem 0 .6rem 1rem;padding:0}.causes li{margin:.1rem 0}
section.day{margin-left:.5rem}form.window{display:block;margin:.5rem 0}form.window label{margin-right:.8rem}`;

/** Minor units as the currency writes them, e.g. GBP 1234.56. */
function amount(currency: string, minor: number): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    /* unknown code: two decimals */
  }
  return `${esc(currency)} ${esc((minor / 10 ** digits).toFixed(digits))}`;
}

const moneyOf = (t: Tally) => (t.money.length ? t.money.map((m) => amount(m.currency, m.amountMinor)).join('<br>') : '');

function row(r: ReconciliationRow): string {
  const drift = !r.balanced;
  const target = r.target === null ? '<i>no route</i>' : `<code>${esc(r.target)}</code>`;
  const pending = r.pending.events ? `${esc(r.pending.events)}${r.pending.late ? ` <span title="queued longer ago than the grace period">(${esc(r.pending.late)} late)</span>` : ''}` : '0';
  const files = r.files ? `${esc(r.files.files)} (${esc(r.files.records)} records)` : '';
  return `<tr data-type="${esc(r.type)}" data-target="${esc(r.target ?? '')}" data-balanced="${r.balanced}"${drift ? ' class="drift"' : ''}>
<td><code>${esc(r.type)}</code></td><td>${target}</td><td class="num">${esc(r.accepted.events)}</td><td class="num">${r.target ? esc(r.routed.events) : ''}</td>
<td class="num">${r.target ? esc(r.delivered.events) : ''}</td><td class="num">${pending}</td><td class="num">${esc(r.deadLettered.events)}</td><td class="num">${esc(r.discarded.events)}</td>
<td class="num">${moneyOf(r.target ? r.routed : r.accepted)}</td><td class="num">${r.target ? moneyOf(r.delivered) : ''}</td><td>${files}</td>
<td class="status">${drift ? 'DRIFT' : 'ok'}</td></tr>`;
}

const HEAD = `<thead><tr><th>type</th><th>target</th><th class="num">accepted</th><th class="num">routed</th><th class="num">delivered</th><th class="num">pending</th>
<th class="num">dead-lettered</th><th class="num">discarded</th><th class="num">source</th><th class="num">acknowledged</th><th>files written</th><th></th></tr></thead>`;

function causes(i: DriftItem): string {
  const lis = i.causes.map((c) => {
    const extra = [c.late ? `${c.late} late` : '', ...(c.fingerprints ?? []).map((f) => `<code>${esc(f)}</code>`), ...(c.discardReasons ?? []).map((d) => `“${esc(d)}”`)].filter(Boolean).join('; ');
    const ids = c.deliveryIds.length ? `<br><small>${c.deliveryIds.map((id) => `<code>${esc(id)}</code>`).join(' ')}</small>` : '';
    return `<li data-reason="${esc(c.reason)}">${esc(c.events)} ${esc(c.reason)}${c.money.length ? `: ${moneyOf(c).replace(/<br>/g, ', ')}` : ''}${extra ? ` (${extra})` : ''}${ids}</li>`;
  });
  if (i.files) lis.push(`<li data-reason="files">${esc(i.files.files.files)} file(s) written for ${esc(i.files.delivered.events)} delivered, or their control totals differ</li>`);
  return `<p><code>${esc(i.type)}</code> → <code>${esc(i.target)}</code>: ${esc(i.difference.events)} short${i.difference.money.length ? ` (${moneyOf(i.difference).replace(/<br>/g, ', ')})` : ''}</p><ul class="causes">${lis.join('')}</ul>`;
}

function day(d: string, rows: ReconciliationRow[], shadows: ReconciliationRow[], drift: DriftItem[], shadowDrift: DriftItem[]): string {
  const off = rows.filter((r) => !r.balanced).length;
  return `<section class="day" data-day="${esc(d)}"><h3>${esc(d)} <span class="total">${off ? `${esc(off)} drifting` : 'balanced'}</span></h3>
<table>${HEAD}<tbody>${rows.map(row).join('\n')}</tbody></table>
${drift.length ? `<div class="drift-causes">${drift.map(causes).join('')}</div>` : ''}
${shadows.length ? `<h4>Shadow deliveries (parallel run, not counted as the primaries')</h4><table data-shadow="true">${HEAD}<tbody>${shadows.map(row).join('\n')}</tbody></table>${shadowDrift.map(causes).join('')}` : ''}
</section>`;
}

function filesTable(files: readonly FileTotalsRecord[]): string {
  if (files.length === 0) return '';
  const unit = (f: FileTotalsRecord, n: number) => (f.unit === 'minor-units' ? (f.currency ? amount(f.currency, n) : esc(String(n))) : `${esc((n / 100).toFixed(2))} h`);
  const rows = files.map((f) => {
    const ok = f.direction === 'written' ? f.unit !== 'minor-units' || f.controlTotal === (f.hub.amountMinor ?? 0) : f.quarantined.records === 0 && f.hub.events >= f.posted.records;
    const hub = f.direction === 'written'
      ? `${f.hub.amountMinor === null ? '' : unit(f, f.hub.amountMinor)} (${esc(f.hub.state)})`
      : `${esc(f.posted.records)} posted, ${esc(f.quarantined.records)} quarantined${f.quarantined.records ? ` (${unit(f, f.quarantined.total)})` : ''}, ${esc(f.hub.events)} in the ledger`;
    return `<tr data-file="${esc(f.fileName)}" data-balanced="${ok}"${ok ? '' : ' class="drift"'}><td>${esc(f.day)}</td><td>${esc(f.direction)}</td><td><code>${esc(f.direction === 'written' ? f.target : f.dropId)}</code></td>
<td><code>${esc(f.fileName)}</code></td><td>${esc(f.kind)}</td><td class="num">${esc(f.records)}</td><td class="num">${unit(f, f.controlTotal)}</td><td>${hub}</td><td class="status">${ok ? 'ok' : 'DRIFT'}</td></tr>`;
  });
  return `<h3>Files that carry control totals</h3><table data-files="true"><thead><tr><th>day</th><th></th><th>where</th><th>file</th><th>kind</th><th class="num">records</th><th class="num">control total</th><th>the hub's</th><th></th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function tenantSection({ report, drift }: { report: ReconciliationReport; drift: DriftReport }): string {
  const days = [...new Set([...report.rows, ...report.shadowRows].map((r) => r.day))].sort();
  const of = <T extends { day: string }>(xs: readonly T[], d: string) => xs.filter((x) => x.day === d);
  const json = `/v1/reconciliation?${new URLSearchParams({ tenant: report.tenant, from: report.from, to: report.to })}`;
  return `<section data-tenant="${esc(report.tenant)}" data-balanced="${report.balanced}"><h2>${esc(report.tenant)} <span class="total">${report.balanced ? 'balanced' : 'does not reconcile'}</span></h2>
<p>${esc(report.from)} to ${esc(report.to)}, days of acceptance in UTC. <a href="${esc(json)}">as JSON</a> · <a href="${esc(json.replace('/v1/reconciliation?', '/v1/reconciliation/drift?'))}">drift as JSON</a></p>
${days.length ? days.map((d) => day(d, of(report.rows, d), of(report.shadowRows, d), of(drift.items, d), of(drift.shadowItems, d))).join('\n') : '<p class="empty">No events accepted in these days.</p>'}
${filesTable(report.files)}${report.filesTruncated ? '<p class="empty">More files than shown: narrow the window.</p>' : ''}</section>`;
}

/** The reconciliation page: a window form, then per tenant and day the control totals, drift highlighted and explained. */
export function renderReconciliation(m: ReconciliationPageModel): string {
  const p = m.principal;
  const options = [...(m.tenants.length > 1 ? ['<option value="">all my tenants</option>'] : []), ...m.tenants.map((t) => `<option value="${esc(t)}"${t === m.window.tenant ? ' selected' : ''}>${esc(t)}</option>`)];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Reconciliation · ERP hub ops</title><style>${DASHBOARD_CSS}
${CSS}</style></head>
<body><header><h1>Reconciliation</h1>
<p>Signed in as <b>${esc(p.id)}</b> (${esc(p.roles.join(', '))}) · tenants: ${esc(p.tenants.join(', '))} · <a href="/ops/dashboard">dead letters and targets</a></p>
<p>Source side: events accepted and routed to a target, with their money. Target side: what the target acknowledged. A row that does not balance is highlighted, with why.</p>
<form class="window" method="get" action="${RECONCILIATION_PATH}"><label>tenant <select name="tenant">${options.join('')}</select></label>
<label>from <input type="date" name="from" value="${esc(m.window.from)}" required></label><label>to <input type="date" name="to" value="${esc(m.window.to)}" required></label>
<button type="submit">Show</button></form></header>
<main>${m.reports.map(tenantSection).join('\n')}</main>
</body></html>
`;
}
