// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A person's position changes within the force: a transfer to another unit, a substantive or temporary promotion, a secondment (to another force or national unit), or a change of cost centre only. Emitted by the shared HR system when the move is approved; `to` states the whole resulting position. Temporary moves (temporary-promotion, secondment) carry effectiveTo, the planned end date.
 */
export interface HrEmployeeMovedV1Data {
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  moveType: "transfer" | "promotion" | "temporary-promotion" | "secondment" | "cost-centre-change";
  from?: Position;
  to: Position1;
  /**
   * The host organisation of a secondment (e.g. Regional Organised Crime Unit).
   */
  secondedTo?: string;
  /**
   * The first day on which the fact holds (business date, not the date the event was sent). May be in the past (backdated) or the future.
   */
  effectiveFrom: string;
  /**
   * The last day on which the fact holds, inclusive. Absent when open-ended. Not before effectiveFrom.
   */
  effectiveTo?: string;
  corrects?: Correction;
}
/**
 * The position before the move, when the source sends it.
 */
export interface Position {
  orgUnit: OrgUnit;
  jobTitle?: string;
  rank?: string;
  /**
   * A pay grade or spine point of the force's pay structure (PC-3, PS-2, SO1, SCP-25).
   */
  grade: string;
  /**
   * Finance cost-centre code.
   */
  costCentre: string;
}
/**
 * A unit of the force's organisation structure (command, department, station).
 */
export interface OrgUnit {
  code: string;
  name: string;
}
/**
 * The position after the move.
 */
export interface Position1 {
  orgUnit: OrgUnit;
  jobTitle?: string;
  rank?: string;
  /**
   * A pay grade or spine point of the force's pay structure (PC-3, PS-2, SO1, SCP-25).
   */
  grade: string;
  /**
   * Finance cost-centre code.
   */
  costCentre: string;
}
/**
 * Names the event this one corrects, by the CloudEvents `source` and `id` of that event (unique together). A correcting event restates the whole fact as it should have been; consumers replace what the corrected event told them.
 */
export interface Correction {
  source: string;
  id: string;
  reason: string;
}
