import { join } from 'node:path';
import { SchemaRegistry } from '@hub/schema-registry';
import type { HrWorkerHiredWebhook } from './hr.format';
import { HR_SOURCE } from './hr.manifest';
import { HrSourceConnector, toMinorUnits } from './hr.mapper';

const registry = SchemaRegistry.load(join(__dirname, '..', '..', '..', 'schemas'));

function webhook(worker: Partial<HrWorkerHiredWebhook['worker']> = {}): HrWorkerHiredWebhook {
  return {
    eventType: 'worker.hired',
    eventId: 'wh-FEN-10234-1',
    occurredAt: '2026-11-20T10:15:00Z',
    organisation: 'FEN',
    worker: {
      workerNumber: 'FEN-10234',
      givenName: 'Amira',
      middleNames: 'Grace',
      familyName: 'Okafor',
      birthDate: '1994-03-17',
      nationalInsurance: 'QQ123456C',
      workEmail: 'amira.okafor@example.police.uk',
      category: 'POLICE_OFFICER',
      rank: 'Constable',
      position: 'Police Constable',
      payGrade: 'PC-1',
      department: { id: 'NPT-03', name: 'Neighbourhood Policing Team 3' },
      costCentre: 'FEN4410',
      fte: 1,
      annualSalaryGBP: '29961.10',
      hireDate: '2026-12-01',
      ...worker,
    },
  };
}

describe('toMinorUnits', () => {
  it.each([
    ['29961.1', 2996110],
    ['29961.10', 2996110],
    ['0.07', 7],
    ['0.29', 29],
    ['1.15', 115],
    ['12', 1200],
    [' 45.5 ', 4550],
  ])('reads %p as %i pence, without float rounding', (amount, pence) => {
    expect(toMinorUnits(amount)).toBe(pence);
  });

  it.each(['', '-1.00', '1.234', '1,000.00', '12.', '.50', '£12', 'abc'])('refuses %p', (amount) => {
    expect(() => toMinorUnits(amount)).toThrow(/not an amount/);
  });
});

describe('HrSourceConnector.toEvents', () => {
  const hr = new HrSourceConnector();
  const ctx = { tenant: 'fen', source: HR_SOURCE };

  it('turns a hire into a joiner event whose data passes the canonical schema', () => {
    const [event] = hr.toEvents(webhook(), ctx);
    expect(event).toMatchObject({ specversion: '1.0', id: 'wh-FEN-10234-1', source: HR_SOURCE, type: 'hr.employee.joined.v1', subject: 'FEN-10234', tenant: 'fen', time: '2026-11-20T10:15:00Z' });
    expect(registry.validate(event.type, event.data)).toEqual([]);
  });

  it('carries the salary in pence and the worker type in the canonical vocabulary', () => {
    const [event] = hr.toEvents(webhook(), ctx);
    const employment = (event.data as { employment: Record<string, unknown> }).employment;
    expect(employment.annualSalary).toEqual({ amountMinor: 2996110, currency: 'GBP' });
    expect(employment.workerType).toBe('officer');
  });

  it.each(['POLICE_STAFF', 'SPECIAL_CONSTABLE'] as const)('maps a %s without the optional fields to valid data', (category) => {
    const [event] = hr.toEvents(webhook({ category, rank: undefined, middleNames: undefined, nationalInsurance: undefined, workEmail: undefined }), ctx);
    expect(registry.validate(event.type, event.data)).toEqual([]);
  });
});
