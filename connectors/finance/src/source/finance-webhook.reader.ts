import { penceOf, SourceInputError } from '@hub/connector-sdk';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads fields of an untrusted webhook by JSON pointer ("/payment/invoiceNumber"). Every refusal
 * is a SourceInputError whose message and `field` name the pointer, so the sender can fix it.
 */
export class WebhookReader {
  constructor(private readonly body: unknown) {}

  private at(path: string): unknown {
    let v: unknown = this.body;
    for (const key of path.split('/').slice(1)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return v;
  }

  refuse(path: string, why: string): never {
    throw new SourceInputError(`${path} ${why}`, path);
  }

  text(path: string): string {
    const v = this.at(path);
    if (typeof v !== 'string' || v.trim() === '') this.refuse(path, 'is required (a non-empty string)');
    return v;
  }

  /** Absent and null both mean "not given". */
  optionalText(path: string): string | undefined {
    return this.at(path) === undefined || this.at(path) === null ? undefined : this.text(path);
  }

  date(path: string): string {
    const v = this.text(path);
    if (!DATE.test(v) || Number.isNaN(Date.parse(v))) this.refuse(path, `is not a date (YYYY-MM-DD): "${v}"`);
    return v;
  }

  /** Pounds text ("12048.00") → pence; negative amounts are refused. */
  pence(path: string): number {
    const v = this.text(path);
    let pence: number;
    try {
      pence = penceOf(v);
    } catch {
      this.refuse(path, `is not an amount in pounds: "${v}"`);
    }
    if (pence < 0) this.refuse(path, `is negative: "${v}"`);
    return pence;
  }

  positiveNumber(path: string): number {
    const v = this.at(path);
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) this.refuse(path, 'must be a number above 0');
    return v;
  }

  integer(path: string): number {
    const v = this.at(path);
    if (!Number.isInteger(v) || (v as number) < 1) this.refuse(path, 'must be a whole number from 1');
    return v as number;
  }

  oneOf<T extends string>(path: string, values: readonly T[]): T {
    const v = this.text(path);
    if (!values.includes(v as T)) this.refuse(path, `is "${v}", not one of ${values.join(', ')}`);
    return v as T;
  }

  /** The length of a non-empty array. */
  count(path: string): number {
    const v = this.at(path);
    if (!Array.isArray(v) || v.length === 0) this.refuse(path, 'must be a non-empty list');
    return v.length;
  }

  has(path: string): boolean {
    const v = this.at(path);
    return v !== undefined && v !== null;
  }
}
