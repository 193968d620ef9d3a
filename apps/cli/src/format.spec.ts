import { clock, duration, labelled, leaves, pairs, table } from './format';

describe('table', () => {
  it('lines up columns under their headers and cuts long values', () => {
    const out = table([{ id: 'a', reason: 'target-rejected' }, { id: 'bbbb', reason: 'x'.repeat(60), extra: 1 }], ['id', 'reason'], 10);
    expect(out.split('\n')).toEqual(['id    reason', '----  ----------', 'a     target-re…', 'bbbb  xxxxxxxxx…']);
  });

  it('says (none) for no rows and prints objects as JSON', () => {
    expect(table([], ['id'])).toBe('(none)');
    expect(table([{ v: { a: 1 } }], ['v'])).toContain('{"a":1}');
  });
});

describe('duration', () => {
  it.each([
    [0, '0s'],
    [45.4, '45s'],
    [750, '12m 30s'],
    [3 * 3600 + 5 * 60 + 9, '3h 05m'],
    [2 * 86_400 + 4 * 3600, '2d 04h'],
  ])('%d s → %s', (s, text) => {
    expect(duration(s)).toBe(text);
  });
});

describe('clock', () => {
  it('writes an ISO time as a short UTC clock, and nothing for none', () => {
    expect([clock('2026-11-23T02:18:35.123Z'), clock('2026-11-23T02:18:35Z'), clock(null), clock(undefined)]).toEqual(['2026-11-23 02:18:35Z', '2026-11-23 02:18:35Z', '', '']);
  });
});

describe('pairs', () => {
  it('puts a small object on one line as key=value, leaving out what is empty', () => {
    expect(pairs({ matched: 2, replayed: 2, failed: 0, note: '', tenant: undefined, types: ['hr.*'] })).toBe('matched=2 replayed=2 failed=0 types=["hr.*"]');
    expect(pairs(undefined)).toBe('');
  });
});

describe('leaves', () => {
  it('gives every scalar with its JSON Pointer, escaping ~ and / in keys', () => {
    expect(leaves({ employee: { number: 'FEN-1', 'a/b~c': true }, lines: [{ amount: 1.5 }, null], tags: [], extra: {} })).toEqual([
      ['/employee/number', 'FEN-1'],
      ['/employee/a~1b~0c', 'true'],
      ['/lines/0/amount', '1.5'],
      ['/lines/1', 'null'],
      ['/tags', '[]'],
      ['/extra', '{}'],
    ]);
    expect(leaves('***')).toEqual([['/', '***']]);
  });
});

describe('labelled', () => {
  it('lines the values up after their labels and leaves out the empty ones', () => {
    expect(labelled([['why', 'target-rejected 422'], ['fingerprint', 'x|y|422'], ['backfill', undefined], ['queued', '']])).toEqual(['  why:          target-rejected 422', '  fingerprint:  x|y|422']);
  });
});
