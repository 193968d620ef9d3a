import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MONEY_FIELDS, moneyJsonPaths, moneyOf, MoneyRule, MoneySum, moneyTypes } from './money-fields';

const SCHEMAS = join(__dirname, '..', '..', '..', 'schemas');
type Schema = Record<string, any>;
const defs = JSON.parse(readFileSync(join(SCHEMAS, 'defs', 'common.v1.json'), 'utf8')) as Schema;
const MONEY_DEFS = new Set(['money', 'moneyNonNegative']);
const schemaOf = (type: string): Schema => JSON.parse(readFileSync(join(SCHEMAS, `${type}.json`), 'utf8'));
const types = readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

/** The schema a `$ref` into defs/common.v1.json names, and whether it is a money definition. */
function resolve(s: Schema): { schema: Schema; money: boolean } {
  const m = typeof s.$ref === 'string' ? /^defs\/common\.v1\.json#\/\$defs\/(\w+)$/.exec(s.$ref) : null;
  if (!m) return { schema: s, money: false };
  return { schema: defs.$defs[m[1]], money: MONEY_DEFS.has(m[1]) };
}

/** Every JSON Pointer (with * for array items) at which the schema holds a money object. */
function moneyPathsIn(s: Schema, at = ''): string[] {
  const { schema, money } = resolve(s);
  if (money) return [at];
  const out: string[] = [];
  for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) out.push(...moneyPathsIn(v, `${at}/${k}`));
  if (schema.items) out.push(...moneyPathsIn(schema.items, `${at}/*`));
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const sub of (schema[key] ?? []) as Schema[]) out.push(...moneyPathsIn(sub, at));
  return [...new Set(out)];
}

/** The object schema at a pointer's parent (the object holding the money). */
function parentSchema(s: Schema, path: string): Schema {
  let at = resolve(s).schema;
  for (const step of path.split('/').slice(1, -1)) at = resolve(step === '*' ? at.items : at.properties[step]).schema;
  return at;
}

const ruleOf = (type: string) => (MONEY_FIELDS as Record<string, MoneyRule<unknown>>)[type];
const sumsOf = (type: string) => ruleOf(type).sums as readonly MoneySum<unknown>[];

describe('money fields (MONEY_FIELDS)', () => {
  it('has an entry with its rule in words for every type in schemas/, and none for a type that is not there', () => {
    expect(Object.keys(MONEY_FIELDS).sort()).toEqual(types);
    for (const t of types) expect({ t, rule: ruleOf(t).rule.length > 10 }).toEqual({ t, rule: true });
  });

  it.each(types)('%s: every money field of the schema is summed or named as left out, and nothing else is named', (type) => {
    const rule = ruleOf(type);
    const named = [...sumsOf(type).map((s) => s.path), ...((rule.notSummed ?? []) as readonly string[])].sort();
    expect(named).toEqual(moneyPathsIn(schemaOf(type)).sort());
    expect(new Set(named).size).toBe(named.length);
  });

  it.each(moneyTypes())('%s: a filter names a sibling field of the money, with a value that field can have', (type) => {
    for (const s of sumsOf(type)) {
      for (const f of [s.onlyWhere, s.negativeWhere].filter((x): x is { sibling: string; is: string } => x !== undefined)) {
        const sibling = resolve(parentSchema(schemaOf(type), s.path).properties?.[f.sibling] ?? {}).schema;
        expect({ type, sibling: f.sibling, values: sibling.enum ?? sibling.const }).toEqual({ type, sibling: f.sibling, values: expect.arrayContaining([f.is]) });
      }
    }
  });

  it('adds up a journal by its debit lines only, which is the sum of its credits when it balances', () => {
    const journal = JSON.parse(readFileSync(join(SCHEMAS, 'fixtures', 'finance.journal.posted.v1', 'valid', 'full.json'), 'utf8'));
    const side = (s: string) => journal.lines.filter((l: { side: string }) => l.side === s).reduce((n: number, l: { amount: { amountMinor: number } }) => n + l.amount.amountMinor, 0);
    expect(side('debit')).toBeGreaterThan(0);
    expect(moneyOf('finance.journal.posted.v1', journal)).toEqual(new Map([['GBP', side('debit')]]));
    expect(side('credit')).toBe(side('debit'));
  });

  it('counts a credit note negative and keeps currencies apart', () => {
    const invoice = (documentType: string, amountMinor: number, currency = 'GBP') => ({ documentType, gross: { amountMinor, currency }, net: { amountMinor: 1, currency }, vat: { amountMinor: 1, currency } });
    expect(moneyOf('procurement.invoice.received.v1', invoice('invoice', 12_000))).toEqual(new Map([['GBP', 12_000]]));
    expect(moneyOf('procurement.invoice.received.v1', invoice('credit-note', 12_000))).toEqual(new Map([['GBP', -12_000]]));
    const lines = [
      { side: 'debit', amount: { amountMinor: 500, currency: 'EUR' } },
      { side: 'debit', amount: { amountMinor: 250, currency: 'GBP' } },
      { side: 'credit', amount: { amountMinor: 750, currency: 'GBP' } },
    ];
    expect(moneyOf('finance.journal.posted.v1', { lines })).toEqual(new Map([['EUR', 500], ['GBP', 250]]));
  });

  it('finds no money in a type without any, an unknown type, or data not shaped as the schema says', () => {
    expect(moneyOf('hr.employee.joined.v1', { employment: { annualSalary: { amountMinor: 3_150_000, currency: 'GBP' } } }).size).toBe(0);
    expect(moneyOf('no.such.type.v1', { amount: { amountMinor: 1, currency: 'GBP' } }).size).toBe(0);
    expect(moneyOf('finance.journal.posted.v1', { lines: 'none' }).size).toBe(0);
    expect(moneyOf('payroll.pay-change.requested.v1', { amount: { amountMinor: 1.5, currency: 'GBP' } }).size).toBe(0);
  });

  it('gives the ledger a jsonpath to each holder of money, with its filters', () => {
    const rows = moneyJsonPaths();
    expect(rows.map((r) => r.type).sort()).toEqual(moneyTypes().sort());
    expect(rows.find((r) => r.type === 'finance.journal.posted.v1')).toEqual({
      type: 'finance.journal.posted.v1', parentPath: '$."lines"[*]', property: 'amount', onlyField: 'side', onlyValue: 'debit', negativeField: null, negativeValue: null,
    });
    expect(rows.find((r) => r.type === 'payroll.run.completed.v1')).toMatchObject({ parentPath: '$."totals"', property: 'gross' });
    expect(rows.find((r) => r.type === 'payroll.pay-change.requested.v1')).toMatchObject({ parentPath: '$', property: 'amount' });
    expect(rows.find((r) => r.type === 'procurement.invoice.received.v1')).toMatchObject({ negativeField: 'documentType', negativeValue: 'credit-note' });
  });
});
