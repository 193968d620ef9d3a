import type { HubConfig, TargetConfig } from '@hub/config';
import { RouteTable } from './route-table';

const JOINED = 'hr.employee.joined.v1';
const retry = { attempts: 3, backoffMs: 10, maxBackoffMs: 100 };
const breaker = { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 };
const target = (id: string, tenant: string): TargetConfig => ({ id, tenant, connector: id.split('-')[0], endpoint: 'http://127.0.0.1:1', timeoutMs: 100, concurrency: 1, ordering: 'none', retry, breaker });

/** Built directly, as if the config had been changed after parseHubConfig checked it. */
function config(routes: HubConfig['routes']): HubConfig {
  return {
    tenants: [
      { code: 'fen', name: 'Fenland' },
      { code: 'moor', name: 'Moorside' },
    ],
    sources: [],
    opsUsers: [],
    targets: [target('payroll-fen', 'fen'), target('finance-fen', 'fen'), target('payroll-moor', 'moor')],
    routes,
    gateway: { webhooks: [], fileDrops: [] },
    migrations: [],
  };
}

describe('RouteTable', () => {
  it("sends an event to its tenant's targets for its type", () => {
    const table = new RouteTable(
      config([
        { tenant: 'fen', type: JOINED, targets: ['payroll-fen', 'finance-fen'] },
        { tenant: 'moor', type: JOINED, targets: ['payroll-moor'] },
      ]),
    );
    expect(table.targetsFor('fen', JOINED)).toEqual(['payroll-fen', 'finance-fen']);
    expect(table.targetsFor('moor', JOINED)).toEqual(['payroll-moor']);
  });

  it('has no targets for an unknown tenant or type', () => {
    const table = new RouteTable(config([{ tenant: 'fen', type: JOINED, targets: ['payroll-fen'] }]));
    expect(table.targetsFor('vale', JOINED)).toEqual([]);
    expect(table.targetsFor('fen', 'hr.employee.left.v1')).toEqual([]);
    expect(table.targetsFor('moor', JOINED)).toEqual([]);
  });

  it("never answers another tenant's target, even from a tampered config", () => {
    const table = new RouteTable(config([{ tenant: 'fen', type: JOINED, targets: ['payroll-fen', 'payroll-moor', 'payroll-gone'] }]));
    expect(table.targetsFor('fen', JOINED)).toEqual(['payroll-fen']);
  });

  it('is not fooled by changes to the config after it was built', () => {
    const cfg = config([{ tenant: 'fen', type: JOINED, targets: ['payroll-fen'] }]);
    const table = new RouteTable(cfg);
    cfg.routes[0].targets.push('payroll-moor');
    cfg.targets.find((t) => t.id === 'payroll-moor')!.tenant = 'fen';
    expect(table.targetsFor('fen', JOINED)).not.toContain('payroll-moor');
  });

  it('never sends an event back to the system it came from', () => {
    const PO = 'procurement.purchase-order.raised.v1';
    const table = new RouteTable(config([{ tenant: 'fen', type: PO, targets: ['payroll-fen', 'finance-fen'] }]));
    expect(table.targetsFor('fen', PO, 'urn:erp-hub:source:finance')).toEqual(['payroll-fen']);
    expect(table.targetsFor('fen', PO, 'urn:erp-hub:source:procurement-portal')).toEqual(['payroll-fen', 'finance-fen']);
  });

  describe('by domain, with shadows', () => {
    const CONSUMES: Record<string, string[]> = { payroll: [JOINED, 'hr.employee.left.v1'], cloud: [JOINED, 'hr.employee.left.v1', 'hr.employee.moved.v1'], finance: [JOINED] };
    const consumes = (c: string) => CONSUMES[c];
    function staged(routes: HubConfig['routes']): HubConfig {
      const c = config(routes);
      c.targets.push(target('cloud-fen', 'fen'), target('cloud-moor', 'moor'));
      return c;
    }

    it('sends each type a pattern covers to the targets whose connector takes it, and to its shadows as shadow deliveries', () => {
      const table = new RouteTable(staged([{ tenant: 'fen', type: 'hr.*', targets: ['payroll-fen', 'finance-fen'], shadow: ['cloud-fen'] }]), consumes);
      expect(table.deliveriesFor('fen', JOINED)).toEqual([{ target: 'payroll-fen', role: 'primary' }, { target: 'finance-fen', role: 'primary' }, { target: 'cloud-fen', role: 'shadow' }]);
      expect(table.deliveriesFor('fen', 'hr.employee.moved.v1')).toEqual([{ target: 'cloud-fen', role: 'shadow' }]);
      expect(table.targetsFor('fen', 'hr.employee.left.v1')).toEqual(['payroll-fen']);
      expect(table.deliveriesFor('fen', 'payroll.pay-change.requested.v1')).toEqual([]);
    });

    it("lets a tenant's exact route win over its pattern for that type, wholly", () => {
      const table = new RouteTable(
        staged([
          { tenant: 'fen', type: 'hr.*', targets: ['payroll-fen'], shadow: ['cloud-fen'] },
          { tenant: 'fen', type: 'hr.employee.left.v1', targets: ['cloud-fen'] },
          { tenant: 'moor', type: 'hr.*', targets: ['payroll-moor'] },
        ]),
        consumes,
      );
      expect(table.deliveriesFor('fen', 'hr.employee.left.v1')).toEqual([{ target: 'cloud-fen', role: 'primary' }]);
      expect(table.deliveriesFor('fen', JOINED)).toEqual([{ target: 'payroll-fen', role: 'primary' }, { target: 'cloud-fen', role: 'shadow' }]);
      expect(table.deliveriesFor('moor', 'hr.employee.left.v1')).toEqual([{ target: 'payroll-moor', role: 'primary' }]);
    });

    it("never shadows to another tenant's target, or to a primary twice, even from a tampered config", () => {
      const table = new RouteTable(staged([{ tenant: 'fen', type: JOINED, targets: ['payroll-fen'], shadow: ['cloud-moor', 'payroll-fen', 'cloud-fen'] }]), consumes);
      expect(table.deliveriesFor('fen', JOINED)).toEqual([{ target: 'payroll-fen', role: 'primary' }, { target: 'cloud-fen', role: 'shadow' }]);
    });

    it('never sends an event back to its own system as a shadow either', () => {
      const table = new RouteTable(staged([{ tenant: 'fen', type: JOINED, targets: ['payroll-fen'], shadow: ['finance-fen'] }]), consumes);
      expect(table.deliveriesFor('fen', JOINED, 'urn:erp-hub:source:finance')).toEqual([{ target: 'payroll-fen', role: 'primary' }]);
    });
  });
});
