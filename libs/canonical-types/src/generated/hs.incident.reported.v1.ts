// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A health and safety incident involving the force's people is reported: an assault on an officer, a slip or fall, a collision in a police vehicle, exposure to bodily fluids, a near miss. Emitted by the health and safety system when the report is submitted, again (same incidentId) when the investigation updates it. Only the force's own people are carried (by employeeId); members of the public stay in the health and safety system. Injury details are health data (special category).
 */
export interface HsIncidentReportedV1Data {
  /**
   * The identifier a source system gives one of its records (an absence, a shift, a payroll run, a journal, a claim). Stable: later events about the same record carry the same id.
   */
  incidentId: string;
  /**
   * An instant with its UTC offset (RFC 3339), e.g. 2026-12-14T22:40:00Z.
   */
  occurredAt: string;
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
  people?: {
    /**
     * The HR system's stable identifier of a person's employment record (collar or staff number).
     */
    employeeId: string;
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
  }[];
  /**
   * Reportable to the HSE under RIDDOR 2013.
   */
  riddorReportable?: boolean;
}
/**
 * A unit of the force's organisation structure (command, department, station).
 */
export interface OrgUnit {
  code: string;
  name: string;
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
