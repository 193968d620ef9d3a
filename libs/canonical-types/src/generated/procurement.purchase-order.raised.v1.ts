// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A purchase order is approved and sent to a supplier. Emitted by the procurement (purchase-to-pay) system when the order is issued; finance records the commitment against each line's GL account and cost centre, and matches invoices to it later. Amounts exclude VAT.
 */
export interface ProcurementPurchaseOrderRaisedV1Data {
  /**
   * The purchase order number the procurement system issues (e.g. FEN-PO-0045123).
   */
  purchaseOrderNumber: string;
  supplier: SupplierRef;
  raisedOn: string;
  requisitioner?: PersonRef;
  deliverTo?: OrgUnit;
  /**
   * The framework or contract the order is called off (e.g. a national police procurement framework).
   */
  contractReference?: string;
  servicePeriod?: Period;
  /**
   * @minItems 1
   */
  lines: [
    {
      lineNumber: number;
      description: string;
      quantity: number;
      unitPrice: MoneyNonNegative;
      /**
       * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
       */
      glAccount: string;
      /**
       * Finance cost-centre code.
       */
      costCentre: string;
    },
    ...{
      lineNumber: number;
      description: string;
      quantity: number;
      unitPrice: MoneyNonNegative;
      /**
       * A general-ledger account code of the force's chart of accounts (e.g. 5101 police staff pay).
       */
      glAccount: string;
      /**
       * Finance cost-centre code.
       */
      costCentre: string;
    }[]
  ];
  total: MoneyNonNegative1;
}
/**
 * A supplier as the finance/procurement system's supplier master knows it.
 */
export interface SupplierRef {
  supplierId: string;
  name: string;
  vatNumber?: string;
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
/**
 * A unit of the force's organisation structure (command, department, station).
 */
export interface OrgUnit {
  code: string;
  name: string;
}
/**
 * For services: the period the order covers.
 */
export interface Period {
  from: string;
  to?: string;
}
/**
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative {
  amountMinor: number;
  currency: string;
}
/**
 * The money shape for amounts that cannot be negative (a gross pay, an invoice total): integer minor units (pence) ≥ 0 with the ISO 4217 currency.
 */
export interface MoneyNonNegative1 {
  amountMinor: number;
  currency: string;
}
