import { HttpSimulator, IdempotencyKeys, SimAnswer, SimRequest } from '@hub/connector-sdk';
import {
  EmployeeChangeKind,
  EMPLOYEES_PATH,
  PayrollAssignmentRecord,
  PayrollEmployeeRecord,
  PayrollLeaverRecord,
  PayrollPayChangeRecord,
} from '../target/payroll.format';
import { CHANGE_RULES, EMPLOYEE_REQUIRED, invalidFields, missingFields } from './bureau-rules';

const CHANGE_PATH = /^\/api\/v2\/employees\/([^/]+)\/(assignments|leavers|pay-changes)$/;
const TEMPORARY = ['TPR', 'SEC'];
type Body = Record<string, unknown>;

/**
 * The payroll bureau's REST API, as far as the hub uses it. Like the real one it requires an
 * Idempotency-Key, answers a repeated key with the first answer instead of storing twice, and
 * refuses a record it cannot take with 422 and the fields at fault. Changes to an employee
 * (assignments, leavers, pay changes) need the employee on its payroll first, else 404.
 */
export class PayrollSimulator extends HttpSimulator {
  readonly employees = new Map<string, PayrollEmployeeRecord & { payrollId: string }>();
  /** Every assignment taken, per employeeRef, in the order received. */
  readonly assignments = new Map<string, (PayrollAssignmentRecord & { reference: string })[]>();
  /** The leaver record of each employeeRef (a correction replaces it). */
  readonly leavers = new Map<string, PayrollLeaverRecord & { reference: string }>();
  /** Pay changes by changeRef (a correction replaces it). */
  readonly payChanges = new Map<string, PayrollPayChangeRecord & { reference: string }>();
  private readonly keys = new IdempotencyKeys({ missing: () => ({ status: 400, body: { error: 'Idempotency-Key header is required' } }) });
  /** How many requests repeated an idempotency key already answered. */
  get repeats(): number {
    return this.keys.repeats;
  }
  private seq = 0;

  constructor(readonly forceCode: string, port = 0, host = '127.0.0.1') {
    super(`payroll-${forceCode}`, port, host);
  }

  protected handle(req: SimRequest): SimAnswer {
    const change = CHANGE_PATH.exec(req.path);
    if (req.method !== 'POST' || (req.path !== EMPLOYEES_PATH && !change)) return { status: 404, body: { error: 'not found' } };
    return this.keys.answer(req, () => {
      const body = req.body && typeof req.body === 'object' ? (req.body as Body) : undefined;
      return change ? this.takeChange(change[2] as EmployeeChangeKind, decodeURIComponent(change[1]), body) : this.takeEmployee(body);
    });
  }

  private takeEmployee(body: Body | undefined): SimAnswer {
    const missing = body ? missingFields(body, EMPLOYEE_REQUIRED) : EMPLOYEE_REQUIRED;
    if (!body || missing.length) return { status: 422, body: { error: 'invalid employee record', missing } };
    const record = body as unknown as PayrollEmployeeRecord;
    const otherForce = this.otherForce(record.forceCode);
    if (otherForce) return otherForce;
    if (this.employees.has(record.employeeRef)) return { status: 409, body: { error: `employee ${record.employeeRef} exists` } };
    const payrollId = this.nextId('PAY');
    this.employees.set(record.employeeRef, { ...record, payrollId });
    return { status: 201, body: { payrollId } };
  }

  private takeChange(kind: EmployeeChangeKind, employeeRef: string, body: Body | undefined): SimAnswer {
    const rule = CHANGE_RULES[kind];
    const missing = body ? missingFields(body, rule.required) : rule.required;
    if (kind === 'assignments' && body && TEMPORARY.includes(body.reasonCode as string) && !body.endDate) missing.push('endDate');
    if (!body || missing.length) return { status: 422, body: { error: `invalid ${kind} record`, missing } };
    const invalid = invalidFields(body, rule);
    if (invalid.length) return { status: 422, body: { error: `invalid ${kind} record`, invalid } };
    const otherForce = this.otherForce(body.forceCode as string);
    if (otherForce) return otherForce;
    if (body.employeeRef !== employeeRef) return { status: 422, body: { error: `the record is for ${String(body.employeeRef)}, the path for ${employeeRef}` } };
    if (!this.employees.has(employeeRef)) return { status: 404, body: { error: `employee ${employeeRef} is not on this payroll` } };
    if (typeof body.endDate === 'string' && body.endDate < (body.effectiveDate as string)) {
      return { status: 422, body: { error: `endDate ${body.endDate} is before effectiveDate ${String(body.effectiveDate)}` } };
    }
    if (kind === 'leavers') return this.takeLeaver(body as unknown as PayrollLeaverRecord);
    const gone = this.leavers.get(employeeRef);
    if (gone && (body.effectiveDate as string) >= gone.offPayrollFrom) {
      return { status: 422, body: { error: `employee ${employeeRef} is off payroll from ${gone.offPayrollFrom}` } };
    }
    return kind === 'assignments' ? this.takeAssignment(body as unknown as PayrollAssignmentRecord) : this.takePayChange(body as unknown as PayrollPayChangeRecord);
  }

  private takeAssignment(record: PayrollAssignmentRecord): SimAnswer {
    const reference = this.nextId('ASG');
    this.assignments.set(record.employeeRef, [...(this.assignments.get(record.employeeRef) ?? []), { ...record, reference }]);
    return { status: 201, body: { reference } };
  }

  /** One leaver per employee; only a correction (correctionNote) may restate it. */
  private takeLeaver(record: PayrollLeaverRecord): SimAnswer {
    const earlier = this.leavers.get(record.employeeRef);
    if (earlier && !record.correctionNote) return { status: 409, body: { error: `employee ${record.employeeRef} already leaves on ${earlier.offPayrollFrom}` } };
    const reference = earlier?.reference ?? this.nextId('LVR');
    this.leavers.set(record.employeeRef, { ...record, reference });
    return { status: 201, body: { reference } };
  }

  /** One change per changeRef; only a correction (correctionNote) may restate it. */
  private takePayChange(record: PayrollPayChangeRecord): SimAnswer {
    const earlier = this.payChanges.get(record.changeRef);
    if (earlier && !record.correctionNote) return { status: 409, body: { error: `pay change ${record.changeRef} exists` } };
    const reference = earlier?.reference ?? this.nextId('PCH');
    this.payChanges.set(record.changeRef, { ...record, reference });
    return { status: 201, body: { reference } };
  }

  private otherForce(forceCode: string): SimAnswer | undefined {
    if (forceCode === this.forceCode.toUpperCase()) return undefined;
    return { status: 422, body: { error: `this payroll serves force ${this.forceCode.toUpperCase()}, not ${forceCode}` } };
  }

  private nextId(prefix: string): string {
    return `${prefix}-${this.forceCode.toUpperCase()}-${String(++this.seq).padStart(6, '0')}`;
  }

  protected clear(): void {
    this.employees.clear();
    this.assignments.clear();
    this.leavers.clear();
    this.payChanges.clear();
    this.keys.clear();
  }

  override snapshot() {
    return {
      employees: [...this.employees.values()],
      assignments: [...this.assignments.values()].flat(),
      leavers: [...this.leavers.values()],
      payChanges: [...this.payChanges.values()],
      repeats: this.repeats,
    };
  }
}
