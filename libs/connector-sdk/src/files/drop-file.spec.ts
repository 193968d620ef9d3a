import type { FileSourceContext } from './file-source';
import { checkDropFileName, controlTotalProblem, openCsvDropFile, recordCountProblem } from './drop-file';

const naming = { pattern: /^RUN_([A-Z]+)_(\d{6})\.csv$/, form: 'RUN_<FORCE>_<YYYYMM>.csv', what: 'pay run' };
const ctx = (fileName: string, tenant = 'fen'): FileSourceContext => ({ tenant, source: 'urn:erp-hub:source:x', fileName, fileHash: 'h' });

describe('checkDropFileName', () => {
  it('gives the match of a name of the form, of the drop directory’s force', () => {
    const named = checkDropFileName(ctx('RUN_FEN_202612.csv'), 'FEN', naming);
    expect('name' in named && named.name[2]).toBe('202612');
  });

  it('refuses a name not of the form, saying the form', () => {
    expect(checkDropFileName(ctx('RUN_FEN.csv'), 'FEN', naming)).toEqual({ fileError: 'RUN_FEN.csv is not a pay run file name (RUN_<FORCE>_<YYYYMM>.csv)' });
    expect(checkDropFileName(ctx('x.csv'), 'FEN', { ...naming, what: 'export' })).toEqual({ fileError: 'x.csv is not an export file name (RUN_<FORCE>_<YYYYMM>.csv)' });
  });

  it("refuses another force's file in this force's directory", () => {
    expect(checkDropFileName(ctx('RUN_MOOR_202612.csv'), 'FEN', naming)).toEqual({ fileError: "RUN_MOOR_202612.csv is force MOOR's pay run; this drop directory is force FEN's" });
  });
});

describe('openCsvDropFile', () => {
  it('reads the records of a well-named file, with the force in capitals', () => {
    expect(openCsvDropFile('H,1\nT,1\n', ctx('RUN_FEN_202612.csv'), naming)).toMatchObject({ force: 'FEN', rows: [{ line: 1, fields: ['H', '1'] }, { line: 2, fields: ['T', '1'] }] });
  });

  it('refuses a file that is not CSV, and checks the name before reading', () => {
    expect(openCsvDropFile('H,"open\n', ctx('RUN_FEN_202612.csv'), naming)).toEqual({ fileError: expect.stringMatching(/^RUN_FEN_202612.csv is not readable CSV: /) });
    expect(openCsvDropFile('H,"open\n', ctx('RUN_FEN_202612.csv', 'moor'), naming)).toEqual({ fileError: expect.stringMatching(/is force FEN's pay run; this drop directory is force MOOR's/) });
  });
});

describe('trailer checks', () => {
  it('says nothing when the count matches, as a number or as digits of the form', () => {
    expect(recordCountProblem(3, 3, 'records')).toBeUndefined();
    expect(recordCountProblem('0000003', 3, 'records', /^\d{7}$/)).toBeUndefined();
  });

  it('names a count that does not match, or is not a count', () => {
    expect(recordCountProblem(4, 3, 'completions')).toBe('record count: the trailer says 4, the file has 3 completions');
    expect(recordCountProblem('3', 3, 'records', /^\d{7}$/)).toBe('record count: the trailer says 3, the file has 3 records');
    expect(recordCountProblem('', 0, 'records')).toBe('record count: the trailer says (nothing), the file has 0 records');
  });

  it('compares control totals as the file writes them', () => {
    expect(controlTotalProblem('gross', '10.00', '10.00')).toBeUndefined();
    expect(controlTotalProblem('gross', '10.01', '10.00')).toBe('control total of gross: the trailer says 10.01, the records add up to 10.00');
  });
});
