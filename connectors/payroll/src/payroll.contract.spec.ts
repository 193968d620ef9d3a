import { describeSourceContract, describeTargetContract } from '@hub/testing';
import { PayrollConnector } from './target/payroll.connector';
import { PayRunFileSource } from './source/payroll-payrun.source';
import { payRunCsv } from './source/payrun-csv';
import { samplePayRun } from './testing/samples';
import { PayrollSimulator } from './simulator/payroll-simulator';

const POUNDS = /^\d+\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

describeTargetContract({
  connector: new PayrollConnector(),
  simulator: (tenant) => new PayrollSimulator(tenant),
  tenant: 'fen',
  checkRecord: (call, event) => {
    expect(call.method).toBe('POST');
    expect(call.body.forceCode).toBe(event.tenant.toUpperCase());
    switch (call.kind) {
      case 'new-employee':
        expect(call.path).toBe('/api/v2/employees');
        expect(call.body.annualSalary).toMatch(POUNDS);
        expect(call.body.startDate).toMatch(DATE);
        return;
      case 'assignment':
        expect(call.path).toBe(`/api/v2/employees/${call.body.employeeRef}/assignments`);
        expect(call.body.effectiveDate).toMatch(DATE);
        return;
      case 'leaver':
        expect(call.path).toBe(`/api/v2/employees/${call.body.employeeRef}/leavers`);
        expect([call.body.lastWorkingDay, call.body.offPayrollFrom]).toEqual([expect.stringMatching(DATE), expect.stringMatching(DATE)]);
        return;
      case 'pay-change':
        expect(call.path).toBe(`/api/v2/employees/${call.body.employeeRef}/pay-changes`);
        expect(call.body.amount).toMatch(POUNDS);
        return;
    }
  },
});

const run = samplePayRun();
const good = payRunCsv(run.header, run.rows);
const badAmount = run.rows.map((r, i) => (i === 1 ? { ...r, tax: '452.2O' } : r));

describeSourceContract({
  connector: new PayRunFileSource(),
  tenant: 'fen',
  samples: [{ name: "Fen's December main run", input: good, fileName: run.fileName }],
  badInputs: [
    { name: 'a wrong control total', input: payRunCsv(run.header, run.rows, { totalNet: '9999.99' }), fileName: run.fileName, reason: /control total of net/ },
    { name: 'a wrong record count', input: payRunCsv(run.header, run.rows, { recordCount: '5' }), fileName: run.fileName, reason: /record count: the trailer says 5, the file has 4/ },
    { name: 'a line with a bad amount', input: payRunCsv(run.header, badAmount), fileName: run.fileName, reason: /line 3: FEN-10501: tax: not an amount: "452.2O"/ },
  ],
});
