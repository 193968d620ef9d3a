export * from './hub-context';
export * from './hub-core.module';
export * from './ledger.provider';
export * from './keep-trying';
