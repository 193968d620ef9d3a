import { read, readOne } from './webhook.spec-support';
import { terminated } from '../testing/samples';
import { sourceRefusal } from '@hub/connector-sdk/testing';
import { dayAfter } from './worker-terminated';

describe('worker.terminated → hr.employee.left.v1', () => {
  it('carries the reason, the last day worked, and has the person gone from the day after the last day of employment', () => {
    const e = readOne(terminated());
    expect(e).toMatchObject({ type: 'hr.employee.left.v1', subject: 'FEN-08811' });
    expect(e.data).toEqual({ employeeId: 'FEN-08811', reason: 'retirement', lastWorkingDay: '2026-12-18', effectiveFrom: '2027-01-01' });
  });

  it.each([
    ['RESIGNED', 'resignation'],
    ['DISMISSED', 'dismissal'],
    ['TRANSFERRED_OUT', 'transfer-out'],
    ['CONTRACT_ENDED', 'end-of-contract'],
    ['DECEASED', 'death-in-service'],
  ] as const)('maps %s to %s', (leavingReason, reason) => {
    expect(readOne(terminated({ leavingReason })).data.reason).toBe(reason);
  });

  it.each([
    ['2026-12-31', '2027-01-01'],
    ['2028-02-28', '2028-02-29'],
    ['2027-02-28', '2027-03-01'],
  ])('the day after %s is %s', (day, next) => {
    expect(dayAfter(day)).toBe(next);
  });

  it('refuses a last day of employment before the last day worked', () => {
    expect(sourceRefusal(() => read(terminated({ lastDayOfEmployment: '2026-12-01' })))).toMatchObject({ field: '/termination/lastDayOfEmployment' });
  });

  it('refuses a date that is not a calendar day', () => {
    expect(sourceRefusal(() => read(terminated({ lastDayWorked: '2026-02-30' })))).toMatchObject({ field: '/termination/lastDayWorked', message: expect.stringContaining('not a date') });
  });
});
