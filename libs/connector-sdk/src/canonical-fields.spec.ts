import { canonicalCodeOf, carriedFields, valueAtPointer } from './canonical-fields';

describe('carriedFields', () => {
  it('keeps what a record carries and drops what it leaves out or empty', () => {
    expect(carriedFields({ '/data/a': 'x', '/data/b': 0, '/data/c': false, '/data/d': null, '/data/e': undefined, '/data/f': '' })).toEqual({
      '/data/a': 'x',
      '/data/b': 0,
      '/data/c': false,
      '/data/f': '',
    });
  });
});

describe('canonicalCodeOf', () => {
  const LEAVING: Record<'resignation' | 'retirement', string> = { resignation: 'RES', retirement: 'RET' };

  it('reads a code table backwards', () => {
    expect(canonicalCodeOf(LEAVING, 'RET')).toBe('retirement');
    expect(canonicalCodeOf(LEAVING, 'QUIT')).toBeUndefined();
  });

  it('says nothing when two canonical codes share the system code, unless the comparison tells them apart', () => {
    const MOVE: Record<'promotion' | 'temporary-promotion', { reason: string; temporary: boolean }> = {
      promotion: { reason: 'PROMOTION', temporary: false },
      'temporary-promotion': { reason: 'PROMOTION', temporary: true },
    };
    expect(canonicalCodeOf(MOVE, { reason: 'PROMOTION', temporary: true }, (a, b) => a.reason === b.reason)).toBeUndefined();
    expect(canonicalCodeOf(MOVE, { reason: 'PROMOTION', temporary: true }, (a, b) => a.reason === b.reason && a.temporary === b.temporary)).toBe('temporary-promotion');
  });
});

describe('valueAtPointer', () => {
  const event = { type: 't', data: { name: { surname: 'Okafor' }, 'a/b': { '~c': 1 }, list: ['x', 'y'], empty: null } };

  it('follows a JSON Pointer into an event, escapes included', () => {
    expect(valueAtPointer(event, '/data/name/surname')).toBe('Okafor');
    expect(valueAtPointer(event, '/data/a~1b/~0c')).toBe(1);
    expect(valueAtPointer(event, '/data/list/1')).toBe('y');
    expect(valueAtPointer(event, '/data/empty')).toBeNull();
    expect(valueAtPointer(event, '')).toBe(event);
  });

  it('answers undefined where the pointer leads nowhere, and refuses what is not a pointer', () => {
    expect(valueAtPointer(event, '/data/name/forename')).toBeUndefined();
    expect(valueAtPointer(event, '/data/name/surname/x')).toBeUndefined();
    expect(valueAtPointer(event, '/data/empty/x')).toBeUndefined();
    expect(valueAtPointer(event, '/data/toString')).toBeUndefined();
    expect(() => valueAtPointer(event, 'data/name')).toThrow('not a JSON Pointer');
  });
});
