// The ledger API's own validation of a request body: it answers the first fault it finds, with
// the status the real API uses (400 unreadable, 409 duplicate, 415 media type, 422 invalid).
import { penceOf } from '@hub/connector-sdk';
import type { SimAnswer } from '@hub/connector-sdk';

/** Thrown by a check; the simulator answers it as is. */
export class LedgerFault {
  constructor(readonly answer: SimAnswer) {}
}

export const fault = (status: number, error: string, extra: Record<string, unknown> = {}): never => {
  throw new LedgerFault({ status, body: { error, ...extra } });
};

export type Body = Record<string, unknown>;

export const isBody = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** 422 naming every required field that is absent, null or empty (`prefix` for nested records). */
export function requireFields(body: Body, fields: string[], prefix = ''): void {
  const missing = fields.filter((f) => body[f] === undefined || body[f] === null || body[f] === '').map((f) => `${prefix}${f}`);
  if (missing.length) fault(422, 'required fields are missing', { missing });
}

/** The record's business unit must be this ledger's force: one force never books into another's. */
export function requireBusinessUnit(body: Body, businessUnit: string): void {
  if (body.businessUnit !== businessUnit) fault(422, `businessUnit ${String(body.businessUnit)} is another force's; this ledger books ${businessUnit}`);
}

/** Pounds text → pence, or 422 naming the field. */
export function pence(body: Body, field: string, prefix = ''): number {
  try {
    return penceOf(String(body[field]));
  } catch {
    return fault(422, `${prefix}${field} is not an amount in pounds: ${JSON.stringify(body[field])}`);
  }
}
