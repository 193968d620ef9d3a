// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { Correction, EffectiveFrom, EffectiveTo, EmployeeId, Hours, RecordId } from './common.v1';

/**
 * An absence from work is recorded or updated (sickness, injury on duty, parental leave, compassionate or special leave, suspension). Emitted by the shared HR system when a manager or the absence line records the absence, again (same absenceId) when it is extended or closed with effectiveTo. The type of absence and the reason category are health data (special category): payroll needs them for sick and occupational pay, duty management for availability.
 */
export interface HrAbsenceRecordedV1Data {
  absenceId: RecordId;
  employeeId: EmployeeId;
  absenceType:
    | "sickness"
    | "injury-on-duty"
    | "maternity"
    | "paternity"
    | "adoption"
    | "shared-parental"
    | "compassionate"
    | "special-leave"
    | "unpaid"
    | "suspension";
  /**
   * For sickness and injury: the reason category of the Home Office annual data return. Never free-text diagnosis.
   */
  reasonCategory?:
    | "mental-health"
    | "musculoskeletal"
    | "back-problems"
    | "respiratory"
    | "gastrointestinal"
    | "infectious-disease"
    | "injury-assault"
    | "injury-other"
    | "pregnancy-related"
    | "other";
  /**
   * The absence arises from duty (injury on duty, assault).
   */
  dutyRelated?: boolean;
  /**
   * Hours lost on a single part-day absence.
   */
  partDayHours?: Hours;
  /**
   * The first day of absence.
   */
  effectiveFrom: EffectiveFrom;
  /**
   * The last day of absence; absent while the person is still off.
   */
  effectiveTo?: EffectiveTo;
  corrects?: Correction;
}
