import { migrationStage, migrationStatuses } from './migration-stage';

const step = { tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' };
const doc = (routes: unknown[]) => ({ routes, migrations: [step] });
const route = (type: string, targets: string[], shadow?: string[]) => ({ tenant: 'fen', type, targets, ...(shadow ? { shadow } : {}) });

describe('migrationStage', () => {
  it('reads each stage of a staged replacement off the routes of its tenant and domain', () => {
    expect(migrationStage(doc([route('hr.*', ['payroll-fen'])]), step)).toBe('old-only');
    expect(migrationStage(doc([route('hr.*', ['payroll-fen'], ['cloud-erp-fen'])]), step)).toBe('parallel-run');
    expect(migrationStage(doc([route('hr.*', ['cloud-erp-fen'])]), step)).toBe('cut-over');
    expect(migrationStage(doc([route('hr.*', ['cloud-erp-fen'], ['payroll-fen'])]), step)).toBe('cut-over');
    expect(migrationStage(doc([route('hr.employee.*', ['cloud-erp-fen']), route('hr.employee.left.v1', ['payroll-fen'], ['cloud-erp-fen'])]), step)).toBe('mixed');
    expect(migrationStage(doc([route('payroll.*', ['payroll-fen'])]), step)).toBe('not-routed');
  });

  it("ignores another tenant's and another domain's routes", () => {
    const d = doc([route('payroll.*', ['cloud-erp-fen']), { tenant: 'moor', type: 'hr.*', targets: ['cloud-erp-fen'] }, route('hr.*', ['payroll-fen'])]);
    expect(migrationStatuses(d)).toEqual([{ ...step, stage: 'old-only' }]);
  });
});
