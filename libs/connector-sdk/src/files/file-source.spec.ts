import { penceOf, poundsOf, readFixedWidth, writeFixedWidth } from './file-source';

const layout = { kind: { start: 1, length: 2 }, ref: { start: 3, length: 6 }, hours: { start: 9, length: 4 } };

describe('fixed-width records', () => {
  it('writes and reads back by 1-based columns, numbers right-aligned with zeros', () => {
    const line = writeFixedWidth({ kind: 'SH', ref: 'A12', hours: '75' }, layout, { hours: 'right' });
    expect(line).toBe('SHA12   0075');
    expect(readFixedWidth(line, layout)).toEqual({ kind: 'SH', ref: 'A12', hours: '0075' });
  });

  it('refuses a value longer than its field instead of cutting it', () => {
    expect(() => writeFixedWidth({ kind: 'SH', ref: 'TOOLONG', hours: '1' }, layout)).toThrow(/ref "TOOLONG" is longer than its 6 columns/);
  });

  it('reads a short line as empty trailing fields', () => {
    expect(readFixedWidth('SH', layout)).toEqual({ kind: 'SH', ref: '', hours: '' });
  });
});

describe('money in files', () => {
  it.each([
    ['1234.5', 123450],
    ['-12.07', -1207],
    ['0.29', 29],
    ['7', 700],
  ])('penceOf(%p) = %i and back', (text, pence) => {
    expect(penceOf(text)).toBe(pence);
    expect(penceOf(poundsOf(pence))).toBe(pence);
  });

  it.each(['', '1.234', '1,000', '£5', 'x'])('refuses %p', (text) => expect(() => penceOf(text)).toThrow(/not an amount/));
  it('writes negatives and small amounts', () => expect([poundsOf(-5), poundsOf(100005)]).toEqual(['-0.05', '1000.05']));
});
