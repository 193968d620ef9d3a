/** The payroll bureau's own employee record, as its REST API takes it (POST /api/v2/employees). */
export interface PayrollEmployeeRecord {
  employeeRef: string;
  forceCode: string;
  forenames: string;
  surname: string;
  /** The name the person is known by, when it differs from the legal name. */
  knownAs: string | null;
  dateOfBirth: string;
  nino: string | null;
  startDate: string;
  payGrade: string;
  costCentre: string;
  hoursFte: number;
  /** Major units with two decimals, as the bureau's API wants it: "29961.00". */
  annualSalary: string;
  currency: 'GBP';
  payFrequency: 'M';
}
