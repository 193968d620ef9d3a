import { createHash } from 'node:crypto';
import type { DmsLeaveBookedV1Data, DmsShiftRosteredV1Data } from '@hub/canonical-types';
import { COST_CENTRE, EMPLOYEE_ID, FileSourceContext, ParsedRecord, RECORD_ID } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { FLAGS, LEAVE_STATUSES, LEAVE_TYPES } from '../dms.codes';
import type { ExportDetail } from './dms-export.reader';
import { isoDate } from '../dms.layouts';

// The duty code's pattern (schemas/dms.shift.rostered.v1.json); the others are the canonical model's (@hub/connector-sdk).
const DUTY_CODE = /^[A-Z0-9]{1,8}$/;

/** Collects what is wrong with one record, so its quarantine entry names every fault at once. */
class Problems {
  readonly list: string[] = [];

  add(problem: string): void {
    this.list.push(problem);
  }

  matching(value: string, pattern: RegExp, what: string): string {
    if (!pattern.test(value)) this.add(`${what} "${value}" is not valid`);
    return value;
  }

  /** YYYYMMDD, a real calendar day → YYYY-MM-DD. */
  date(value: string, what: string): string {
    const iso = isoDate(value);
    if (!iso) this.add(`${what} "${value}" is not a date (YYYYMMDD)`);
    return iso ?? value;
  }

  /** HHMM on the 24-hour clock → HH:MM. */
  time(value: string, what: string): string {
    if (!/^([01]\d|2[0-3])[0-5]\d$/.test(value)) this.add(`${what} "${value}" is not a time (HHMM)`);
    return `${value.slice(0, 2)}:${value.slice(2)}`;
  }

  code<T>(table: Record<string, T>, value: string, what: string): T {
    if (!(value in table)) this.add(`${what} "${value}" is not known`);
    return table[value];
  }

  present(value: string, what: string): string {
    if (!value) this.add(`${what} is missing`);
    return value;
  }
}

type Values<K extends 'SH' | 'LV'> = Extract<ExportDetail, { recordType: K }>['values'];

function shiftData(v: Values<'SH'>, p: Problems): DmsShiftRosteredV1Data {
  const paidHours = Number(v.hours) / 100;
  if (paidHours > 24) p.add(`hours ${paidHours} are more than a day`);
  return {
    shiftId: p.matching(v.shiftId, RECORD_ID, 'shift id'),
    employeeId: p.matching(v.employeeNo, EMPLOYEE_ID, 'employee number'),
    shiftDate: p.date(v.shiftDate, 'shift date'),
    start: p.time(v.start, 'start time'),
    end: p.time(v.end, 'end time'),
    dutyCode: p.matching(v.dutyCode, DUTY_CODE, 'duty code'),
    station: { code: p.present(v.stationCode, 'station code'), name: p.present(v.stationName, 'station name') },
    paidHours,
    overtime: p.code(FLAGS, v.overtime, 'overtime flag'),
    ...(v.costCentre ? { costCentre: p.matching(v.costCentre, COST_CENTRE, 'cost centre') } : {}),
    ...(v.operation ? { operation: v.operation } : {}),
  };
}

function leaveData(v: Values<'LV'>, p: Problems): DmsLeaveBookedV1Data {
  const period = { from: p.date(v.startDate, 'start date'), to: p.date(v.endDate, 'end date') };
  if (period.to < period.from) p.add(`ends ${period.to} before it starts ${period.from}`);
  const partDay = p.code(FLAGS, v.partDay, 'part-day flag');
  if (partDay && period.from !== period.to) p.add('a part day must start and end on the same day');
  const partDayHours = Number(v.hours) / 100;
  if (partDay && partDayHours > 24) p.add(`part-day hours ${partDayHours} are more than a day`);
  let days: number | undefined;
  if (v.days) {
    days = /^\d{3}$/.test(v.days) ? Number(v.days) / 10 : NaN;
    if (!(days >= 0.5 && (days * 2) % 1 === 0)) p.add(`days "${v.days}" is not a number of half days (tenths)`);
  }
  const approver = v.approverNo
    ? {
        employeeId: p.matching(v.approverNo, EMPLOYEE_ID, 'approver number'),
        ...(v.approverForename ? { forename: v.approverForename } : {}),
        ...(v.approverSurname ? { surname: v.approverSurname } : {}),
      }
    : undefined;
  return {
    leaveId: p.matching(v.bookingId, RECORD_ID, 'booking id'),
    employeeId: p.matching(v.employeeNo, EMPLOYEE_ID, 'employee number'),
    leaveType: p.code(LEAVE_TYPES, v.leaveType, 'leave type'),
    period,
    status: p.code(LEAVE_STATUSES, v.status, 'status'),
    ...(days !== undefined ? { days } : {}),
    ...(partDay ? { partDayHours } : {}),
    ...(approver ? { approvedBy: approver } : {}),
  };
}

/**
 * The event id is the DMS's own shift or booking id plus a digest of what the record says: a
 * record exported again unchanged gets the same id (the hub drops the repeat), while an amended
 * shift or a cancelled booking, which keeps its DMS id, gets a new one and is delivered.
 */
function eventOf(type: string, recordId: string, data: { employeeId: string }, ctx: FileSourceContext): CanonicalEvent {
  const digest = createHash('sha256').update(type).update(JSON.stringify(data)).digest('hex').slice(0, 12);
  return { specversion: '1.0', id: `${recordId}.${digest}`, source: ctx.source, type, subject: data.employeeId, tenant: ctx.tenant, data };
}

/** One detail record → its event, or the reason it cannot be one (quarantined with its line). */
export function parseExportDetail(d: ExportDetail, force: string, ctx: FileSourceContext): ParsedRecord {
  const { line, raw } = d;
  if (d.recordType === 'unknown') return { line, raw, error: `record type "${d.found}" is not known` };
  // Checked first and alone: nothing of another force's record is read or reported.
  if (d.values.force !== force) return { line, raw, error: `${d.recordType} belongs to force ${d.values.force || '(blank)'}, not ${force}` };
  const p = new Problems();
  const event =
    d.recordType === 'SH'
      ? eventOf('dms.shift.rostered.v1', d.values.shiftId, shiftData(d.values, p), ctx)
      : eventOf('dms.leave.booked.v1', d.values.bookingId, leaveData(d.values, p), ctx);
  return p.list.length ? { line, raw, error: `${d.recordType} ${p.list.join('; ')}` } : { line, raw, events: [event] };
}
