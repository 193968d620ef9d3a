import type { DeadLetterGroup, ParallelRunSummary } from '@hub/ledger';
import type { OpsPrincipal } from '../../auth/principal';
import { DASHBOARD_PATH } from './dashboard.view';
import { agreement, PARALLEL_RUNS_PATH, renderParallelRuns } from './parallel-runs.view';

const viewer: OpsPrincipal = { kind: 'ops', id: 'ops-viewer', roles: ['viewer'], tenants: ['*'] };
const run = (over: Partial<ParallelRunSummary> = {}): ParallelRunSummary => ({
  tenant: 'fen',
  domain: 'hr',
  pairs: [{ primary: 'payroll-fen', shadow: 'cloud-erp-fen' }],
  day: '2026-11-23',
  today: { compared: 8, agreed: 5, disagreed: 3, byReason: { outcome: 1, pending: 1, fields: 2 }, topFields: [{ path: '/data/employment/fte', count: 1 }, { path: '/data/name/forename', count: 1 }] },
  waiting: 2,
  lastComparedAt: '2026-11-23T10:00:00.000Z',
  ...over,
});
const cell = (html: string, run: string, name: string) => new RegExp(`data-run="${run}"[\\s\\S]*?class="num ${name}">([^<]*)<`).exec(html)?.[1];

describe('renderParallelRuns', () => {
  it("shows each run's counts for the day, its reasons, its top fields and a link to its report", () => {
    const html = renderParallelRuns({ principal: viewer, day: '2026-11-23', runs: [run()], shadowDeadLetters: [] });
    expect(['compared', 'agreed', 'disagreed', 'outcome', 'pending', 'fields', 'waiting'].map((c) => cell(html, 'fen/hr', c))).toEqual(['8', '5', '3', '1', '1', '2', '2']);
    expect(html).toContain('62.5%');
    expect(html).toContain('<code>/data/employment/fte</code>');
    expect(html).toContain('href="/v1/parallel-runs/report?tenant=fen&amp;domain=hr&amp;from=2026-11-23"');
    expect(html).toContain('<code>payroll-fen</code> → <code>cloud-erp-fen</code>');
  });

  it('escapes what comes from data, and says when there is nothing', () => {
    const evil = run({ tenant: '<x>', today: { ...run().today, topFields: [{ path: '/data/"><script>alert(1)</script>', count: 1 }] } });
    const g = { fingerprint: 'target-rejected|cloud-erp-fen|<b>', reason: 'target-rejected', target: 'cloud-erp-fen', tenant: 'fen', role: 'shadow', count: 1, holding: 0, first: '2026-11-23T10:00:00.000Z', last: '2026-11-23T10:00:00.000Z' } as DeadLetterGroup;
    const html = renderParallelRuns({ principal: viewer, day: '2026-11-23', runs: [evil], shadowDeadLetters: [g] });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<x>');
    expect(html).not.toContain('|<b>');
    const none = renderParallelRuns({ principal: viewer, day: '2026-11-23', runs: [], shadowDeadLetters: [] });
    expect(none).toContain('No parallel run within your tenants.');
    expect(none).toContain('No open dead letters of shadow targets.');
  });

  it('puts nothing to post on the page: it only reads', () => {
    expect(renderParallelRuns({ principal: viewer, day: '2026-11-23', runs: [run()], shadowDeadLetters: [] })).not.toContain('<form');
  });

  it('says a run with nothing compared yet has no agreement, rather than 0%', () => {
    expect(agreement(0, 0)).toBe('–');
    expect(agreement(1, 3)).toBe('33.3%');
  });

  it('lives under the dashboard', () => {
    expect(PARALLEL_RUNS_PATH.startsWith(`${DASHBOARD_PATH}/`)).toBe(true);
  });
});
