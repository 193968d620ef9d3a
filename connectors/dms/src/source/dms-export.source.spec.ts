import { createHash } from 'node:crypto';
import type { ParsedFile, ParsedRecord } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { DmsExportRecord } from '../dms.format';
import { DMS_SOURCE } from '../dms.manifest';
import { dmsExportFile, DmsExportOptions } from './dms-export.writer';
import { DmsExportFileSource } from './dms-export.source';
import { annualLeave, earlyShift, overtimeNight, partDayToil } from '../testing/samples';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const dms = new DmsExportFileSource();

function parse(records: DmsExportRecord[], opts: DmsExportOptions & { force?: string; tenant?: string } = {}): ParsedFile {
  const { fileName, content } = dmsExportFile(opts.force ?? 'fen', records, { exportedAt: '20261219183000', ...opts });
  const fileHash = createHash('sha256').update(content).digest('hex');
  return dms.parseFile(content, { tenant: opts.tenant ?? 'fen', source: DMS_SOURCE, fileName, fileHash });
}

const eventsOf = (r: ParsedRecord): CanonicalEvent[] => ('events' in r ? r.events : []);
const errorOf = (r: ParsedRecord): string | undefined => ('error' in r ? r.error : undefined);

describe('DmsExportFileSource', () => {
  it('reads only DMS export file names', () => {
    expect(dms.filePattern.test('DMSEXP_FEN_20261219183000.DAT')).toBe(true);
    expect(['DMSEXP_FEN_20261219183000.DAT.tmp', '.DMSEXP_FEN_20261219183000.DAT.tmp', 'DMSIMP_FEN_k1.DAT'].filter((n) => dms.filePattern.test(n))).toEqual([]);
  });

  it('turns a good file into one valid event per record, in the canonical vocabulary', () => {
    const parsed = parse([earlyShift(), overtimeNight(), annualLeave(), partDayToil()]);
    expect(parsed.fileError).toBeUndefined();
    const events = parsed.records.flatMap(eventsOf);
    expect(events.map((e) => [e.type, e.subject])).toEqual([
      ['dms.shift.rostered.v1', 'FEN-10234'],
      ['dms.shift.rostered.v1', 'FEN-30561'],
      ['dms.leave.booked.v1', 'FEN-30561'],
      ['dms.leave.booked.v1', 'FEN-20417'],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ specversion: '1.0', source: DMS_SOURCE, tenant: 'fen' });
      expect(registry.validate(e.type, e.data)).toEqual([]);
    }
    expect(events[1].data).toEqual({
      shiftId: 'FEN-SH-20261231-0093',
      employeeId: 'FEN-30561',
      shiftDate: '2026-12-31',
      start: '18:00',
      end: '04:00',
      dutyCode: 'OT',
      station: { code: 'FEN-CEN', name: 'Fenbridge Central' },
      paidHours: 9.75,
      overtime: true,
      costCentre: 'FEN8800',
      operation: "Op Firework (New Year's Eve)",
    });
    expect(events[2].data).toEqual({
      leaveId: 'FEN-LV-0045112',
      employeeId: 'FEN-30561',
      leaveType: 'annual-leave',
      period: { from: '2027-03-29', to: '2027-04-02' },
      status: 'approved',
      days: 5,
      approvedBy: { employeeId: 'FEN-21877', forename: 'Priya', surname: 'Chandran' },
    });
    expect(events[3].data).toMatchObject({ leaveType: 'time-off-in-lieu', days: 0.5, partDayHours: 4, approvedBy: { employeeId: 'FEN-11873' } });
    expect(events[0].data).toMatchObject({ paidHours: 10, overtime: false });
    expect(events[0].data).not.toHaveProperty('costCentre');
  });

  it.each([
    ['TL', 'time-off-in-lieu'],
    ['RL', 'rest-day-in-lieu'],
    ['BH', 'bank-holiday'],
    ['ST', 'study-leave'],
    ['SP', 'special-leave'],
  ])('maps leave type %s to %s, and status C to cancelled', (code, leaveType) => {
    const [record] = parse([annualLeave({ leaveType: code, status: 'C', days: undefined })]).records;
    expect(eventsOf(record)[0].data).toMatchObject({ leaveType, status: 'cancelled' });
    expect(eventsOf(record)[0].data).not.toHaveProperty('days');
  });

  it('gives a record the same id in a later export, and an amended one a new id that still starts with the DMS id', () => {
    const first = parse([earlyShift()]).records.flatMap(eventsOf)[0];
    const again = parse([earlyShift()], { exportedAt: '20261220060000', sequence: 43 }).records.flatMap(eventsOf)[0];
    const amended = parse([earlyShift({ end: '1500', hours: 8 })]).records.flatMap(eventsOf)[0];
    expect(again.id).toBe(first.id);
    expect(first.id).toMatch(/^FEN-SH-20261220-1177\.[0-9a-f]{12}$/);
    expect(amended.id).toMatch(/^FEN-SH-20261220-1177\./);
    expect(amended.id).not.toBe(first.id);
    const booked = parse([annualLeave()]).records.flatMap(eventsOf)[0];
    const cancelled = parse([annualLeave({ status: 'C' })]).records.flatMap(eventsOf)[0];
    expect(cancelled.id).not.toBe(booked.id);
  });

  it('quarantines a bad LV in the middle with its line number while the other records go through', () => {
    const parsed = parse([earlyShift(), overtimeNight(), annualLeave({ leaveType: 'ZZ' }), partDayToil(), earlyShift({ shiftId: 'FEN-SH-20261221-1178', shiftDate: '20261221' })]);
    expect(parsed.fileError).toBeUndefined();
    expect(parsed.records.map((r) => [r.line, errorOf(r) ?? eventsOf(r).length])).toEqual([
      [2, 1],
      [3, 1],
      [4, 'LV leave type "ZZ" is not known'],
      [5, 1],
      [6, 1],
    ]);
    expect(parsed.records[2].raw).toMatch(/^LVFEN FEN-LV-0045112/);
  });

  it('names every fault of a record at once', () => {
    const [record] = parse([earlyShift({ shiftDate: '20260231', start: '2460', overtime: 'X' as 'Y', stationName: '' })]).records;
    expect(errorOf(record)).toBe('SH shift date "20260231" is not a date (YYYYMMDD); start time "2460" is not a time (HHMM); station name is missing; overtime flag "X" is not known');
  });

  it.each([
    ['more than 24 paid hours', earlyShift({ hours: 24.5 }), 'SH hours 24.5 are more than a day'],
    ['a duty code the canonical model cannot hold', earlyShift({ dutyCode: 'e/l' }), 'SH duty code "e/l" is not valid'],
    ['leave that ends before it starts', annualLeave({ endDate: '20270301' }), 'LV ends 2027-03-01 before it starts 2027-03-29'],
    ['a part day over two days', partDayToil({ endDate: '20261219' }), 'LV a part day must start and end on the same day'],
    ['days that are not halves', annualLeave({ days: 0.3 }), 'LV days "003" is not a number of half days (tenths)'],
    ['an unknown status', annualLeave({ status: 'P' as 'A' }), 'LV status "P" is not known'],
  ])('refuses a record with %s', (_, record, reason) => {
    expect(parse([record]).records.map(errorOf)).toEqual([reason]);
  });

  it("reports the file's trailer, and what each record adds to its control total, bad records included", () => {
    const records = [earlyShift(), annualLeave({ leaveType: 'ZZ' }), partDayToil()];
    const parsed = parse(records);
    const hundredths = records.map((r) => Math.round(r.hours * 100));
    expect(parsed.control).toEqual({ kind: 'DMS_EXPORT', records: 3, total: hundredths.reduce((a, b) => a + b, 0), unit: 'hundredths-of-an-hour' });
    expect(parsed.records.map((r) => [r.controlAmount, errorOf(r) === undefined])).toEqual([[hundredths[0], true], [hundredths[1], false], [hundredths[2], true]]);
    // A file refused whole reports no trailer: it cannot be trusted.
    expect(parse([earlyShift()], { controlTotal: 1 }).control).toBeUndefined();
  });

  it("refuses another force's record and reads nothing else of it", () => {
    const parsed = parse([earlyShift(), annualLeave({ force: 'MOOR', leaveType: 'ZZ' })]);
    expect(parsed.records.map((r) => errorOf(r) ?? 'ok')).toEqual(['ok', 'LV belongs to force MOOR, not FEN']);
  });

  it('refuses the whole file, posting nothing, when the control total does not match', () => {
    expect(parse([earlyShift(), annualLeave()], { controlTotal: 4999 })).toEqual({
      records: [],
      fileError: 'control total of hours: the trailer says 000000004999, the records add up to 000000005000',
    });
  });

  it('refuses the whole file when the record count does not match', () => {
    expect(parse([earlyShift()], { recordCount: 2 })).toEqual({ records: [], fileError: expect.stringMatching(/record count: the trailer says 0000002, the file has 1 detail records/) });
  });

  it("refuses another force's file dropped in this force's directory", () => {
    const { content } = dmsExportFile('moor', [earlyShift()], { exportedAt: '20261219183000' });
    const ctx = { tenant: 'fen', source: DMS_SOURCE, fileHash: 'x' };
    expect(dms.parseFile(content, { ...ctx, fileName: 'DMSEXP_FEN_20261219183000.DAT' })).toEqual({ records: [], fileError: "header force MOOR is not this drop's force FEN" });
    expect(dms.parseFile(content, { ...ctx, fileName: 'DMSEXP_MOOR_20261219183000.DAT' })).toEqual({ records: [], fileError: "DMSEXP_MOOR_20261219183000.DAT is force MOOR's export; this drop directory is force FEN's" });
  });
});
