// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/** The shared definitions (schemas/defs/), each declared once. */
export type * from './common.v1';

export type { DmsLeaveBookedV1Data } from './dms.leave.booked.v1';
export type { DmsShiftRosteredV1Data } from './dms.shift.rostered.v1';
export type { ExpensesClaimApprovedV1Data } from './expenses.claim.approved.v1';
export type { FinanceCostCentreChangedV1Data } from './finance.cost-centre.changed.v1';
export type { FinanceJournalPostedV1Data } from './finance.journal.posted.v1';
export type { HrAbsenceRecordedV1Data } from './hr.absence.recorded.v1';
export type { HrEmployeeDetailsChangedV1Data } from './hr.employee.details-changed.v1';
export type { HrEmployeeJoinedV1Data } from './hr.employee.joined.v1';
export type { HrEmployeeJoinedV2Data } from './hr.employee.joined.v2';
export type { HrEmployeeLeftV1Data } from './hr.employee.left.v1';
export type { HrEmployeeMovedV1Data } from './hr.employee.moved.v1';
export type { HsIncidentReportedV1Data } from './hs.incident.reported.v1';
export type { HsReferralRaisedV1Data } from './hs.referral.raised.v1';
export type { PayrollPayChangeRequestedV1Data } from './payroll.pay-change.requested.v1';
export type { PayrollPayslipIssuedV1Data } from './payroll.payslip.issued.v1';
export type { PayrollRunCompletedV1Data } from './payroll.run.completed.v1';
export type { ProcurementInvoicePaidV1Data } from './procurement.invoice.paid.v1';
export type { ProcurementInvoiceReceivedV1Data } from './procurement.invoice.received.v1';
export type { ProcurementPurchaseOrderRaisedV1Data } from './procurement.purchase-order.raised.v1';
export type { TrainingCourseCompletedV1Data } from './training.course.completed.v1';

/** Canonical event type → the type of its `data`. */
export interface CanonicalEventData {
  'dms.leave.booked.v1': import('./dms.leave.booked.v1').DmsLeaveBookedV1Data;
  'dms.shift.rostered.v1': import('./dms.shift.rostered.v1').DmsShiftRosteredV1Data;
  'expenses.claim.approved.v1': import('./expenses.claim.approved.v1').ExpensesClaimApprovedV1Data;
  'finance.cost-centre.changed.v1': import('./finance.cost-centre.changed.v1').FinanceCostCentreChangedV1Data;
  'finance.journal.posted.v1': import('./finance.journal.posted.v1').FinanceJournalPostedV1Data;
  'hr.absence.recorded.v1': import('./hr.absence.recorded.v1').HrAbsenceRecordedV1Data;
  'hr.employee.details-changed.v1': import('./hr.employee.details-changed.v1').HrEmployeeDetailsChangedV1Data;
  'hr.employee.joined.v1': import('./hr.employee.joined.v1').HrEmployeeJoinedV1Data;
  'hr.employee.joined.v2': import('./hr.employee.joined.v2').HrEmployeeJoinedV2Data;
  'hr.employee.left.v1': import('./hr.employee.left.v1').HrEmployeeLeftV1Data;
  'hr.employee.moved.v1': import('./hr.employee.moved.v1').HrEmployeeMovedV1Data;
  'hs.incident.reported.v1': import('./hs.incident.reported.v1').HsIncidentReportedV1Data;
  'hs.referral.raised.v1': import('./hs.referral.raised.v1').HsReferralRaisedV1Data;
  'payroll.pay-change.requested.v1': import('./payroll.pay-change.requested.v1').PayrollPayChangeRequestedV1Data;
  'payroll.payslip.issued.v1': import('./payroll.payslip.issued.v1').PayrollPayslipIssuedV1Data;
  'payroll.run.completed.v1': import('./payroll.run.completed.v1').PayrollRunCompletedV1Data;
  'procurement.invoice.paid.v1': import('./procurement.invoice.paid.v1').ProcurementInvoicePaidV1Data;
  'procurement.invoice.received.v1': import('./procurement.invoice.received.v1').ProcurementInvoiceReceivedV1Data;
  'procurement.purchase-order.raised.v1': import('./procurement.purchase-order.raised.v1').ProcurementPurchaseOrderRaisedV1Data;
  'training.course.completed.v1': import('./training.course.completed.v1').TrainingCourseCompletedV1Data;
}

export type CanonicalEventType = keyof CanonicalEventData;
