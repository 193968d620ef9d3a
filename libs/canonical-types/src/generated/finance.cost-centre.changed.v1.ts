// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A cost centre is created, updated (name, owner, budget holder, parent) or closed in the finance system's chart of accounts. Emitted by the finance system when the change is approved; HR, payroll, duty management and procurement update their cost-centre lists from it. A closed cost centre takes no postings from effectiveFrom; replacedBy names where its people and costs move.
 */
export interface FinanceCostCentreChangedV1Data {
  /**
   * Finance cost-centre code.
   */
  costCentre: string;
  change: "created" | "updated" | "closed";
  name: string;
  ownerOrgUnit: OrgUnit;
  budgetHolder?: PersonRef;
  /**
   * Finance cost-centre code.
   */
  parentCostCentre?: string;
  /**
   * Finance cost-centre code.
   */
  replacedBy?: string;
  /**
   * The first day on which the fact holds (business date, not the date the event was sent). May be in the past (backdated) or the future.
   */
  effectiveFrom: string;
  /**
   * The last day of a cost centre created for a fixed term (an operation, a project).
   */
  effectiveTo?: string;
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
