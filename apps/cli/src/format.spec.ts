import { table } from './format';

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
