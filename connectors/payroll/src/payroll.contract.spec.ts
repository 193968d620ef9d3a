import { describeTargetContract } from '@hub/testing';
import { PayrollConnector } from './payroll.connector';
import { PayrollSimulator } from './simulator/payroll-simulator';

describeTargetContract({
  connector: new PayrollConnector(),
  simulator: (tenant) => new PayrollSimulator(tenant),
  tenant: 'fen',
  checkRecord: (record, event) => {
    expect(record.forceCode).toBe(event.tenant.toUpperCase());
    expect(record.annualSalary).toMatch(/^\d+\.\d{2}$/);
    expect(record.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  },
});
