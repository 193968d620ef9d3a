import type { DeadLetterGroup } from '@hub/ledger';
import type { OpsPrincipal } from '../../auth/principal';
import { esc, QuarantineSummary, renderDashboard } from './dashboard.view';
import { quarantineResultQuery, readQuarantineResult, readResult, resultQuery } from './replay-result';

const operator: OpsPrincipal = { kind: 'ops', id: 'fen-operator', roles: ['operator'], tenants: ['fen'] };
const viewer: OpsPrincipal = { kind: 'ops', id: 'ops-viewer', roles: ['viewer'], tenants: ['*'] };
const group = (over: Partial<DeadLetterGroup>): DeadLetterGroup => ({
  fingerprint: 'target-rejected|payroll-fen|422', reason: 'target-rejected', target: 'payroll-fen', tenant: 'fen', fieldOrStatus: '422',
  count: 2, holding: 0, first: '2026-11-23T10:00:00.000Z', last: '2026-11-23T11:30:00.000Z', ...over,
});
const groups = [
  group({}),
  group({ fingerprint: 'target-rejected|payroll-fen|400', fieldOrStatus: '400', count: 1 }),
  group({ fingerprint: 'target-unreachable|dms-fen', reason: 'target-unreachable', target: 'dms-fen', fieldOrStatus: undefined, count: 4 }),
  group({ fingerprint: 'target-rejected|payroll-moor|422', target: 'payroll-moor', tenant: 'moor', count: 3 }),
];
const forms = (html: string) => html.match(/<form /g) ?? [];

describe('renderDashboard', () => {
  it('escapes every value, in text and in attributes', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const evil = `schema-violation|payroll-fen|"><script>alert(1)</script>`;
    const html = renderDashboard({ principal: { ...operator, id: '<b>me</b>' }, groups: [group({ fingerprint: evil, fieldOrStatus: `"><img src=x onerror=alert(1)>`, reason: '<i>r</i>' })], formToken: 't"k' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>r</i>');
    expect(html).not.toContain('<b>me</b>');
    expect(html).toContain(`value="${esc(evil)}"`);
    expect(html).toContain('value="t&quot;k"');
    // The JSON link is URL-encoded, then escaped.
    expect(html).toContain(`href="/v1/dead-letters?fingerprint=${esc(encodeURIComponent(evil))}"`);
  });

  it('groups per tenant, then target, with the open total of each', () => {
    const html = renderDashboard({ principal: viewer, groups });
    const order = [...html.matchAll(/data-(tenant|target)="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(order).toEqual(['tenant:fen', 'target:dms-fen', 'target:payroll-fen', 'tenant:moor', 'target:payroll-moor']);
    expect(html).toMatch(/<h2>fen <span class="total">7 open<\/span><\/h2>/);
    expect(html).toMatch(/<h3>payroll-fen <span class="total">3 open<\/span><\/h3>/);
    expect(html).toMatch(/<h3>dms-fen <span class="total">4 open<\/span><\/h3>/);
    expect(html).toMatch(/<h2>moor <span class="total">3 open<\/span><\/h2>/);
    expect(html).toContain('<time datetime="2026-11-23T10:00:00.000Z">2026-11-23 10:00:00 UTC</time>');
    expect(html).toContain('href="/ops/queues"');
  });

  it('draws a replay and a dry-run button per group for an operator, each form with the token, tenant and fingerprint', () => {
    const html = renderDashboard({ principal: operator, groups: groups.slice(0, 2), formToken: 'tok' });
    expect(forms(html)).toHaveLength(2);
    expect(html).toContain('<form method="post" action="/ops/dashboard/replay">');
    expect(html.match(/name="token" value="tok"/g)).toHaveLength(2);
    expect(html).toContain('<input type="hidden" name="tenant" value="fen"><input type="hidden" name="fingerprint" value="target-rejected|payroll-fen|400">');
    expect(html.match(/value="replay">Replay</g)).toHaveLength(2);
    expect(html.match(/value="dry-run"/g)).toHaveLength(2);
  });

  it('draws no form at all without a token (viewers)', () => {
    const html = renderDashboard({ principal: viewer, groups });
    expect(forms(html)).toEqual([]);
    expect(html).not.toContain('<button');
  });

  it('says when there is nothing open', () => {
    expect(renderDashboard({ principal: viewer, groups: [] })).toContain('No open dead letters within your tenants.');
  });

  it('reports a replay, a dry run and a replay that found nothing, escaped', () => {
    const r = { tenant: 'fen', fingerprint: 'target-rejected|payroll-fen|422', dryRun: false, matched: 2, replayed: 2, skipped: 0, failed: 0 };
    expect(renderDashboard({ principal: operator, groups: [], result: r })).toContain('Replayed 2 of 2 dead letters for <code>target-rejected|payroll-fen|422</code> (fen).');
    expect(renderDashboard({ principal: operator, groups: [], result: { ...r, replayed: 1, skipped: 1 } })).toContain('Replayed 1 of 2 dead letters for <code>target-rejected|payroll-fen|422</code> (fen); 1 already being replayed.');
    expect(renderDashboard({ principal: operator, groups: [], result: { ...r, dryRun: true } })).toContain('Dry run for <code>target-rejected|payroll-fen|422</code> (fen): 2 of 2 open dead letters would be replayed.');
    expect(renderDashboard({ principal: operator, groups: [], result: { ...r, matched: 0, replayed: 0 } })).toContain('Nothing replayed');
    expect(renderDashboard({ principal: operator, groups: [], result: { ...r, tenant: '<x>' } })).toContain('(&lt;x&gt;)');
  });
});

describe('replay result in the redirect', () => {
  it('round-trips through the query string', () => {
    const r = { tenant: 'fen', fingerprint: 'mapping-failed|payroll-fen|/data/x&y', dryRun: true, matched: 3, replayed: 3, skipped: 0, failed: 0 };
    expect(readResult(Object.fromEntries(new URLSearchParams(resultQuery(r))))).toEqual(r);
  });

  it('shows no message for a malformed query', () => {
    expect(readResult({})).toBeUndefined();
    expect(readResult({ tenant: 'fen', fingerprint: 'x', matched: '1', replayed: 'lots', skipped: '0', failed: '0' })).toBeUndefined();
    expect(readResult({ tenant: ['fen', 'moor'], fingerprint: 'x', matched: '1', replayed: '1', skipped: '0', failed: '0' })).toBeUndefined();
  });
});

describe('quarantine on the dashboard', () => {
  const q = (over: Partial<QuarantineSummary> = {}): QuarantineSummary => ({
    id: '41', tenant: 'fen', type: 'hr.employee.joined.v1', subject: 'FEN-1', eventId: 'evt-1', reason: 'not-carriable' as QuarantineSummary['reason'],
    message: 'cannot be carried exactly: /subject must not contain control characters', problems: [{ path: '/subject', message: 'must not contain control characters' }],
    quarantinedAt: '2026-11-23T10:00:00.000Z', timesQuarantined: 1, ...over,
  });

  it('lists the open ones with a release and a discard form for an operator, the discard asking for a reason', () => {
    const html = renderDashboard({ principal: operator, groups: [], formToken: 'tok', quarantine: { items: [q(), q({ id: '42', tenant: undefined, subject: '<b>x</b>' })], total: 2 } });
    expect(html.match(/<tr data-quarantine-id=/g)).toHaveLength(2);
    expect(html).toContain('<form method="post" action="/ops/dashboard/quarantine/release">');
    expect(html).toContain('<form method="post" action="/ops/dashboard/quarantine/discard">');
    expect(html.match(/name="token" value="tok"/g)).toHaveLength(4);
    expect(html).toContain('<input type="hidden" name="id" value="42">');
    expect(html).toMatch(/name="reason" placeholder="reason \(required\)" required minlength="3"/);
    expect(html).toContain('(unreadable)');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('2 open');
  });

  it('draws no form for a viewer, and says when nothing is quarantined', () => {
    expect(forms(renderDashboard({ principal: viewer, groups: [], quarantine: { items: [q()], total: 1 } }))).toEqual([]);
    expect(renderDashboard({ principal: viewer, groups: [], quarantine: { items: [], total: 0 } })).toContain('No open quarantined messages within your tenants.');
  });

  it('reports a release or discard from the redirect, and ignores a malformed one', () => {
    const r = { id: '41', outcome: 'released' as const };
    expect(readQuarantineResult(Object.fromEntries(new URLSearchParams(quarantineResultQuery(r))))).toEqual(r);
    expect(readQuarantineResult({ quarantine: 'released', id: '<script>' })).toBeUndefined();
    expect(renderDashboard({ principal: operator, groups: [], quarantineResult: { id: '41', outcome: 'not-released' } })).toContain('was not released: Kafka did not take it');
  });
});
