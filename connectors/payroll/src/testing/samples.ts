import type { PayRunEmployeeRow, PayRunHeader } from '../source/payrun.format';
import type { PayrollAssignmentRecord, PayrollEmployeeRecord, PayrollLeaverRecord, PayrollPayChangeRecord } from '../target/payroll.format';
import { payRunFileName } from '../source/payrun.format';

/** Fen's December 2026 main run: officers and staff on three cost centres, a starter and a leaver. */
export function samplePayRun(): { fileName: string; header: PayRunHeader; rows: PayRunEmployeeRow[] } {
  const row = (r: Omit<PayRunEmployeeRow, 'forceCode'>): PayRunEmployeeRow => ({ forceCode: 'FEN', ...r });
  return {
    fileName: payRunFileName('FEN', '202612', 'FEN-PR-2026-M09-MAIN'),
    header: {
      forceCode: 'FEN',
      runId: 'FEN-PR-2026-M09-MAIN',
      runType: 'MAIN',
      taxYear: '2026/27',
      frequency: 'M',
      period: '9',
      periodFrom: '2026-12-01',
      periodTo: '2026-12-31',
      payDate: '2026-12-23',
      completedAt: '2026-12-18T16:42:05Z',
    },
    rows: [
      row({ employeeRef: 'FEN-10234', category: 'O', costCentre: 'FEN4410', gross: '2496.75', tax: '312.40', employeeNi: '151.11', employeePension: '312.09', otherDeductions: '0.00', net: '1721.15', employerNi: '278.88', employerPension: '780.14', movement: '' }),
      row({ employeeRef: 'FEN-10501', category: 'O', costCentre: 'FEN4520', gross: '3204.10', tax: '452.20', employeeNi: '208.50', employeePension: '400.51', otherDeductions: '12.50', net: '2130.39', employerNi: '376.14', employerPension: '1001.28', movement: '' }),
      row({ employeeRef: 'FEN-20017', category: 'S', costCentre: 'FEN4410', gross: '1850.00', tax: '161.80', employeeNi: '84.32', employeePension: '101.75', otherDeductions: '8.00', net: '1494.13', employerNi: '190.11', employerPension: '316.35', movement: 'S' }),
      row({ employeeRef: 'FEN-08811', category: 'S', costCentre: 'FEN7100', gross: '2115.40', tax: '215.20', employeeNi: '105.60', employeePension: '116.35', otherDeductions: '0.00', net: '1678.25', employerNi: '226.60', employerPension: '361.73', movement: 'L' }),
    ],
  };
}

/** The bureau's employee record of FEN-10234, a joiner of Fen. */
export const sampleEmployee = (o: Partial<PayrollEmployeeRecord> = {}): PayrollEmployeeRecord => ({
  employeeRef: 'FEN-10234',
  forceCode: 'FEN',
  forenames: 'Amira',
  surname: 'Okafor',
  knownAs: null,
  dateOfBirth: '1994-03-17',
  nino: 'QQ123456C',
  startDate: '2026-12-01',
  payGrade: 'PC-1',
  costCentre: 'FEN4410',
  hoursFte: 1,
  annualSalary: '29961.00',
  currency: 'GBP',
  payFrequency: 'M',
  ...o,
});

/** The bureau's assignment for Fen's promotion of FEN-10234 (the moved.v1 schema example), as the connector sends it. */
export const sampleAssignment = (o: Partial<PayrollAssignmentRecord> = {}): PayrollAssignmentRecord => ({
  employeeRef: 'FEN-10234',
  forceCode: 'FEN',
  reasonCode: 'PRM',
  effectiveDate: '2027-02-01',
  endDate: null,
  payGrade: 'PS-1',
  costCentre: 'FEN4520',
  orgUnitCode: 'RP-01',
  orgUnitName: 'Roads Policing Unit',
  jobTitle: 'Police Sergeant',
  rank: 'Sergeant',
  hostOrganisation: null,
  correctionNote: null,
  ...o,
});
/** The bureau's leaver record of FEN-10234 (the left.v1 schema example). */
export const sampleLeaver = (o: Partial<PayrollLeaverRecord> = {}): PayrollLeaverRecord => ({
  employeeRef: 'FEN-10234',
  forceCode: 'FEN',
  reasonCode: 'RES',
  lastWorkingDay: '2027-03-31',
  offPayrollFrom: '2027-04-01',
  correctionNote: null,
  ...o,
});
/** The bureau's pay change of FEN-10234 (an increment). */
export const samplePayChange = (o: Partial<PayrollPayChangeRecord> = {}): PayrollPayChangeRecord => ({
  changeRef: 'FEN-PCR-2026-00318',
  employeeRef: 'FEN-10234',
  forceCode: 'FEN',
  changeType: 'INC',
  payElement: 'BASIC',
  amount: '31164.00',
  currency: 'GBP',
  rateBasis: 'A',
  payGrade: 'PC-2',
  effectiveDate: '2027-04-01',
  endDate: null,
  authorisedBy: null,
  correctionNote: null,
  ...o,
});
