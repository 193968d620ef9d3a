export * from './delivery-ledger';
export * from './run-ledger-migrations';
export * from './fingerprint';
export * from './ledger-rows';
export * from './ledger-records';
export * from './ledger-filters';
export { DEFAULT_LEDGER_SCHEMA } from './ledger-schema';
export * from './invalid-ledger-input.error';
