import { readFixedWidth, writeFixedWidth } from './file-source';

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
