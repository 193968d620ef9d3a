// The one reader of untrusted webhook bodies that every webhook source connector uses.
import { DATE_TIME, isIsoDate } from '../canonical/patterns';
import { unsignedPenceOf } from '../money';
import { SourceInputError } from '../source-connector';

type Key<T> = keyof T & string;
/** A table from a system's codes of a field to canonical values: it must cover every code. */
type CodeTable<T, K extends Key<T>, V> = Record<Extract<NonNullable<T[K]>, string>, V>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);
/** Refuses the webhook for the value at `pointer`, saying why. */
function refuse(pointer: string, why: string): never {
  throw new SourceInputError(`${pointer} ${why}`, pointer);
}

/** One reference token of a JSON Pointer (RFC 6901): `~` and `/` escaped. */
const token = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Reads one object of a webhook whose shape is `T` (the system's own format, declared in its
 * connector), so the field names are checked by the compiler and the values at run time. Every
 * refusal is a SourceInputError naming the field by its JSON Pointer into the webhook
 * (`/worker/annualSalaryGBP`, `/purchaseOrder/lines/0/quantity`): the gateway answers it as a 422
 * whose error `path` is that pointer, as the API names the fields of an event.
 */
export class WebhookFields<T> {
  private constructor(private readonly value: Record<string, unknown>, readonly path: string) {}

  /** The webhook's body (`path` ''), or an object inside it at `path`. */
  static of<T>(value: unknown, path = ''): WebhookFields<T> {
    if (!isObject(value)) throw new SourceInputError(`${path || 'the webhook'} is not an object`, path);
    return new WebhookFields<T>(value, path);
  }

  /** The JSON Pointer of one of this object's fields. */
  field(key: string): string {
    return `${this.path}/${token(key)}`;
  }

  fail(key: string, why: string): never {
    return refuse(this.field(key), why);
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

  optionalDateTime(key: Key<T>): string | undefined {
    return this.has(key) ? this.dateTime(key) : undefined;
  }

  /** A pounds amount as systems write it ("29961.10") → integer pence; a negative one is refused. */
  pence(key: Key<T>): number {
    const v = this.text(key);
    try {
      return unsignedPenceOf(v);
    } catch {
      return this.fail(key, `${show(v)} is not an amount in pounds`);
    }
  }

  /** A number in [min, max] (above min when `aboveMin`; no upper bound without `max`; whole when `integer`). */
  number(key: Key<T>, o: { min: number; max?: number; aboveMin?: boolean; integer?: boolean }): number {
    const v = this.value[key];
    if (v === undefined || v === null) this.fail(key, 'is missing');
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `must be a number, not ${show(v)}`);
    if (o.integer && !Number.isInteger(v)) this.fail(key, `must be a whole number, not ${v}`);
    const max = o.max ?? Infinity;
    if ((o.aboveMin ? v <= o.min : v < o.min) || v > max) this.fail(key, `${v} is outside ${o.aboveMin ? '(' : '['}${o.min}, ${o.max ?? '∞'}${o.max === undefined ? ')' : ']'}`);
    return v;
  }

  optionalNumber(key: Key<T>, o: { min: number; max?: number }): number | undefined {
    return this.has(key) ? this.number(key, o) : undefined;
  }

  optionalFlag(key: Key<T>): boolean | undefined {
    if (!this.has(key)) return undefined;
    const v = this.value[key];
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, not ${show(v)}`);
    return v;
  }

  /** One of the system's codes, translated to the canonical value by `table`. */
  code<K extends Key<T>, C extends CodeTable<T, K, unknown>>(key: K, table: C): C[keyof C] {
    const v = this.text(key);
    if (!Object.prototype.hasOwnProperty.call(table, v)) this.fail(key, `${show(v)} is not one of ${Object.keys(table).join(', ')}`);
    return table[v as keyof C];
  }

  optionalCode<K extends Key<T>, C extends CodeTable<T, K, unknown>>(key: K, table: C): C[keyof C] | undefined {
    return this.has(key) ? this.code(key, table) : undefined;
  }

  /** One of `values`, as the system writes it. */
  oneOf<V extends string>(key: Key<T>, values: readonly V[]): V {
    const v = this.text(key);
    if (!values.includes(v as V)) this.fail(key, `${show(v)} is not one of ${values.join(', ')}`);
    return v as V;
  }

  object<K extends Key<T>>(key: K): WebhookFields<NonNullable<T[K]>> {
    if (!this.has(key)) this.fail(key, 'is missing');
    return WebhookFields.of<NonNullable<T[K]>>(this.value[key], this.field(key));
  }

  optionalObject<K extends Key<T>>(key: K): WebhookFields<NonNullable<T[K]>> | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }

  /** The items of an array field, each read as an object; at least `minItems` of them (default 0). */
  list<K extends Key<T>>(key: K, o: { minItems?: number } = {}): WebhookFields<NonNullable<T[K]> extends (infer I)[] ? I : never>[] {
    const v = this.value[key];
    if (!Array.isArray(v)) this.fail(key, `must be a list, not ${show(v)}`);
    if (v.length < (o.minItems ?? 0)) this.fail(key, `must have at least ${o.minItems} entries, not ${v.length}`);
    return v.map((item, i) => WebhookFields.of(item, `${this.field(key)}/${i}`));
  }

  /** A list of texts (address lines), each checked like `text`. */
  textList(key: Key<T>, o: { minItems: number; maxItems: number; max: number }): string[] {
    const v = this.value[key];
    if (!Array.isArray(v)) this.fail(key, `must be a list, not ${show(v)}`);
    if (v.length < o.minItems || v.length > o.maxItems) this.fail(key, `must have ${o.minItems} to ${o.maxItems} entries, not ${v.length}`);
    return v.map((item, i) => {
      if (typeof item !== 'string' || item.trim() === '' || item.length > o.max) refuse(`${this.field(key)}/${i}`, `must be text of 1 to ${o.max} characters`);
      return item;
    });
  }

  /** Keys present on the object: to tell an empty change set from a non-empty one. */
  keys(): string[] {
    return Object.keys(this.value).filter((k) => this.value[k] !== undefined && this.value[k] !== null);
  }
}
