/**
 * Why the router quarantined a Kafka message instead of routing it: each is permanent for the
 * message as it is, so consuming it again would fail the same way. Stored in the ledger and named in
 * metrics and the API: renaming one is a migration.
 */
export enum QuarantineReason {
  /** Not one CloudEvent in the Kafka binding: an attribute missing, a header or value not UTF-8, a value not JSON. */
  Undecodable = 'undecodable',
  /** Read, but not carriable exactly (libs/events carryProblems): NUL, lone surrogates, control characters in attributes, numbers past 2^53. */
  NotCarriable = 'not-carriable',
  /** Its type has no schema in this router's registry. */
  UnknownType = 'unknown-type',
  /** Its data does not validate against its type's schema as this router has it. */
  SchemaViolation = 'schema-violation',
  /** PostgreSQL refused to store it (a data exception, SQLSTATE class 22, or a limit, class 54), with the database's message. */
  LedgerRefused = 'ledger-refused',
  /** Its `hub-landscape-version` header names no landscape version this ledger has (it came past an API of another ledger, or was written by hand). */
  UnknownLandscapeVersion = 'unknown-landscape-version',
}

export const QUARANTINE_REASONS: readonly QuarantineReason[] = Object.values(QuarantineReason);

/** open: waiting for ops; released: put back on its topic; discarded: given up on, with a reason. */
export type QuarantineState = 'open' | 'released' | 'discarded';
export const QUARANTINE_STATES: readonly QuarantineState[] = ['open', 'released', 'discarded'];
