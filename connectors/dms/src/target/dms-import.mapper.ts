import type { HrEmployeeJoinedV1Data, HrEmployeeJoinedV2Data, HrEmployeeLeftV1Data } from '@hub/canonical-types';
import { mappingFailed } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { ACTIONS, CATEGORIES, LEAVING_REASONS } from '../dms.codes';
import type { DmsImportRecord, DmsJoinerRecord, DmsLeaverRecord } from '../dms.format';
import { DmsLayout, IMPORT_LAYOUTS } from '../dms.layouts';

/**
 * A value for `key` of `layout`, taken from the event at `path`. One that does not fit its columns
 * (or holds a line break that would split the record) fails the delivery: the DMS never gets a cut
 * name. The message gives lengths, not the value: names are personal data and reasons are logged.
 */
function fitter<L extends DmsLayout>(layout: L) {
  return (key: keyof L & string, value: string, path: string): string => {
    if (/[\x00-\x1f\x7f]/.test(value)) throw mappingFailed(`${path} holds a control character, which would break the DMS ${key} record`, path);
    const columns = layout[key].length;
    if (value.length > columns) throw mappingFailed(`${path} is ${value.length} characters, the DMS ${key} field holds ${columns}`, path);
    return value;
  };
}

/** YYYY-MM-DD → YYYYMMDD. */
const compactDate = (iso: string): string => iso.replaceAll('-', '');

/** FTE → ten-thousandths (0.6 → 6000); more precision than the DMS holds is refused, not rounded. */
function fteOf(fte: number): string {
  const parts = Math.round(fte * 10_000);
  if (Math.abs(parts - fte * 10_000) > 1e-6 || parts <= 0) throw mappingFailed(`/data/employment/fte ${fte} has more decimals than the DMS holds (4)`, '/data/employment/fte');
  return String(parts);
}

const actionOf = (d: { corrects?: unknown }) => (d.corrects ? ACTIONS.amendment : ACTIONS.new);

function joiner(event: CanonicalEvent): DmsJoinerRecord {
  const v2 = event.type === 'hr.employee.joined.v2';
  const d = event.data as HrEmployeeJoinedV1Data | HrEmployeeJoinedV2Data;
  const legal = v2 ? (d as HrEmployeeJoinedV2Data).legalName : (d as HrEmployeeJoinedV1Data).name;
  const at = v2 ? '/data/legalName' : '/data/name';
  const known = v2 ? (d as HrEmployeeJoinedV2Data).preferredName : undefined;
  const fit = fitter(IMPORT_LAYOUTS.JN);
  const e = d.employment;
  // Checked alone first so the failure names the part that is too long.
  fit('forenames', legal.forename, `${at}/forename`);
  if (known) fit('knownAs', known.forename, '/data/preferredName/forename');
  return {
    recordType: 'JN',
    action: actionOf(d),
    employeeNo: fit('employeeNo', d.employeeId, '/data/employeeId'),
    surname: fit('surname', legal.surname, `${at}/surname`),
    forenames: fit('forenames', [legal.forename, legal.middleNames].filter(Boolean).join(' '), `${at}/middleNames`),
    knownAs: fit('knownAs', known ? [known.forename, known.surname].filter(Boolean).join(' ') : '', '/data/preferredName/surname'),
    startDate: compactDate(d.effectiveFrom),
    category: CATEGORIES[e.workerType],
    rank: fit('rank', e.rank ?? '', '/data/employment/rank'),
    unitCode: fit('unitCode', e.orgUnit.code, '/data/employment/orgUnit/code'),
    fte: fteOf(e.fte),
    costCentre: fit('costCentre', e.costCentre, '/data/employment/costCentre'),
  };
}

function leaver(event: CanonicalEvent): DmsLeaverRecord {
  const d = event.data as HrEmployeeLeftV1Data;
  return {
    recordType: 'LF',
    action: actionOf(d),
    employeeNo: fitter(IMPORT_LAYOUTS.LF)('employeeNo', d.employeeId, '/data/employeeId'),
    lastWorkingDay: compactDate(d.lastWorkingDay),
    leavingDate: compactDate(d.effectiveFrom),
    reason: LEAVING_REASONS[d.reason],
  };
}

/**
 * Canonical joiner (v1 or v2) or leaver → the DMS's JN or LF record. The DMS rosters people, so it
 * gets what rostering needs (name, start, category, rank, unit, FTE), not pay or birth date. A
 * correcting event is sent as an amendment. Throws PermanentDeliveryError(MappingFailed) naming
 * the field for a value the DMS cannot hold.
 */
export function dmsImportRecord(event: CanonicalEvent): DmsImportRecord {
  return event.type === 'hr.employee.left.v1' ? leaver(event) : joiner(event);
}
