import { dmsExportFile, dmsTimestamp } from './source/dms-export.writer';
import { readDmsExport } from './source/dms-export.reader';
import { DmsLayout, EXPORT_LAYOUTS, IMPORT_LAYOUTS, readRecord, writeRecord } from './dms.layouts';
import { annualLeave, earlyShift, overtimeNight } from './testing/samples';

const at = { exportedAt: '20261219183000', sequence: 42 };

describe('DMS record layouts', () => {
  const all = Object.entries({ ...prefix('export', EXPORT_LAYOUTS), ...prefix('import', IMPORT_LAYOUTS) });

  it.each(all)('%s: fields follow each other from column 1, with no gap or overlap, record type first', (_, layout) => {
    const fields = Object.values(layout).sort((a, b) => a.start - b.start);
    expect(fields[0]).toEqual({ start: 1, length: 2 });
    for (let i = 1; i < fields.length; i++) expect(fields[i].start).toBe(fields[i - 1].start + fields[i - 1].length);
  });

  it('writes numbers right-aligned with zeros, leaves an absent number blank, and reads back', () => {
    const values = { ...readRecord('', EXPORT_LAYOUTS.LV), recordType: 'LV', bookingId: 'B1', days: '', hours: '450' };
    const line = writeRecord(EXPORT_LAYOUTS.LV, values);
    expect(line).toHaveLength(158);
    expect(line.slice(68, 76)).toBe('   00450');
    expect(readRecord(line, EXPORT_LAYOUTS.LV)).toMatchObject({ recordType: 'LV', bookingId: 'B1', days: '', hours: '00450' });
  });

  it('refuses a value longer than its field instead of cutting it', () => {
    expect(() => writeRecord(IMPORT_LAYOUTS.TR, { recordType: 'TR', recordCount: '12345678' })).toThrow(/recordCount "12345678" is longer than its 7 columns/);
  });

  it('stamps export times on the UK wall clock, summer time included', () => {
    expect(dmsTimestamp(new Date('2026-07-01T12:00:05Z'))).toBe('20260701130005');
    expect(dmsTimestamp(new Date('2026-12-01T23:59:59Z'))).toBe('20261201235959');
  });
});

describe('dmsExportFile', () => {
  it('writes HD, the records and a TR with the record count and the hours in hundredths, CR LF ended', () => {
    const { fileName, content } = dmsExportFile('fen', [earlyShift(), overtimeNight(), annualLeave()], at);
    expect(fileName).toBe('DMSEXP_FEN_20261219183000.DAT');
    const lines = content.split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('');
    expect(lines[0]).toBe('HDFEN 20261219183000000042');
    expect(lines[4]).toBe(`TR0000003${String(1000 + 975 + 4000).padStart(12, '0')}`);
    const shift = ['SH', 'FEN ', 'FEN-SH-20261220-1177'.padEnd(24), 'FEN-10234'.padEnd(20), '20261220', '0700', '1700', 'E'.padEnd(8), 'FEN-MARCH'.padEnd(20)];
    expect(lines[1]).toBe([...shift, 'March Police Station'.padEnd(60), '01000', 'N', ' '.repeat(12), ' '.repeat(60)].join(''));
  });

  it('writes the wrong control total or count a test asks for', () => {
    const { content } = dmsExportFile('FEN', [earlyShift()], { ...at, controlTotal: 999, recordCount: 7 });
    expect(content.split('\r\n')[2]).toBe('TR0000007000000000999');
  });

  it('refuses hours it cannot write exactly', () => {
    expect(() => dmsExportFile('fen', [earlyShift({ hours: 7.333 })], at)).toThrow(/SH hours 7.333/);
  });
});

describe('readDmsExport', () => {
  const file = (records = [earlyShift(), annualLeave()]) => dmsExportFile('fen', records, at).content;

  it('cuts a valid export into its header and detail records, numbered by line', () => {
    const read = readDmsExport(file(), 'FEN');
    expect(read).toEqual({
      file: {
        header: { recordType: 'HD', force: 'FEN', exportedAt: '20261219183000', sequence: '000042' },
        details: [
          expect.objectContaining({ line: 2, recordType: 'SH', values: expect.objectContaining({ shiftId: 'FEN-SH-20261220-1177', hours: '01000', costCentre: '' }) }),
          expect.objectContaining({ line: 3, recordType: 'LV', values: expect.objectContaining({ bookingId: 'FEN-LV-0045112', days: '050', approverSurname: 'Chandran' }) }),
        ],
        // The trailer as checked: both records, and their hours in hundredths.
        trailer: { recordCount: 2, controlTotal: (earlyShift().hours + annualLeave().hours) * 100 },
      },
    });
  });

  it('takes bare LF line ends too', () => {
    expect(readDmsExport(file().replaceAll('\r\n', '\n'), 'FEN')).toEqual(readDmsExport(file(), 'FEN'));
  });

  it('keeps an unknown record type as a detail of its own, judged later', () => {
    const lines = file().split('\r\n');
    lines.splice(2, 0, 'ZZ something else');
    const fixedCount = lines.join('\r\n').replace(/TR0000002/, 'TR0000003');
    expect(readDmsExport(fixedCount, 'FEN')).toMatchObject({ file: { details: [{ recordType: 'SH' }, { line: 3, recordType: 'unknown', found: 'ZZ' }, { recordType: 'LV' }] } });
  });

  it.each([
    ['an empty file', () => '', /the file is empty/],
    ['no header', () => file().split('\r\n').slice(1).join('\r\n'), /line 1: no HD header record \(found "SH"\)/],
    ['another force in the header', () => file().replace('HDFEN ', 'HDMOOR'), /header force MOOR is not this drop's force FEN/],
    ['a file cut short', () => file().split('\r\n').slice(0, 2).join('\r\n'), /no TR trailer record after line 2/],
    ['a header in the middle', () => file().replace('LVFEN', 'HDFEN'), /line 3: a HD record inside the file/],
    ['a record count that does not match', () => dmsExportFile('fen', [earlyShift()], { ...at, recordCount: 2 }).content, /record count: the trailer says 0000002, the file has 1 detail records/],
    ['a control total that does not match', () => dmsExportFile('fen', [earlyShift()], { ...at, controlTotal: 1001 }).content, /control total of hours: the trailer says 000000001001, the records add up to 000000001000/],
    ['hours that are not a number', () => file().replace('01000N', '01O00N'), /line 2: hours "01O00" cannot be added to the control total/],
  ])('refuses %s as a whole', (_, content, reason) => {
    const read = readDmsExport(content(), 'FEN');
    expect(read).toEqual({ fileError: expect.stringMatching(reason) });
  });
});

function prefix(name: string, layouts: Record<string, DmsLayout>): Record<string, DmsLayout> {
  return Object.fromEntries(Object.entries(layouts).map(([k, v]) => [`${name} ${k}`, v]));
}
