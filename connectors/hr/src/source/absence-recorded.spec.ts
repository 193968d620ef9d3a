import { read, readOne } from './webhook.spec-support';
import { absence } from '../testing/samples';
import { sourceRefusal } from '@hub/connector-sdk/testing';

describe('absence.recorded → hr.absence.recorded.v1', () => {
  it('carries the absence under its stable reference, with the Home Office reason category', () => {
    const e = readOne(absence());
    expect(e).toMatchObject({ type: 'hr.absence.recorded.v1', subject: 'FEN-10234', id: 'wh-FEN-ABS-0099812-1' });
    expect(e.data).toEqual({
      absenceId: 'FEN-ABS-0099812',
      employeeId: 'FEN-10234',
      absenceType: 'sickness',
      reasonCategory: 'musculoskeletal',
      dutyRelated: false,
      effectiveFrom: '2026-11-02',
      effectiveTo: '2026-11-06',
    });
  });

  it('carries an open absence (still off) without an end, and a part day with its hours', () => {
    const e = readOne(absence({ lastDayAbsent: undefined, hoursLost: 3.5, firstDayAbsent: '2026-11-02' }));
    expect(e.data).not.toHaveProperty('effectiveTo');
    expect(e.data.partDayHours).toBe(3.5);
  });

  it.each([
    ['IOD', 'ASSAULT', 'injury-on-duty', 'injury-assault'],
    ['SICK', 'PSYCH', 'sickness', 'mental-health'],
  ] as const)('maps %s with %s to %s / %s', (absenceCode, sicknessReason, absenceType, reasonCategory) => {
    expect(readOne(absence({ absenceCode, sicknessReason, workRelated: true })).data).toMatchObject({ absenceType, reasonCategory, dutyRelated: true });
  });

  it.each(['SPL', 'SUSPENDED'] as const)('maps %s without a sickness reason', (absenceCode) => {
    expect(readOne(absence({ absenceCode, sicknessReason: undefined, workRelated: undefined })).data).not.toHaveProperty('reasonCategory');
  });

  it.each([
    ['an unknown absence code', { absenceCode: 'HOLIDAY' }, '/absence/absenceCode'],
    ['a reference not in the canonical form', { absenceReference: 'abs 99' }, '/absence/absenceReference'],
    ['more than a day of hours lost', { hoursLost: 25 }, '/absence/hoursLost'],
    ['workRelated that is not true or false', { workRelated: 'Y' }, '/absence/workRelated'],
    ['an end before the start', { lastDayAbsent: '2026-11-01' }, '/absence/lastDayAbsent'],
    ['no worker number', { workerNumber: undefined }, '/absence/workerNumber'],
  ])('refuses %s, naming the field', (_, a, field) => {
    expect(sourceRefusal(() => read(absence(a as never)))).toMatchObject({ field });
  });
});
