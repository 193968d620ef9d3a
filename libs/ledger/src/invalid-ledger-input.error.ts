/** A caller handed the ledger something it cannot store or query (bad cursor, missing tenant scope, a failure without an error). */
export class InvalidLedgerInputError extends Error {
  readonly code = 'invalid-ledger-input';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLedgerInputError';
  }
}
