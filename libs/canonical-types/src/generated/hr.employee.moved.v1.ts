// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { Correction, CostCentre, EffectiveFrom, EffectiveTo, EmployeeId, Grade, OrgUnit } from './common.v1';

/**
 * A person's position changes within the force: a transfer to another unit, a substantive or temporary promotion, a secondment (to another force or national unit), or a change of cost centre only. Emitted by the shared HR system when the move is approved; `to` states the whole resulting position. Temporary moves (temporary-promotion, secondment) carry effectiveTo, the planned end date.
 */
export interface HrEmployeeMovedV1Data {
  employeeId: EmployeeId;
  moveType: "transfer" | "promotion" | "temporary-promotion" | "secondment" | "cost-centre-change";
  /**
   * The position before the move, when the source sends it.
   */
  from?: Position;
  /**
   * The position after the move.
   */
  to: Position;
  /**
   * The host organisation of a secondment (e.g. Regional Organised Crime Unit).
   */
  secondedTo?: string;
  effectiveFrom: EffectiveFrom;
  effectiveTo?: EffectiveTo;
  corrects?: Correction;
}
/**
 * This interface was referenced by `HrEmployeeMovedV1Data`'s JSON-Schema
 * via the `definition` "position".
 */
export interface Position {
  orgUnit: OrgUnit;
  jobTitle?: string;
  rank?: string;
  grade: Grade;
  costCentre: CostCentre;
}
