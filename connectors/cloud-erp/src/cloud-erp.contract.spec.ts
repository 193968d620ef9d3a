import { describeTargetContract } from '@hub/testing';
import { CloudErpConnector } from './target/cloud-erp.connector';
import { COMPENSATION_CHANGE_TYPES, JOB_CHANGE_REASONS, PAY_FREQUENCIES, TERMINATION_REASONS, WORKER_CATEGORIES } from './target/cloud-erp.format';
import { CloudErpSimulator } from './simulator/cloud-erp-simulator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

describeTargetContract({
  connector: new CloudErpConnector(),
  simulator: (tenant) => new CloudErpSimulator(tenant),
  tenant: 'fen',
  credential: 'cloud-erp-token',
  checkRecord: (call, event) => {
    expect(call.method).toBe('POST');
    expect(call.workerNumber).toBe((event.data as { employeeId: string }).employeeId);
    switch (call.kind) {
      case 'worker':
        expect(call.path).toBe('/api/v1/workers');
        expect(WORKER_CATEGORIES).toContain(call.body.category);
        expect([call.body.birthDate, call.body.hireDate]).toEqual([expect.stringMatching(DATE), expect.stringMatching(DATE)]);
        expect(Number.isInteger(call.body.compensation.annualBase.amountMinor)).toBe(true);
        expect(Number.isInteger(call.body.compensation.fte * 100)).toBe(true);
        return;
      case 'job-change':
        expect(call.path).toBe(`/api/v1/workers/${call.workerNumber}/job-changes`);
        expect(JOB_CHANGE_REASONS).toContain(call.body.reason);
        expect(call.body.effectiveDate).toMatch(DATE);
        if (call.body.temporary) expect(call.body.endDate).toMatch(DATE);
        return;
      case 'termination':
        expect(call.path).toBe(`/api/v1/workers/${call.workerNumber}/terminations`);
        expect(TERMINATION_REASONS).toContain(call.body.reason);
        expect(call.body.lastDayWorked <= call.body.terminationDate).toBe(true);
        return;
      case 'compensation-change':
        expect(call.path).toBe('/api/v1/compensation-changes');
        expect(COMPENSATION_CHANGE_TYPES).toContain(call.body.changeType);
        expect(PAY_FREQUENCIES).toContain(call.body.frequency);
        expect(Number.isInteger(call.body.amount.amountMinor)).toBe(true);
        return;
    }
  },
});
