import type { MigrationStatus } from '@hub/config';
import { esc } from './dashboard.view';

/** The landscape as the dashboard shows it: the version this API runs on and the staged replacements within the caller's tenants. */
export interface LandscapeSummary {
  version: number;
  createdAt?: string;
  actor?: string;
  reason?: string;
  migrations: readonly MigrationStatus[];
}

export const LANDSCAPE_CSS = `.stage-parallel-run{color:#05a;font-weight:bold}.stage-cut-over{color:#070;font-weight:bold}.stage-mixed{color:#a40;font-weight:bold}`;

const STAGE: Record<MigrationStatus['stage'], string> = {
  'old-only': 'old system only',
  'parallel-run': 'parallel run (new system as shadow)',
  'cut-over': 'cut over',
  mixed: 'partly cut over',
  'not-routed': 'not routed',
};

/** Read-only: a cutover is made with `hub cutover` (dry run first) or POST /v1/landscape/cutovers, not from a button. */
export function renderLandscape(l: LandscapeSummary): string {
  const who = l.actor ? ` · by <b>${esc(l.actor)}</b> at ${esc(l.createdAt)}: ${esc(l.reason)}` : '';
  const rows = l.migrations.map(
    (m) => `<tr data-tenant="${esc(m.tenant)}"><td>${esc(m.tenant)}</td><td>${esc(m.domain)}</td><td>${esc(m.from)} → ${esc(m.to)}</td><td class="stage-${esc(m.stage)}">${esc(STAGE[m.stage])}</td></tr>`,
  );
  const plan = rows.length
    ? `<table><thead><tr><th>tenant</th><th>domain</th><th>from → to</th><th>stage</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p>Cut a domain over with <code>hub cutover --tenant … --domain … --dry-run --reason '…'</code>, then without <code>--dry-run</code>.</p>`
    : '<p class="empty">No staged replacement within your tenants.</p>';
  return `<section id="landscape"><h2>Landscape version ${esc(l.version)}</h2><p><a href="/v1/landscape/versions">versions as JSON</a>${who}</p>\n${plan}</section>`;
}
