import { HttpSimulator, SimAnswer, SimRequest } from '@hub/connector-sdk';
import { PayrollEmployeeRecord } from '../payroll.format';

const REQUIRED: (keyof PayrollEmployeeRecord)[] = ['employeeRef', 'forceCode', 'forenames', 'surname', 'dateOfBirth', 'startDate', 'payGrade', 'costCentre', 'hoursFte', 'annualSalary', 'currency', 'payFrequency'];

/**
 * The payroll bureau's REST API, as far as the hub uses it. Like the real one it requires an
 * Idempotency-Key, answers a repeated key with the first answer instead of storing twice, and
 * refuses a record it cannot take with 422 and the fields at fault.
 */
export class PayrollSimulator extends HttpSimulator {
  readonly employees = new Map<string, PayrollEmployeeRecord & { payrollId: string }>();
  private readonly answered = new Map<string, SimAnswer>();
  /** How many requests repeated an idempotency key already answered. */
  repeats = 0;
  private seq = 0;

  constructor(readonly forceCode: string, port = 0, host = '127.0.0.1') {
    super(`payroll-${forceCode}`, port, host);
  }

  protected handle(req: SimRequest): SimAnswer {
    if (req.method !== 'POST' || req.path !== '/api/v2/employees') return { status: 404, body: { error: 'not found' } };
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0) return { status: 400, body: { error: 'Idempotency-Key header is required' } };
    const previous = this.answered.get(key);
    if (previous) {
      this.repeats++;
      return previous;
    }
    const record = req.body as Partial<PayrollEmployeeRecord> | undefined;
    const missing = REQUIRED.filter((f) => record?.[f] === undefined || record?.[f] === '');
    if (!record || typeof record !== 'object' || missing.length) return { status: 422, body: { error: 'invalid employee record', missing } };
    if (record.forceCode !== this.forceCode.toUpperCase()) {
      return { status: 422, body: { error: `this payroll serves force ${this.forceCode.toUpperCase()}, not ${record.forceCode}` } };
    }
    if (this.employees.has(record.employeeRef!)) return { status: 409, body: { error: `employee ${record.employeeRef} exists` } };
    const payrollId = `PAY-${this.forceCode.toUpperCase()}-${String(++this.seq).padStart(6, '0')}`;
    this.employees.set(record.employeeRef!, { ...(record as PayrollEmployeeRecord), payrollId });
    const answer = { status: 201, body: { payrollId } };
    this.answered.set(key, answer);
    return answer;
  }

  protected clear(): void {
    this.employees.clear();
    this.answered.clear();
    this.repeats = 0;
  }

  protected snapshot(): unknown {
    return { employees: [...this.employees.values()], repeats: this.repeats };
  }
}
