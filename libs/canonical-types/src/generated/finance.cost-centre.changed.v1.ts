// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CostCentre, EffectiveFrom, EffectiveTo, OrgUnit, PersonRef } from './common.v1';

/**
 * A cost centre is created, updated (name, owner, budget holder, parent) or closed in the finance system's chart of accounts. Emitted by the finance system when the change is approved; HR, payroll, duty management and procurement update their cost-centre lists from it. A closed cost centre takes no postings from effectiveFrom; replacedBy names where its people and costs move.
 */
export interface FinanceCostCentreChangedV1Data {
  costCentre: CostCentre;
  change: "created" | "updated" | "closed";
  name: string;
  ownerOrgUnit: OrgUnit;
  budgetHolder?: PersonRef;
  parentCostCentre?: CostCentre;
  replacedBy?: CostCentre;
  effectiveFrom: EffectiveFrom;
  /**
   * The last day of a cost centre created for a fixed term (an operation, a project).
   */
  effectiveTo?: EffectiveTo;
}
