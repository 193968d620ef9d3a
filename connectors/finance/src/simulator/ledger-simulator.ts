import { HttpSimulator, IdempotencyKeys, poundsOf, SimAnswer, SimRequest } from '@hub/connector-sdk';
import type { LedgerEmployeePayee, LedgerImportJob, LedgerImportRequest, LedgerInvoice, LedgerPurchaseOrder } from '../finance.format';
import { IMPORT_COLUMNS } from '../target/finance.import-file';
import { ImportFileRefused, ImportRow, readImportFile } from './import-file.reader';
import { Body, fault, isBody, LedgerFault, pence, requireBusinessUnit, requireFields } from './ledger-checks';

/** An import the ledger accepted, with its file read into rows. */
export interface LedgerImport {
  importId: string;
  jobName: LedgerImportJob;
  fileName: string;
  lines: ImportRow[];
  lineCount: number;
  controlTotal: string;
}

/**
 * The shared finance ledger's REST API for one force (business unit), as far as the hub uses it.
 * Like the real one it wants a bearer token (401) and an Idempotency-Key (400), answers a repeated
 * key with its first answer, reads import files and recounts their control record, and refuses
 * incomplete records, duplicates and another force's records with the reason.
 */
export class LedgerSimulator extends HttpSimulator {
  readonly imports = new Map<string, LedgerImport>();
  /** By PO number. */
  readonly purchaseOrders = new Map<string, LedgerPurchaseOrder & { purchaseOrderId: string }>();
  /** By `<supplierNumber>/<invoiceNumber>`: invoice numbers are unique per supplier only. */
  readonly invoices = new Map<string, LedgerInvoice & { invoiceId: string }>();
  /** By employee number. */
  readonly payees = new Map<string, LedgerEmployeePayee & { payeeId: string }>();
  private readonly keys = new IdempotencyKeys({ missing: () => ({ status: 400, body: { error: 'Idempotency-Key header is required' } }) });
  /** How many requests repeated an idempotency key already answered. */
  get repeats(): number {
    return this.keys.repeats;
  }
  private seq = 0;
  private readonly businessUnit: string;
  private readonly routes: Record<string, (body: Body) => SimAnswer> = {
    '/api/fbdi/imports': (b) => this.importFile(b),
    '/api/procurement/purchase-orders': (b) => this.purchaseOrder(b),
    '/api/payables/invoices': (b) => this.invoice(b),
    '/api/payables/employee-payees': (b) => this.payee(b),
  };

  constructor(readonly forceCode: string, port = 0, host = '127.0.0.1', private readonly token = 'ledger-api-token') {
    super(`ledger-${forceCode}`, port, host);
    this.businessUnit = forceCode.toUpperCase();
  }

  protected handle(req: SimRequest): SimAnswer {
    const route = this.routes[req.path];
    if (req.method !== 'POST' || !route) return { status: 404, body: { error: `no endpoint ${req.method} ${req.path}` } };
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'a valid bearer token is required' } };
    return this.keys.answer(req, () => {
      if (!isBody(req.body)) return { status: 400, body: { error: 'the body must be a JSON object' } };
      try {
        return route(req.body);
      } catch (err) {
        if (err instanceof LedgerFault) return err.answer;
        throw err;
      }
    });
  }

  private nextId(prefix: string): string {
    return `${prefix}-${this.businessUnit}-${String(++this.seq).padStart(6, '0')}`;
  }

  private importFile(b: Body): SimAnswer {
    if (b.contentType !== 'text/csv') fault(415, `contentType must be text/csv, not ${String(b.contentType)}`);
    requireFields(b, ['jobName', 'businessUnit', 'fileName', 'content']);
    const req = b as unknown as LedgerImportRequest;
    if (!(req.jobName in IMPORT_COLUMNS)) fault(422, `unknown import job ${req.jobName}`);
    requireBusinessUnit(b, this.businessUnit);
    let read;
    try {
      read = readImportFile(req.jobName, req.content, this.businessUnit);
    } catch (err) {
      if (!(err instanceof ImportFileRefused)) throw err;
      return fault(422, 'import file rejected', { fileName: req.fileName, reason: err.message });
    }
    if (req.jobName === 'GL_JOURNAL_IMPORT') {
      const posted = new Set([...this.imports.values()].flatMap((i) => i.lines.map((l) => l.JOURNAL_ID)).filter(Boolean));
      const again = read.lines.find((l) => posted.has(l.JOURNAL_ID));
      if (again) fault(409, `journal ${again.JOURNAL_ID} is posted already`);
    }
    const importId = this.nextId('IMP');
    this.imports.set(importId, { importId, jobName: req.jobName, fileName: req.fileName, ...read });
    return { status: 202, body: { importId, status: 'ACCEPTED' } };
  }

  private purchaseOrder(b: Body): SimAnswer {
    requireFields(b, ['businessUnit', 'poNumber', 'supplierNumber', 'supplierName', 'orderDate', 'currencyCode', 'lines', 'totalAmount']);
    requireBusinessUnit(b, this.businessUnit);
    if (b.currencyCode !== 'GBP') fault(422, `currencyCode ${String(b.currencyCode)}: the ledger books GBP only`);
    const lines = Array.isArray(b.lines) ? (b.lines as unknown[]) : [];
    if (lines.length === 0) fault(422, 'lines must be a non-empty list');
    let sum = 0;
    lines.forEach((l, i) => {
      const line = isBody(l) ? l : {};
      requireFields(line, ['lineNumber', 'description', 'quantity', 'unitPrice', 'lineAmount', 'account', 'costCentre'], `lines[${i}].`);
      sum += pence(line, 'lineAmount', `lines[${i}].`);
    });
    if (pence(b, 'totalAmount') !== sum) fault(422, `totalAmount ${String(b.totalAmount)} is not the sum of the line amounts ${poundsOf(sum)}`);
    const po = b as unknown as LedgerPurchaseOrder;
    if (this.purchaseOrders.has(po.poNumber)) fault(409, `purchase order ${po.poNumber} exists`);
    const purchaseOrderId = this.nextId('PO');
    this.purchaseOrders.set(po.poNumber, { ...po, purchaseOrderId });
    return { status: 201, body: { purchaseOrderId } };
  }

  private invoice(b: Body): SimAnswer {
    requireFields(b, ['businessUnit', 'invoiceNumber', 'invoiceType', 'supplierNumber', 'supplierName', 'invoiceDate', 'receivedDate', 'dueDate', 'currencyCode', 'netAmount', 'taxAmount', 'grossAmount']);
    requireBusinessUnit(b, this.businessUnit);
    if (b.currencyCode !== 'GBP') fault(422, `currencyCode ${String(b.currencyCode)}: the ledger books GBP only`);
    if (b.invoiceType !== 'STANDARD' && b.invoiceType !== 'CREDIT') fault(422, `invoiceType ${String(b.invoiceType)} is not STANDARD or CREDIT`);
    const [net, tax, gross] = ['netAmount', 'taxAmount', 'grossAmount'].map((f) => pence(b, f));
    if (net + tax !== gross) fault(422, `netAmount + taxAmount is ${poundsOf(net + tax)}, not grossAmount ${String(b.grossAmount)}`);
    if (b.invoiceType === 'CREDIT' ? gross > 0 : gross < 0) fault(422, `a ${String(b.invoiceType)} invoice cannot have grossAmount ${String(b.grossAmount)}`);
    const inv = b as unknown as LedgerInvoice;
    const id = `${inv.supplierNumber}/${inv.invoiceNumber}`;
    if (this.invoices.has(id)) fault(409, `invoice ${inv.invoiceNumber} of supplier ${inv.supplierNumber} exists`);
    const invoiceId = this.nextId('INV');
    this.invoices.set(id, { ...inv, invoiceId });
    return { status: 201, body: { invoiceId } };
  }

  private payee(b: Body): SimAnswer {
    requireFields(b, ['businessUnit', 'payeeType', 'employeeNumber', 'firstName', 'lastName', 'costCentre', 'activeFrom']);
    requireBusinessUnit(b, this.businessUnit);
    if (b.payeeType !== 'EMPLOYEE') fault(422, `payeeType ${String(b.payeeType)} is not EMPLOYEE`);
    const payee = b as unknown as LedgerEmployeePayee;
    if (this.payees.has(payee.employeeNumber)) fault(409, `employee ${payee.employeeNumber} is a payee already`);
    const payeeId = this.nextId('PAYEE');
    this.payees.set(payee.employeeNumber, { ...payee, payeeId });
    return { status: 201, body: { payeeId } };
  }

  protected clear(): void {
    for (const m of [this.imports, this.purchaseOrders, this.invoices, this.payees, this.keys]) m.clear();
    this.seq = 0;
  }

  override snapshot() {
    return {
      imports: [...this.imports.values()],
      purchaseOrders: [...this.purchaseOrders.values()],
      invoices: [...this.invoices.values()],
      payees: [...this.payees.values()],
      repeats: this.repeats,
    };
  }
}
