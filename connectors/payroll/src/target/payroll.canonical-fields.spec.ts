import type { CanonicalEvent } from '@hub/events';
import { validSamples } from '@hub/testing';
import { PayrollConnector } from './payroll.connector';
import { canonicalEvent, canonicalSchemas, forceOfEmployee, itReadsCanonicalFieldsBack } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const connector = new PayrollConnector();
const event = (type: string, data: Record<string, any>): CanonicalEvent => canonicalEvent(type, data, { tenant: forceOfEmployee(data.employeeId) });
const fieldsOf = (e: CanonicalEvent) => connector.canonicalFields(connector.map(e), e);

const EMPLOYEE = ['/data/dateOfBirth', '/data/niNumber', '/data/effectiveFrom', '/data/employment/grade', '/data/employment/costCentre', '/data/employment/fte', '/data/employment/annualSalary/amountMinor', '/data/employment/annualSalary/currency'];
/** The canonical fields the bureau's record of each type has a field for. */
const HOLDS: Record<string, string[]> = {
  'hr.employee.joined.v1': ['/tenant', '/data/employeeId', '/data/name/forename', '/data/name/middleNames', '/data/name/surname', ...EMPLOYEE],
  'hr.employee.joined.v2': ['/tenant', '/data/employeeId', '/data/legalName/forename', '/data/legalName/middleNames', '/data/legalName/surname', '/data/preferredName/forename', '/data/preferredName/surname', ...EMPLOYEE],
  'hr.employee.moved.v1': ['/tenant', '/data/employeeId', '/data/moveType', '/data/effectiveFrom', '/data/effectiveTo', '/data/to/grade', '/data/to/costCentre', '/data/to/orgUnit/code', '/data/to/orgUnit/name', '/data/to/jobTitle', '/data/to/rank', '/data/secondedTo', '/data/corrects/reason'],
  'hr.employee.left.v1': ['/tenant', '/data/employeeId', '/data/reason', '/data/lastWorkingDay', '/data/effectiveFrom', '/data/corrects/reason'],
  'payroll.pay-change.requested.v1': ['/tenant', '/data/requestId', '/data/employeeId', '/data/changeType', '/data/allowanceCode', '/data/amount/amountMinor', '/data/amount/currency', '/data/basis', '/data/grade', '/data/effectiveFrom', '/data/effectiveTo', '/data/authorisedBy/employeeId', '/data/corrects/reason'],
};

describe('PayrollConnector.canonicalFields', () => {
  itReadsCanonicalFieldsBack({ connector, holds: HOLDS, system: 'the bureau' });

  it("reads a joiner back: pounds to pence, the force code to the tenant, forenames into forename and middle names", () => {
    const data = validSamples(registry, 'hr.employee.joined.v1').find((s) => s.name === 'fixture special-constable.json')!.data as Record<string, any>;
    expect(fieldsOf(event('hr.employee.joined.v1', data))).toEqual({
      '/tenant': 'moor',
      '/data/employeeId': 'MOOR-S0417',
      '/data/name/forename': 'Callum',
      '/data/name/middleNames': 'James',
      '/data/name/surname': 'Reid',
      '/data/dateOfBirth': '2001-05-23',
      '/data/effectiveFrom': '2027-02-01',
      '/data/employment/grade': 'SC',
      '/data/employment/costCentre': 'MOOR3300',
      '/data/employment/fte': 0.1,
      '/data/employment/annualSalary/amountMinor': 0,
      '/data/employment/annualSalary/currency': 'GBP',
    });
  });

  it('reads the codes back as canonical: an assignment reason, a leaving reason, a change type and basis', () => {
    const moved = validSamples(registry, 'hr.employee.moved.v1').find((s) => s.name === 'fixture full.json')!.data as Record<string, any>;
    expect(fieldsOf(event('hr.employee.moved.v1', moved))).toMatchObject({ '/data/moveType': 'secondment', '/data/effectiveTo': '2028-01-02', '/data/corrects/reason': moved.corrects.reason });
    for (const reason of ['resignation', 'retirement', 'dismissal', 'transfer-out', 'end-of-contract', 'death-in-service']) {
      expect(fieldsOf(event('hr.employee.left.v1', { employeeId: 'FEN-1', reason, lastWorkingDay: '2027-01-31', effectiveFrom: '2027-02-01' }))['/data/reason']).toBe(reason);
    }
    const oneOff = { requestId: 'FEN-PCR-1', employeeId: 'FEN-1', changeType: 'one-off-payment', amount: { amountMinor: 50005, currency: 'GBP' }, basis: 'one-off', effectiveFrom: '2027-01-01' };
    expect(fieldsOf(event('payroll.pay-change.requested.v1', oneOff))).toMatchObject({ '/data/changeType': 'one-off-payment', '/data/basis': 'one-off', '/data/amount/amountMinor': 50005 });
  });

  // A known difference (README): the bureau joins the name parts into one field each.
  it('loses where a forename with a space ends: the bureau holds forenames and knownAs as one text each', () => {
    const data = { ...structuredClone(validSamples(registry, 'hr.employee.joined.v2')[0].data as Record<string, any>) };
    data.legalName = { forename: 'Mary Ann', middleNames: 'Grace', surname: 'Okafor' };
    data.preferredName = { forename: 'Mary Ann' };
    expect(connector.map(event('hr.employee.joined.v2', data)).body).toMatchObject({ forenames: 'Mary Ann Grace', knownAs: 'Mary Ann' });
    expect(fieldsOf(event('hr.employee.joined.v2', data))).toMatchObject({
      '/data/legalName/forename': 'Mary',
      '/data/legalName/middleNames': 'Ann Grace',
      '/data/preferredName/forename': 'Mary',
      '/data/preferredName/surname': 'Ann',
    });
  });
});
