import { ProblemException } from '@hub/http-problem';
import { readActionReason, readQuarantineFilter, readQuarantineStates } from './quarantine-query';

const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as ProblemException;
  }
  throw new Error('expected a problem');
};

describe('quarantine query', () => {
  it('reads the filter fields it knows and refuses an unknown reason or a bad date, naming the field', () => {
    expect(readQuarantineFilter({ tenant: 'fen', reason: 'not-carriable', type: '', other: 'x' })).toEqual({ tenant: 'fen', reason: 'not-carriable' });
    expect(problemOf(() => readQuarantineFilter({ reason: 'broken' }))).toMatchObject({ status: 400, errors: [{ path: '/reason', message: expect.stringContaining('undecodable, not-carriable, unknown-type, schema-violation, ledger-refused') }] });
    expect(problemOf(() => readQuarantineFilter({ from: 'last tuesday' }))).toMatchObject({ status: 400, errors: [{ path: '/from' }] });
  });

  it('reads states: open by default, all, or a list', () => {
    expect(readQuarantineStates(undefined)).toEqual(['open']);
    expect(readQuarantineStates('all')).toEqual(['open', 'released', 'discarded']);
    expect(readQuarantineStates('released, discarded')).toEqual(['released', 'discarded']);
    expect(problemOf(() => readQuarantineStates('closed'))).toMatchObject({ status: 400, errors: [{ path: '/state' }] });
  });

  it('requires a discard reason of a sensible length, from the query or the body', () => {
    expect(readActionReason(undefined, { reason: '  withdrawn by HR ' }, true, 'x')).toBe('withdrawn by HR');
    expect(readActionReason('duplicate', undefined, true, 'x')).toBe('duplicate');
    expect(readActionReason(undefined, undefined, false, 'x')).toBeUndefined();
    expect(problemOf(() => readActionReason(undefined, {}, true, 'it is discarded'))).toMatchObject({ status: 400, title: 'Reason required', errors: [{ path: '/reason', message: 'say why it is discarded' }] });
    expect(problemOf(() => readActionReason(undefined, { reason: 'no' }, true, 'x'))).toMatchObject({ status: 400 });
    expect(problemOf(() => readActionReason(undefined, { reason: 42 }, true, 'x'))).toMatchObject({ status: 400, errors: [{ path: '/reason', message: 'must be a string' }] });
  });
});
