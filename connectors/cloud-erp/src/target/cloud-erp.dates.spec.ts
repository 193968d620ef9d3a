import { addDays } from './cloud-erp.dates';

describe('addDays', () => {
  it.each([
    ['2027-01-01', -1, '2026-12-31'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2027-03-28', 1, '2027-03-29'],
    ['2026-10-25', -1, '2026-10-24'],
    ['2027-05-15', 0, '2027-05-15'],
  ])('%s with %i day(s) added is %s, over month, year, leap-day and clock changes', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(addDays(expected, -days)).toBe(date);
  });

  it('refuses what is not an ISO date', () => {
    expect(() => addDays('01/01/2027', 1)).toThrow('not an ISO date');
  });
});
