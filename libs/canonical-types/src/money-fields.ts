// Which fields of each canonical type hold money, and how reconciliation adds them up: declared
// once, here, for every type. The compiler checks each path against the type's generated `data`
// (it must lead to a { amountMinor, currency } object); money-fields.spec.ts checks the table
// against schemas/ (every money field of every schema is summed or named as left out, filters
// name real sibling fields and values). Reconciliation sums these in PostgreSQL (moneyJsonPaths)
// and here (moneyOf): the two must agree, and the integration tests compare them.
import type { CanonicalEventData, CanonicalEventType } from './generated';

/** The canonical money shape (schemas/defs/common.v1.json#/$defs/money). */
export interface MoneyValue {
  amountMinor: number;
  currency: string;
}

/**
 * JSON Pointers (without the leading `/data`) into T that end at a money object; `*` stands for
 * every item of an array. Depth-limited so the compiler stops on deep types.
 */
export type MoneyPath<T, Depth extends unknown[] = []> = Depth['length'] extends 6
  ? never
  : T extends MoneyValue
    ? ''
    : T extends readonly (infer U)[]
      ? `/*${MoneyPath<U, [...Depth, 1]>}`
      : T extends object
        ? { [K in keyof T & string]-?: MoneyPath<NonNullable<T[K]>, [...Depth, 1]> extends infer P ? (P extends string ? `/${K}${P}` : never) : never }[keyof T & string]
        : never;

/** One money field summed for a type. Sibling fields are those of the object holding the money. */
export interface MoneySum<T> {
  path: Exclude<MoneyPath<T>, ''>;
  /** Only money whose sibling field has this value counts (a journal's debit lines). */
  onlyWhere?: { sibling: string; is: string };
  /** Money whose sibling field has this value counts negative (a credit note). */
  negativeWhere?: { sibling: string; is: string };
}

/**
 * How a type's money is reconciled: the fields summed (none for a type without money to
 * reconcile), the money fields deliberately left out, and the rule in words.
 */
export interface MoneyRule<T> {
  sums: readonly MoneySum<T>[];
  /** Money the type carries that is not added up, each named so that none is forgotten. */
  notSummed?: readonly Exclude<MoneyPath<T>, ''>[];
  rule: string;
}

type MoneyTable = { readonly [K in CanonicalEventType]: MoneyRule<CanonicalEventData[K]> };

const none = (why: string) => ({ sums: [] as const, rule: why });
const salaryOnly = { sums: [] as const, notSummed: ['/employment/annualSalary'] as const, rule: 'no money reconciled: annualSalary describes the post, it is not an amount posted' };

/**
 * Every canonical type, with the money reconciliation adds up for it and the rule in words (the
 * operations guide repeats them). A new type does not compile until it has its entry here.
 */
export const MONEY_FIELDS: MoneyTable = {
  'finance.journal.posted.v1': {
    sums: [{ path: '/lines/*/amount', onlyWhere: { sibling: 'side', is: 'debit' } }],
    rule: "the sum of the journal's debit lines. A balanced journal's credits are the same sum, so adding both would only double it; it is also the control total of the ledger's GL import file",
  },
  'payroll.pay-change.requested.v1': {
    sums: [{ path: '/amount' }],
    rule: 'the amount of each requested change: a new annual or per-period rate, or a one-off sum (basis says which). A control total of what was asked, not a cash figure',
  },
  'payroll.run.completed.v1': {
    sums: [{ path: '/totals/gross' }],
    notSummed: ['/totals/deductions', '/totals/net', '/totals/employerNationalInsurance', '/totals/employerPension'],
    rule: "the run's gross pay (totals.gross); deductions, net and employer costs are parts of it or follow from it",
  },
  'payroll.payslip.issued.v1': {
    sums: [{ path: '/gross' }],
    notSummed: ['/deductions', '/net', '/deductionLines/*/amount'],
    rule: "each payslip's gross pay; deductions and net are parts of it",
  },
  'procurement.invoice.received.v1': {
    sums: [{ path: '/gross', negativeWhere: { sibling: 'documentType', is: 'credit-note' } }],
    notSummed: ['/net', '/vat'],
    rule: 'gross (net + VAT) of each invoice, a credit note counting negative',
  },
  'procurement.invoice.paid.v1': { sums: [{ path: '/amount' }], rule: 'the amount paid' },
  'procurement.purchase-order.raised.v1': { sums: [{ path: '/total' }], notSummed: ['/lines/*/unitPrice'], rule: "the order's total, VAT excluded (its lines' quantities times unit prices add up to it)" },
  'expenses.claim.approved.v1': { sums: [{ path: '/total' }], notSummed: ['/lines/*/amount'], rule: "the claim's total (its lines add up to it)" },
  'hr.employee.joined.v1': salaryOnly,
  'hr.employee.joined.v2': salaryOnly,
  'hr.employee.moved.v1': none('carries no money'),
  'hr.employee.left.v1': none('carries no money'),
  'hr.employee.details-changed.v1': none('carries no money'),
  'hr.absence.recorded.v1': none('carries no money'),
  'dms.shift.rostered.v1': none('carries no money (hours only; the duty-management export files carry their own control total of hours)'),
  'dms.leave.booked.v1': none('carries no money'),
  'training.course.completed.v1': none('carries no money'),
  'hs.incident.reported.v1': none('carries no money'),
  'hs.referral.raised.v1': none('carries no money'),
  'finance.cost-centre.changed.v1': none('carries no money'),
};

/** The types whose money is reconciled. */
export function moneyTypes(): CanonicalEventType[] {
  return (Object.keys(MONEY_FIELDS) as CanonicalEventType[]).filter((t) => MONEY_FIELDS[t].sums.length > 0);
}

/** One sum as PostgreSQL evaluates it: the jsonpath of the objects holding the money, and the property. */
export interface MoneySql {
  type: string;
  /** jsonpath over `data` to every object that holds the money, e.g. `$."lines"[*]`. */
  parentPath: string;
  property: string;
  onlyField: string | null;
  onlyValue: string | null;
  negativeField: string | null;
  negativeValue: string | null;
}

const jsonpathKey = (k: string) => `."${k.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Splits a money path into the steps to its parent object and the property that holds the money. */
function steps(path: string): { parent: string[]; property: string } {
  const parts = path.split('/').slice(1);
  return { parent: parts.slice(0, -1), property: parts[parts.length - 1] };
}

/** MONEY_FIELDS as rows for the ledger's reconciliation query. */
export function moneyJsonPaths(): MoneySql[] {
  return moneyTypes().flatMap((type) =>
    (MONEY_FIELDS[type].sums as readonly MoneySum<unknown>[]).map((s) => {
      const { parent, property } = steps(s.path);
      return {
        type,
        parentPath: `$${parent.map((p) => (p === '*' ? '[*]' : jsonpathKey(p))).join('')}`,
        property,
        onlyField: s.onlyWhere?.sibling ?? null,
        onlyValue: s.onlyWhere?.is ?? null,
        negativeField: s.negativeWhere?.sibling ?? null,
        negativeValue: s.negativeWhere?.is ?? null,
      };
    }),
  );
}

const isMoney = (v: unknown): v is MoneyValue =>
  typeof v === 'object' && v !== null && Number.isInteger((v as MoneyValue).amountMinor) && typeof (v as MoneyValue).currency === 'string';

/** Every object the parent steps reach in `data`. */
function parentsOf(data: unknown, parent: string[]): Record<string, unknown>[] {
  let at: unknown[] = [data];
  for (const step of parent) {
    at = at.flatMap((v) => (step === '*' ? (Array.isArray(v) ? v : []) : typeof v === 'object' && v !== null && !Array.isArray(v) ? [(v as Record<string, unknown>)[step]] : []));
  }
  return at.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v));
}

/**
 * The money of one event by MONEY_FIELDS, per currency, in minor units: what the ledger's query
 * computes in SQL for the same event. A type without money (or unknown) answers an empty map.
 */
export function moneyOf(type: string, data: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const rule = (MONEY_FIELDS as Record<string, MoneyRule<unknown> | undefined>)[type];
  for (const s of (rule?.sums ?? []) as readonly MoneySum<unknown>[]) {
    const { parent, property } = steps(s.path);
    for (const holder of parentsOf(data, parent)) {
      const money = holder[property];
      if (!isMoney(money)) continue;
      if (s.onlyWhere && holder[s.onlyWhere.sibling] !== s.onlyWhere.is) continue;
      const sign = s.negativeWhere && holder[s.negativeWhere.sibling] === s.negativeWhere.is ? -1 : 1;
      out.set(money.currency, (out.get(money.currency) ?? 0) + sign * money.amountMinor);
    }
  }
  return out;
}
