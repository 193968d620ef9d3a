import { penceOf, SourceInputError } from '@hub/connector-sdk';

// Patterns of the canonical model (schemas/defs/common.v1.json), checked here so a webhook the
// hub would refuse is refused at the door, naming the HR system's own field.
export const WORKER_NUMBER = /^[A-Z0-9][A-Z0-9-]{2,19}$/;
export const RECORD_ID = /^[A-Z0-9][A-Z0-9/-]{2,39}$/;
export const CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
export const COST_CENTRE = /^[A-Z0-9]{2,12}$/;
export const PHONE = /^\+?[0-9][0-9 ]{6,19}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Key<T> = keyof T & string;
/** A table from the HR system's codes of a field to canonical values: it must cover every code. */
type CodeTable<T, K extends Key<T>, V> = Record<Extract<NonNullable<T[K]>, string>, V>;

/** The HR system's pounds-and-pence text ("29961.10") → integer pence; it never sends negatives. */
export function toMinorUnits(amount: string): number {
  if (amount.trim().startsWith('-')) throw new Error(`not an amount: "${amount}"`);
  return penceOf(amount);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);

/** A real calendar day in YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(v: string): boolean {
  return DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
}

/**
 * Reads one object of a webhook whose shape is `T` (hr.format.ts), so the field names are checked
 * by the compiler and the values at run time. Every refusal is a SourceInputError naming the
 * field by its path in the webhook (`worker.annualSalaryGBP`).
 */
export class WebhookFields<T> {
  private constructor(private readonly value: Record<string, unknown>, readonly path: string) {}

  static of<T>(value: unknown, path: string): WebhookFields<T> {
    if (!isObject(value)) throw new SourceInputError(`${path || 'the webhook'} is not an object`, path || undefined);
    return new WebhookFields<T>(value, path);
  }

  field(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, why: string): never {
    throw new SourceInputError(`${this.field(key)} ${why}`, this.field(key));
  }

  has(key: Key<T>): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  text(key: Key<T>, o: { max?: number; pattern?: RegExp } = {}): string {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') this.fail(key, 'is missing');
    if (typeof v !== 'string' || v.trim() === '') this.fail(key, `must be text, not ${show(v)}`);
    if (o.max !== undefined && v.length > o.max) this.fail(key, `is longer than ${o.max} characters`);
    if (o.pattern && !o.pattern.test(v)) this.fail(key, `${show(v)} is not in the expected form`);
    return v;
  }

  optionalText(key: Key<T>, o: { max?: number; pattern?: RegExp } = {}): string | undefined {
    return this.has(key) ? this.text(key, o) : undefined;
  }

  date(key: Key<T>): string {
    const v = this.text(key);
    if (!isIsoDate(v)) this.fail(key, `${show(v)} is not a date (YYYY-MM-DD)`);
    return v;
  }

  optionalDate(key: Key<T>): string | undefined {
    return this.has(key) ? this.date(key) : undefined;
  }

  dateTime(key: Key<T>): string {
    const v = this.text(key);
    if (!DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) this.fail(key, `${show(v)} is not a date-time with its offset`);
    return v;
  }

  /** A pounds amount as the HR system writes it ("29961.10") → integer pence. */
  pence(key: Key<T>): number {
    const v = this.text(key);
    try {
      return toMinorUnits(v);
    } catch {
      return this.fail(key, `${show(v)} is not an amount in pounds`);
    }
  }

  number(key: Key<T>, o: { min: number; max: number; aboveMin?: boolean }): number {
    const v = this.value[key];
    if (v === undefined || v === null) this.fail(key, 'is missing');
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `must be a number, not ${show(v)}`);
    if ((o.aboveMin ? v <= o.min : v < o.min) || v > o.max) this.fail(key, `${v} is outside ${o.aboveMin ? '(' : '['}${o.min}, ${o.max}]`);
    return v;
  }

  optionalNumber(key: Key<T>, o: { min: number; max: number }): number | undefined {
    return this.has(key) ? this.number(key, o) : undefined;
  }

  optionalFlag(key: Key<T>): boolean | undefined {
    if (!this.has(key)) return undefined;
    const v = this.value[key];
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, not ${show(v)}`);
    return v;
  }

  /** One of the HR system's codes, translated to the canonical value by `table`. */
  code<K extends Key<T>, C extends CodeTable<T, K, unknown>>(key: K, table: C): C[keyof C] {
    const v = this.text(key);
    if (!Object.prototype.hasOwnProperty.call(table, v)) this.fail(key, `${show(v)} is not one of ${Object.keys(table).join(', ')}`);
    return table[v as keyof C];
  }

  optionalCode<K extends Key<T>, C extends CodeTable<T, K, unknown>>(key: K, table: C): C[keyof C] | undefined {
    return this.has(key) ? this.code(key, table) : undefined;
  }

  object<K extends Key<T>>(key: K): WebhookFields<NonNullable<T[K]>> {
    if (!this.has(key)) this.fail(key, 'is missing');
    return WebhookFields.of<NonNullable<T[K]>>(this.value[key], this.field(key));
  }

  optionalObject<K extends Key<T>>(key: K): WebhookFields<NonNullable<T[K]>> | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }

  /** The items of an array field, each read as an object. */
  list<K extends Key<T>>(key: K): WebhookFields<NonNullable<T[K]> extends (infer I)[] ? I : never>[] {
    const v = this.value[key];
    if (!Array.isArray(v)) this.fail(key, `must be a list, not ${show(v)}`);
    return v.map((item, i) => WebhookFields.of(item, `${this.field(key)}[${i}]`));
  }

  /** A list of texts (address lines), each checked like `text`. */
  textList(key: Key<T>, o: { minItems: number; maxItems: number; max: number }): string[] {
    const v = this.value[key];
    if (!Array.isArray(v)) this.fail(key, `must be a list, not ${show(v)}`);
    if (v.length < o.minItems || v.length > o.maxItems) this.fail(key, `must have ${o.minItems} to ${o.maxItems} entries, not ${v.length}`);
    return v.map((item, i) => {
      if (typeof item !== 'string' || item.trim() === '' || item.length > o.max) this.fail(`${key}[${i}]`, `must be text of 1 to ${o.max} characters`);
      return item;
    });
  }

  /** Keys present on the object: to tell an empty change set from a non-empty one. */
  keys(): string[] {
    return Object.keys(this.value).filter((k) => this.value[k] !== undefined && this.value[k] !== null);
  }
}
