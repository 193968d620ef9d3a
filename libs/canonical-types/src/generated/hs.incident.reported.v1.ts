// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { DateTime, EmployeeId, OrgUnit, PersonRef, RecordId } from './common.v1';

/**
 * A health and safety incident involving the force's people is reported: an assault on an officer, a slip or fall, a collision in a police vehicle, exposure to bodily fluids, a near miss. Emitted by the health and safety system when the report is submitted, again (same incidentId) when the investigation updates it. Only the force's own people are carried (by employeeId); members of the public stay in the health and safety system. Injury details are health data (special category).
 */
export interface HsIncidentReportedV1Data {
  incidentId: RecordId;
  occurredAt: DateTime;
  category:
    | "assault-on-employee"
    | "slip-trip-fall"
    | "manual-handling"
    | "road-traffic-collision"
    | "bodily-fluid-exposure"
    | "dog-bite"
    | "hazardous-substance"
    | "near-miss"
    | "other";
  location: {
    orgUnit?: OrgUnit;
    description: string;
  };
  /**
   * What happened, as reported. May name people.
   */
  summary?: string;
  reportedBy?: PersonRef;
  people?: PeopleItem[];
  /**
   * Reportable to the HSE under RIDDOR 2013.
   */
  riddorReportable?: boolean;
}
export interface PeopleItem {
  employeeId: EmployeeId;
  involvement: "injured" | "involved" | "witness";
  injury?: {
    nature:
      | "cut-laceration"
      | "bruising"
      | "fracture"
      | "sprain-strain"
      | "bite"
      | "burn"
      | "needlestick"
      | "psychological"
      | "other";
    bodyPart?: "head" | "face" | "neck" | "back" | "torso" | "arm" | "hand" | "leg" | "foot" | "multiple";
    treatment: "none" | "first-aid" | "hospital-outpatient" | "hospital-admission";
  };
}
