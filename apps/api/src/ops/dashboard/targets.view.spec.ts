import type { OpsPrincipal } from '../../auth/principal';
import type { TargetStatus } from '../../targets/target-status';
import { DASHBOARD_PATH, renderDashboard } from './dashboard.view';
import { readTargetResult, renderTargets, TARGET_PAUSE_PATH, TARGET_RESUME_PATH, targetResultQuery } from './targets.view';

const operator: OpsPrincipal = { kind: 'ops', id: 'fen-operator', roles: ['operator'], tenants: ['fen'] };
const viewer: OpsPrincipal = { kind: 'ops', id: 'ops-viewer', roles: ['viewer'], tenants: ['*'] };
const closed: TargetStatus['breaker'] = {
  state: 'closed', consecutiveFailures: 0, openedAt: null, openSeconds: 0, nextProbeAt: null, probeIntervalMs: null, probing: false, retryAfterUntil: null, lastFailure: null, lastOpenedAt: null, lastClosedAt: null,
};
const status = (over: Partial<TargetStatus>): TargetStatus => ({
  id: 'payroll-fen', tenant: 'fen', connector: 'payroll', state: 'closed', paused: null, breaker: closed,
  queue: { waiting: 0, active: 0, delayed: 0, failed: 0 },
  settings: { breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 }, retry: { attempts: 6, backoffMs: 1_000, maxBackoffMs: 60_000 }, rateLimit: null, concurrency: 8, timeoutMs: 10_000 },
  ...over,
});
const open = status({
  id: 'dms-fen', state: 'open',
  breaker: { ...closed, state: 'open', consecutiveFailures: 7, openedAt: '2026-11-23T02:00:00.000Z', openSeconds: 750, nextProbeAt: '2026-11-23T02:13:00.000Z', probeIntervalMs: 60_000, lastFailure: { reason: 'target-unreachable', at: '2026-11-23T02:12:00.000Z' } },
  queue: { waiting: 212, active: 0, delayed: 3, failed: 0 },
});
const paused = status({ id: 'finance-fen', state: 'paused', paused: { by: 'fen-operator', reason: '<b>ledger</b> year end', since: '2026-11-23T01:00:00.000Z' } });

describe('targets on the dashboard', () => {
  it('lists each target with its state, waiting deliveries, breaker and who paused it, escaped', () => {
    const html = renderTargets([status({}), open, paused], undefined);
    expect([...html.matchAll(/data-target-id="([^"]+)" data-state="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['payroll-fen:closed', 'dms-fen:open', 'finance-fen:paused']);
    expect(html).toContain('open for 12m 30s, last target-unreachable; next probe <time datetime="2026-11-23T02:13:00.000Z">2026-11-23 02:13:00 UTC</time>');
    expect(html).toContain('<td class="num">212</td>');
    expect(html).toContain('by <b>fen-operator</b>');
    expect(html).toContain('&lt;b&gt;ledger&lt;/b&gt; year end');
    expect(html).not.toContain('<form');
  });

  it('gives an operator a pause form for a running target and a resume form for a paused one, each with the token and a required reason', () => {
    const html = renderTargets([status({}), paused], 'tok');
    expect(html.match(/<form /g)).toHaveLength(2);
    expect(html).toContain(`<form method="post" action="${TARGET_PAUSE_PATH}"><input type="hidden" name="token" value="tok"><input type="hidden" name="target" value="payroll-fen">`);
    expect(html).toContain(`<form method="post" action="${TARGET_RESUME_PATH}"><input type="hidden" name="token" value="tok"><input type="hidden" name="target" value="finance-fen">`);
    expect(html.match(/name="reason" required minlength="3"/g)).toHaveLength(2);
    expect(html).toMatch(/<button type="submit">Pause<\/button>[\s\S]*<button type="submit">Resume<\/button>/);
  });

  it('sits on the dashboard page above the dead letters, without forms for a viewer', () => {
    const html = renderDashboard({ principal: viewer, groups: [], targets: [open] });
    expect(html.indexOf('data-section="targets"')).toBeLessThan(html.indexOf('No open dead letters'));
    expect(html).not.toContain('<form');
    expect(renderDashboard({ principal: operator, groups: [], targets: [open], formToken: 't' })).toContain(TARGET_PAUSE_PATH);
    expect(TARGET_PAUSE_PATH.startsWith(`${DASHBOARD_PATH}/`)).toBe(true);
    expect(TARGET_RESUME_PATH.startsWith(`${DASHBOARD_PATH}/`)).toBe(true);
  });

  it('reports a pause or resume from the redirect, and nothing for a malformed one', () => {
    const r = { target: 'payroll-fen', done: 'paused' as const };
    expect(readTargetResult(Object.fromEntries(new URLSearchParams(targetResultQuery(r))))).toEqual(r);
    expect(renderDashboard({ principal: operator, groups: [], targetResult: r })).toContain('Paused <code>payroll-fen</code>: its deliveries wait until it is resumed.');
    expect(readTargetResult({ target: '<x>', done: 'paused' })).toBeUndefined();
    expect(readTargetResult({ target: 'payroll-fen', done: 'deleted' })).toBeUndefined();
  });
});
