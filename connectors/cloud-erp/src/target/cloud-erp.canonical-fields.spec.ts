import type { CanonicalEvent } from '@hub/events';
import { validSamples } from '@hub/testing';
import { canonicalFieldOfProblem } from './cloud-erp.canonical-fields';
import { CloudErpConnector } from './cloud-erp.connector';
import { canonicalEvent, canonicalSchemas, forceOfEmployee, itReadsCanonicalFieldsBack } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const connector = new CloudErpConnector();
const event = (type: string, data: Record<string, any>): CanonicalEvent => canonicalEvent(type, data, { tenant: forceOfEmployee(data.employeeId) });
const fieldsOf = (e: CanonicalEvent) => connector.canonicalFields(connector.map(e), e);
const sample = (type: string, name: string) => structuredClone(validSamples(registry, type).find((s) => s.name === name)!.data as Record<string, any>);

const person = (name: string) => [`${name}/title`, `${name}/forename`, `${name}/middleNames`, `${name}/surname`];
const HIRE = ['/data/employeeId', '/data/dateOfBirth', '/data/niNumber', '/data/email', '/data/effectiveFrom', '/data/employment/workerType', '/data/employment/jobTitle', '/data/employment/rank', '/data/employment/grade', '/data/employment/orgUnit/code', '/data/employment/costCentre', '/data/employment/annualSalary/amountMinor', '/data/employment/annualSalary/currency', '/data/employment/fte', '/data/corrects/reason'];
/** The canonical fields the ERP's record of each type has a field for. */
const HOLDS: Record<string, string[]> = {
  'hr.employee.joined.v1': [...HIRE, ...person('/data/name')],
  'hr.employee.joined.v2': [...HIRE, ...person('/data/legalName'), '/data/preferredName/forename', '/data/preferredName/surname'],
  'hr.employee.moved.v1': ['/data/employeeId', '/data/moveType', '/data/effectiveFrom', '/data/effectiveTo', '/data/to/jobTitle', '/data/to/rank', '/data/to/grade', '/data/to/orgUnit/code', '/data/to/costCentre', '/data/secondedTo', '/data/corrects/reason'],
  'hr.employee.left.v1': ['/data/employeeId', '/data/reason', '/data/lastWorkingDay', '/data/effectiveFrom', '/data/corrects/reason'],
  'payroll.pay-change.requested.v1': ['/data/requestId', '/data/employeeId', '/data/changeType', '/data/allowanceCode', '/data/amount/amountMinor', '/data/amount/currency', '/data/basis', '/data/grade', '/data/effectiveFrom', '/data/effectiveTo', '/data/authorisedBy/employeeId', '/data/corrects/reason'],
};

describe('CloudErpConnector.canonicalFields', () => {
  itReadsCanonicalFieldsBack({ connector, holds: HOLDS, system: 'the ERP' });

  it('reads a hire back: codes, minor units and the name parts as canonical', () => {
    expect(fieldsOf(event('hr.employee.joined.v1', sample('hr.employee.joined.v1', 'fixture special-constable.json')))).toEqual({
      '/data/employeeId': 'MOOR-S0417',
      '/data/name/title': 'Mr',
      '/data/name/forename': 'Callum',
      '/data/name/middleNames': 'James',
      '/data/name/surname': 'Reid',
      '/data/dateOfBirth': '2001-05-23',
      '/data/email': 'callum.reid@example.police.uk',
      '/data/effectiveFrom': '2027-02-01',
      '/data/employment/workerType': 'special-constable',
      '/data/employment/jobTitle': 'Special Constable',
      '/data/employment/rank': 'Special Constable',
      '/data/employment/grade': 'SC',
      '/data/employment/orgUnit/code': 'SC-EAST',
      '/data/employment/costCentre': 'MOOR3300',
      '/data/employment/annualSalary/amountMinor': 0,
      '/data/employment/annualSalary/currency': 'GBP',
      '/data/employment/fte': 0.1,
    });
  });

  it('reads each move type back from the reason and temporary flag together, and the termination date as the day after', () => {
    for (const moveType of ['transfer', 'promotion', 'temporary-promotion', 'secondment', 'cost-centre-change']) {
      const data = { ...sample('hr.employee.moved.v1', 'fixture secondment.json'), moveType };
      expect(fieldsOf(event('hr.employee.moved.v1', data))['/data/moveType']).toBe(moveType);
    }
    const left = sample('hr.employee.left.v1', 'fixture transfer-out.json');
    expect(connector.map(event('hr.employee.left.v1', left)).body).toMatchObject({ terminationDate: '2027-05-14' });
    expect(fieldsOf(event('hr.employee.left.v1', left))).toMatchObject({ '/data/reason': 'transfer-out', '/data/effectiveFrom': '2027-05-15' });
  });

  // A known difference (README): the ERP holds FTE to two decimals.
  it('holds an FTE of more than two decimals rounded: 0.8333 reads back as 0.83', () => {
    const data = sample('hr.employee.joined.v1', 'fixture minimal.json');
    data.employment.fte = 0.8333;
    expect(fieldsOf(event('hr.employee.joined.v1', data))['/data/employment/fte']).toBe(0.83);
  });
});

describe('canonicalFieldOfProblem', () => {
  const hire = event('hr.employee.joined.v1', sample('hr.employee.joined.v1', 'fixture full.json'));
  const move = event('hr.employee.moved.v1', sample('hr.employee.moved.v1', 'fixture promotion.json'));
  const payChange = event('payroll.pay-change.requested.v1', sample('payroll.pay-change.requested.v1', 'fixture increment.json'));
  const of = (e: CanonicalEvent, body: unknown) => canonicalFieldOfProblem(connector.map(e), e, body);

  it("names the canonical field of the first ERP field a problem lists that it knows, in the call's own terms", () => {
    expect(of(hire, { errors: [{ field: 'position.gradeCode', code: 'unknown' }] })).toBe('/data/employment/grade');
    expect(of(move, { errors: [{ field: 'position.gradeCode', code: 'unknown' }] })).toBe('/data/to/grade');
    expect(of(payChange, { errors: [{ field: 'gradeCode', code: 'unknown' }] })).toBe('/data/grade');
    expect(of(hire, { errors: [{ field: 'Idempotency-Key', code: 'conflict' }, { field: 'compensation.annualBase.currency', code: 'unsupported' }] })).toBe('/data/employment/annualSalary/currency');
    expect(of(move, { errors: [{ field: 'temporary', code: 'invalid' }] })).toBe('/data/moveType');
  });

  it("names the employee for the path's worker number, and nothing for a problem without fields", () => {
    expect(of(move, { errors: [{ field: 'workerNumber', code: 'not-found' }] })).toBe('/data/employeeId');
    expect(of(move, { title: 'A valid bearer token for this tenant is required' })).toBeUndefined();
    expect(of(move, 'not json')).toBeUndefined();
    expect(of(move, { errors: [{ field: 'position', code: 'invalid' }] })).toBeUndefined();
  });
});
