import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubConfig, HubConfigError, parseHubConfig } from './hub-config';
import { hashToken } from './tokens';

const demoPath = join(__dirname, '..', '..', '..', 'config', 'demo.json');

/** A small valid landscape: two forces, each with its own payroll. */
function landscape() {
  return {
    tenants: [
      { code: 'fen', name: 'Fenland' },
      { code: 'moor', name: 'Moorside' },
    ],
    sources: [{ id: 'hr-system', name: 'HR', tokenSha256: hashToken('source-token'), tenants: ['fen', 'moor'], types: ['hr.*'] }],
    opsUsers: [{ id: 'ops-admin', tokenSha256: hashToken('ops-token'), roles: ['viewer'], tenants: ['*'] }],
    targets: [
      { id: 'payroll-fen', tenant: 'fen', connector: 'payroll', endpoint: 'http://127.0.0.1:4101' },
      { id: 'payroll-moor', tenant: 'moor', connector: 'payroll', endpoint: 'http://127.0.0.1:4102' },
    ],
    routes: [
      { tenant: 'fen', type: 'hr.employee.joined.v1', targets: ['payroll-fen'] },
      { tenant: 'moor', type: 'hr.employee.joined.v1', targets: ['payroll-moor'] },
    ],
  };
}

function problemOf(raw: unknown, known?: Parameters<typeof parseHubConfig>[1]): string {
  try {
    parseHubConfig(raw, known);
  } catch (err) {
    expect(err).toBeInstanceOf(HubConfigError);
    return (err as Error).message;
  }
  throw new Error('parseHubConfig accepted the configuration');
}

describe('parseHubConfig', () => {
  it('accepts config/demo.json with the demo types and connectors', () => {
    const raw = JSON.parse(readFileSync(demoPath, 'utf8'));
    const types = new Set<string>(raw.routes.map((r: { type: string }) => r.type));
    const config: HubConfig = parseHubConfig(raw, { types, connectors: new Set(['payroll', 'hr', 'finance', 'dms', 'cloud-erp']) });
    expect(config.targets.map((t) => t.id)).toEqual(raw.targets.map((t: { id: string }) => t.id));
    expect(config.routes).toEqual(raw.routes);
  });

  it('fills in what a target leaves out, and keeps what it sets', () => {
    const raw = landscape();
    Object.assign(raw.targets[1], { timeoutMs: 1234, retry: { attempts: 2 } });
    const [bare, partial] = parseHubConfig(raw).targets;

    for (const t of [bare, partial]) {
      expect(Number.isInteger(t.concurrency) && t.concurrency >= 1).toBe(true);
      expect(t.retry.backoffMs).toBeGreaterThan(0);
      expect(t.retry.maxBackoffMs).toBeGreaterThanOrEqual(t.retry.backoffMs);
    }
    expect(bare.timeoutMs).toBeGreaterThanOrEqual(10);
    expect(bare.retry.attempts).toBeGreaterThan(1);
    expect(partial.timeoutMs).toBe(1234);
    expect(partial.retry.attempts).toBe(2);
    // the defaults of the other retry fields survive a partial override
    expect(partial.retry.backoffMs).toBe(bare.retry.backoffMs);
    expect(partial.retry.maxBackoffMs).toBe(bare.retry.maxBackoffMs);
  });

  it("merges a target's breaker over its connector's, over the hub's, field by field", () => {
    const raw = landscape();
    Object.assign(raw.targets[1], { breaker: { failures: 2 } });
    const defaults = () => ({ breaker: { probeMs: 30_000 } });
    const [bare, partial] = parseHubConfig(raw).targets;
    const [fromManifest, both] = parseHubConfig(raw, { defaults }).targets;

    expect(bare.breaker.failures).toBeGreaterThanOrEqual(1);
    expect(bare.breaker.maxProbeMs).toBeGreaterThanOrEqual(bare.breaker.probeMs);
    expect(partial.breaker).toEqual({ ...bare.breaker, failures: 2 });
    expect(fromManifest.breaker).toEqual({ ...bare.breaker, probeMs: 30_000 });
    expect(both.breaker).toEqual({ ...bare.breaker, probeMs: 30_000, failures: 2 });
  });

  it('refuses a breaker whose longest probe interval is shorter than its first', () => {
    const raw = landscape();
    Object.assign(raw.targets[0], { breaker: { probeMs: 10_000, maxProbeMs: 1_000 } });
    expect(() => parseHubConfig(raw)).toThrow(/breaker.maxProbeMs 1000 below its probeMs 10000/);
    Object.assign(raw.targets[0], { breaker: { failures: 0 } });
    expect(() => parseHubConfig(raw)).toThrow(HubConfigError);
  });

  it('does not change the object it was given', () => {
    const raw = landscape();
    const before = structuredClone(raw);
    parseHubConfig(raw);
    expect(raw).toEqual(before);
  });

  it("refuses a route that sends one tenant's events to another tenant's target", () => {
    const raw = landscape();
    raw.routes[0].targets = ['payroll-fen', 'payroll-moor'];
    expect(problemOf(raw)).toMatch(/route fen\/hr\.employee\.joined\.v1 sends to target "payroll-moor" of another tenant \("moor"\)/);
  });

  it('refuses a route to a target that does not exist', () => {
    const raw = landscape();
    raw.routes[0].targets = ['payroll-nowhere'];
    expect(problemOf(raw)).toMatch(/route fen\/hr\.employee\.joined\.v1 sends to unknown target "payroll-nowhere"/);
  });

  it('refuses a source that names an unknown tenant', () => {
    const raw = landscape();
    raw.sources[0].tenants = ['fen', 'vale'];
    expect(problemOf(raw)).toMatch(/source "hr-system" names unknown tenant "vale"/);
  });

  it('refuses two targets with the same id', () => {
    const raw = landscape();
    raw.targets[1].id = 'payroll-fen';
    expect(problemOf(raw)).toMatch(/target id "payroll-fen" is declared twice/);
  });

  it('refuses two principals with the same token hash', () => {
    const raw = landscape();
    raw.opsUsers[0].tokenSha256 = raw.sources[0].tokenSha256;
    expect(problemOf(raw)).toContain(`token "${raw.sources[0].tokenSha256}" is declared twice`);
  });

  it('checks event types and connectors against the known sets when given', () => {
    const raw = landscape();
    const known = { types: new Set(['hr.employee.left.v1']), connectors: new Set(['finance']) };
    const message = problemOf(raw, known);
    expect(message).toMatch(/route fen\/hr\.employee\.joined\.v1 names unknown event type "hr\.employee\.joined\.v1"/);
    expect(message).toMatch(/target "payroll-fen" uses unknown connector "payroll"/);
    // without the sets, the same file passes
    expect(() => parseHubConfig(raw)).not.toThrow();
  });

  it('refuses a token hash that is not sha256 hex, naming where it is', () => {
    const raw = landscape();
    raw.sources[0].tokenSha256 = 'not-a-hash';
    expect(problemOf(raw)).toMatch(/\/sources\/0\/tokenSha256 must match pattern/);
  });

  it('reports every problem at once', () => {
    const raw = landscape();
    raw.routes[0].targets = ['payroll-moor'];
    raw.sources[0].tenants = ['fen', 'vale'];
    const message = problemOf(raw);
    expect(message).toContain('of another tenant');
    expect(message).toContain('unknown tenant "vale"');
  });

  describe('routes by domain, shadows and the migration plan', () => {
    const TYPES = ['hr.employee.joined.v1', 'hr.employee.left.v1', 'hr.absence.recorded.v1', 'payroll.pay-change.requested.v1'];
    const CONSUMES: Record<string, string[]> = { payroll: ['hr.employee.joined.v1', 'hr.employee.left.v1', 'payroll.pay-change.requested.v1'], 'cloud-erp': ['hr.employee.joined.v1', 'hr.employee.left.v1'], hr: ['training.course.completed.v1'] };
    const known = { types: new Set(TYPES), connectors: new Set(Object.keys(CONSUMES)), consumes: (c: string) => CONSUMES[c] };
    function staged() {
      const raw = landscape() as ReturnType<typeof landscape> & { migrations?: unknown[] };
      raw.targets.push({ id: 'cloud-erp-fen', tenant: 'fen', connector: 'cloud-erp', endpoint: 'http://127.0.0.1:4201' }, { id: 'cloud-erp-moor', tenant: 'moor', connector: 'cloud-erp', endpoint: 'http://127.0.0.1:4202' });
      raw.routes = [{ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] } as (typeof raw.routes)[number]];
      raw.migrations = [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }];
      return raw as any;
    }

    it('accepts a pattern route with a shadow and a migration plan, keeping both as written', () => {
      const config = parseHubConfig(staged(), known);
      expect(config.routes).toEqual([{ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] }]);
      expect(config.migrations).toEqual([{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }]);
      expect(parseHubConfig(landscape()).migrations).toEqual([]);
    });

    it("refuses a shadow of another tenant, one that is also a primary, an unknown one, and one whose connector takes no type the route covers", () => {
      const raw = staged();
      raw.routes[0].shadow = ['cloud-erp-moor', 'payroll-fen', 'cloud-erp-nowhere'];
      raw.routes.push({ tenant: 'fen', type: 'hr.absence.*', targets: ['payroll-fen'] });
      const message = problemOf(raw, known);
      expect(message).toContain('route fen/hr.* shadows to target "cloud-erp-moor" of another tenant ("moor")');
      expect(message).toContain('route fen/hr.* names target "payroll-fen" both as a primary and as a shadow');
      expect(message).toContain('route fen/hr.* shadows to unknown target "cloud-erp-nowhere"');
      expect(message).toContain('route fen/hr.absence.* sends to target "payroll-fen", whose connector "payroll" takes no type that hr.absence.* covers');
    });

    it('refuses an exact route whose shadow does not take its type, and a pattern that covers no known type', () => {
      const raw = staged();
      raw.routes = [{ tenant: 'fen', type: 'payroll.pay-change.requested.v1', targets: ['payroll-fen'], shadow: ['cloud-erp-fen'] }, { tenant: 'fen', type: 'hrx.*', targets: ['payroll-fen'] }];
      const message = problemOf(raw, known);
      expect(message).toContain('route fen/payroll.pay-change.requested.v1 shadows to target "cloud-erp-fen", whose connector "cloud-erp" does not take that type');
      expect(message).toContain('route fen/hrx.* covers no known event type');
    });

    it('refuses a route type that is neither a type nor a pattern, and the same target twice in a route', () => {
      const raw = staged();
      raw.routes = [{ tenant: 'fen', type: 'hr.employee', targets: ['payroll-fen', 'payroll-fen'] }];
      const message = problemOf(raw, known);
      expect(message).toMatch(/\/routes\/0\/type must match pattern/);
      expect(message).toMatch(/\/routes\/0\/targets must NOT have duplicate items/);
    });

    it('refuses a migration step of an unknown domain, to another tenant’s target, from a target to itself, or to one that takes nothing of the domain', () => {
      const raw = staged();
      raw.migrations = [
        { tenant: 'fen', domain: 'hrx', from: 'payroll-fen', to: 'cloud-erp-fen' },
        { tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-moor' },
        { tenant: 'fen', domain: 'payroll', from: 'payroll-fen', to: 'payroll-fen' },
        { tenant: 'vale', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' },
      ];
      const message = problemOf(raw, known);
      expect(message).toContain('migration fen/hrx from "payroll-fen" to "cloud-erp-fen" names domain "hrx", which no known event type is in');
      expect(message).toContain('migration fen/hr from "payroll-fen" to "cloud-erp-moor" names target "cloud-erp-moor" of another tenant ("moor")');
      expect(message).toContain('migration fen/payroll from "payroll-fen" to "payroll-fen" goes from a target to itself');
      expect(message).toContain('migration vale/hr from "payroll-fen" to "cloud-erp-fen" names unknown tenant "vale"');
      const other = staged();
      other.migrations = [{ tenant: 'fen', domain: 'payroll', from: 'payroll-fen', to: 'cloud-erp-fen' }];
      expect(problemOf(other, known)).toContain('connector "cloud-erp" of "cloud-erp-fen" takes no type of domain payroll');
    });
  });
  describe('webhook signatures', () => {
    function withWebhook(hook: Record<string, unknown>) {
      return { ...landscape(), gateway: { webhooks: [{ path: 'hr', connector: 'hr', source: 'hr-system', tenants: ['fen'], tokenRef: 'HR_INGEST_TOKEN', ...hook }] } };
    }
    const signatureOf = (hook: Record<string, unknown>) => parseHubConfig(withWebhook(hook)).gateway.webhooks[0].signature;

    it('reads a signature without a scheme as Standard Webhooks with a 5-minute tolerance, and keeps a tolerance it sets', () => {
      expect(signatureOf({ signature: { secretRefs: ['HR_WEBHOOK_SECRET'] } })).toEqual({ scheme: 'standard-webhooks', secretRefs: ['HR_WEBHOOK_SECRET'], toleranceSeconds: 300 });
      expect(signatureOf({ signature: { scheme: 'standard-webhooks', secretRefs: ['A', 'B'], toleranceSeconds: 60 } })).toEqual({ scheme: 'standard-webhooks', secretRefs: ['A', 'B'], toleranceSeconds: 60 });
    });

    it('keeps an entry that gives only the older secretRef on the legacy scheme, marked so the gateway warns', () => {
      expect(signatureOf({ secretRef: 'HR_WEBHOOK_SECRET' })).toEqual({ scheme: 'legacy-hmac-sha256', secretRefs: ['HR_WEBHOOK_SECRET'], fromSecretRef: true });
      expect(signatureOf({ signature: { scheme: 'legacy-hmac-sha256', secretRefs: ['HR_WEBHOOK_SECRET'] } })).toEqual({ scheme: 'legacy-hmac-sha256', secretRefs: ['HR_WEBHOOK_SECRET'] });
      expect(signatureOf({})).toBeUndefined();
    });

    it('refuses an empty or repeated list of secrets, both forms at once, and a tolerance on the legacy scheme, naming the webhook', () => {
      expect(problemOf(withWebhook({ signature: { secretRefs: [] } }))).toContain('webhook "hr" lists no secret in signature.secretRefs');
      expect(problemOf(withWebhook({ signature: { secretRefs: ['A', 'A'] } }))).toContain('webhook "hr" lists secret A twice in signature.secretRefs');
      expect(problemOf(withWebhook({ secretRef: 'A', signature: { secretRefs: ['A'] } }))).toContain('webhook "hr" gives both secretRef');
      expect(problemOf(withWebhook({ signature: { scheme: 'legacy-hmac-sha256', secretRefs: ['A'], toleranceSeconds: 60 } }))).toContain('webhook "hr" sets signature.toleranceSeconds');
    });

    it('refuses an unknown scheme, a tolerance out of range and a secret that is not a variable name', () => {
      expect(problemOf(withWebhook({ signature: { scheme: 'hmac', secretRefs: ['A'] } }))).toMatch(/\/gateway\/webhooks\/0\/signature\/scheme must be equal to one of the allowed values/);
      expect(problemOf(withWebhook({ signature: { secretRefs: ['A'], toleranceSeconds: 0 } }))).toMatch(/toleranceSeconds must be >= 1/);
      expect(problemOf(withWebhook({ signature: { secretRefs: ['A'], toleranceSeconds: 86_400 } }))).toMatch(/toleranceSeconds must be <= 3600/);
      expect(problemOf(withWebhook({ signature: { secretRefs: ['whsec_abc'] } }))).toMatch(/secretRefs\/0 must match pattern/);
    });
  });
});
