import { duration, table } from './format';

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
