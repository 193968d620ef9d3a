// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, EmployeeId, PersonRef, RecordId } from './common.v1';

/**
 * A person is referred to occupational health: by their manager, by themselves, after an incident, for an injury-on-duty or ill-health retirement assessment. Emitted by the occupational health case system of the health and safety service when the referral is accepted. The reason is health data (special category) and is a category only: clinical detail never leaves occupational health.
 */
export interface HsReferralRaisedV1Data {
  referralId: RecordId;
  employeeId: EmployeeId;
  referralType:
    "management" | "self" | "post-incident" | "injury-on-duty-assessment" | "ill-health-retirement" | "pre-placement";
  reasonCategory:
    | "mental-health"
    | "musculoskeletal"
    | "long-term-sickness"
    | "recurrent-short-term-sickness"
    | "post-trauma"
    | "fitness-for-role"
    | "other";
  urgency?: "routine" | "urgent";
  referredOn: CalendarDate;
  referredBy?: PersonRef;
  /**
   * The incidentId of the hs.incident.reported that led to a post-incident referral.
   */
  relatedIncidentId?: RecordId;
  /**
   * The absenceId of the hr.absence.recorded that led to the referral.
   */
  relatedAbsenceId?: RecordId;
}
