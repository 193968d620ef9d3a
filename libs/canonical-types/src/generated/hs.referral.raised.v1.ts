// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A person is referred to occupational health: by their manager, by themselves, after an incident, for an injury-on-duty or ill-health retirement assessment. Emitted by the occupational health case system of the health and safety service when the referral is accepted. The reason is health data (special category) and is a category only: clinical detail never leaves occupational health.
 */
export interface HsReferralRaisedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  referralId: string;
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
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
  referredOn: string;
  referredBy?: PersonRef;
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  relatedIncidentId?: string;
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  relatedAbsenceId?: string;
}
/**
 * A reference to a person other than the event's subject (an approver, a referring manager, a budget holder): the employeeId, with display name parts when the source has them.
 */
export interface PersonRef {
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  forename?: string;
  surname?: string;
}
