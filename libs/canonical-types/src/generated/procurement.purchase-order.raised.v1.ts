// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, CostCentre, GlAccount, MoneyNonNegative, OrgUnit, Period, PersonRef, PurchaseOrderNumber, SupplierRef } from './common.v1';

/**
 * A purchase order is approved and sent to a supplier. Emitted by the procurement (purchase-to-pay) system when the order is issued; finance records the commitment against each line's GL account and cost centre, and matches invoices to it later. Amounts exclude VAT.
 */
export interface ProcurementPurchaseOrderRaisedV1Data {
  purchaseOrderNumber: PurchaseOrderNumber;
  supplier: SupplierRef;
  raisedOn: CalendarDate;
  requisitioner?: PersonRef;
  deliverTo?: OrgUnit;
  /**
   * The framework or contract the order is called off (e.g. a national police procurement framework).
   */
  contractReference?: string;
  /**
   * For services: the period the order covers.
   */
  servicePeriod?: Period;
  /**
   * @minItems 1
   */
  lines: [LinesItem, ...LinesItem[]];
  /**
   * Sum of quantity × unitPrice over the lines, excluding VAT.
   */
  total: MoneyNonNegative;
}
export interface LinesItem {
  lineNumber: number;
  description: string;
  quantity: number;
  unitPrice: MoneyNonNegative;
  glAccount: GlAccount;
  costCentre: CostCentre;
}
