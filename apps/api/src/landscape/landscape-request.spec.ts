import { ProblemException } from '@hub/http-problem';
import { readCutover, readLandscapeChange, readVersion } from './landscape-request';

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemException);
    return { status: (err as ProblemException).status, paths: (err as ProblemException).errors.map((e) => e.path) };
  }
  throw new Error('accepted');
};

describe('readCutover', () => {
  it('reads a cutover request', () => {
    expect(readCutover({ tenant: 'fen', domain: 'hr', reason: 'HR go-live, CHG-3301', keepOldAsShadow: true })).toEqual({ tenant: 'fen', domain: 'hr', reason: 'HR go-live, CHG-3301', keepOldAsShadow: true, dryRun: false });
  });
  it('refuses, field by field, what is not one', () => {
    expect(problem(() => readCutover([]))).toEqual({ status: 400, paths: ['/'] });
    expect(problem(() => readCutover({ tenant: 'Fen!', domain: 'hr.*', reason: 'x', dryRun: 'yes', to: 3, colour: 'red' }))).toEqual({ status: 400, paths: ['/colour', '/tenant', '/domain', '/to', '/dryRun', '/reason'] });
    expect(problem(() => readCutover({ reason: 'go-live' }))).toEqual({ status: 400, paths: ['/tenant', '/domain'] });
  });
});

describe('readLandscapeChange', () => {
  it('reads a change and refuses a body without a document or a reason, or with a bad basedOn', () => {
    expect(readLandscapeChange({ landscape: { tenants: [] }, reason: 'add Vale', basedOn: 4 })).toEqual({ landscape: { tenants: [] }, reason: 'add Vale', basedOn: 4, dryRun: false });
    expect(problem(() => readLandscapeChange({ landscape: [], basedOn: 0 }))).toEqual({ status: 400, paths: ['/landscape', '/basedOn', '/reason'] });
  });
});

describe('readVersion', () => {
  it('takes a positive integer or nothing', () => {
    expect(readVersion('12', 'before')).toBe(12);
    expect(readVersion(undefined, 'before')).toBeUndefined();
    expect(problem(() => readVersion('0', 'version'))).toEqual({ status: 400, paths: ['/version'] });
    expect(problem(() => readVersion('1e3', 'version'))).toEqual({ status: 400, paths: ['/version'] });
  });
});
