import { fingerprint, parseFingerprint } from './fingerprint';

describe('fingerprint', () => {
  it('joins reason, target and status', () => {
    expect(fingerprint('target-rejected', 'payroll-fen', 422)).toBe('target-rejected|payroll-fen|422');
  });

  it('joins reason, target and field', () => {
    expect(fingerprint('mapping-failed', 'payroll-fen', '/data/employment/annualSalary/currency')).toBe('mapping-failed|payroll-fen|/data/employment/annualSalary/currency');
  });

  it('leaves the last part out when there is neither field nor status', () => {
    expect(fingerprint('target-unavailable', 'dms-cam')).toBe('target-unavailable|dms-cam');
    expect(fingerprint('target-unavailable', 'dms-cam', '')).toBe('target-unavailable|dms-cam');
  });

  it('folds array indices in a field so one bad field on many lines is one group', () => {
    expect(fingerprint('mapping-failed', 'finance-fen', '/data/lines/3/amount')).toBe('mapping-failed|finance-fen|/data/lines/*/amount');
    expect(fingerprint('mapping-failed', 'finance-fen', '/data/lines/12')).toBe('mapping-failed|finance-fen|/data/lines/*');
    expect(fingerprint('mapping-failed', 'finance-fen', '/data/line2/amount')).toBe('mapping-failed|finance-fen|/data/line2/amount');
  });

  it('is stable: same inputs, same string', () => {
    expect(fingerprint('target-rejected', 'payroll-fen', 409)).toBe(fingerprint('target-rejected', 'payroll-fen', 409));
  });

  it('parses back into its parts', () => {
    expect(parseFingerprint('target-rejected|payroll-fen|422')).toEqual({ reason: 'target-rejected', target: 'payroll-fen', fieldOrStatus: '422' });
    expect(parseFingerprint('target-unavailable|dms-cam')).toEqual({ reason: 'target-unavailable', target: 'dms-cam' });
    expect(parseFingerprint('mapping-failed|x|/a|b')).toEqual({ reason: 'mapping-failed', target: 'x', fieldOrStatus: '/a|b' });
  });
});
