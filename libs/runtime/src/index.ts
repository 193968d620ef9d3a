export * from './hub-context';
export * from './hub-core.module';
export * from './ledger.provider';
export * from './keep-trying';
export * from './landscape/landscape-validation';
export * from './landscape/landscape-runtime';
export * from './repeating-task';
export * from './close-on-signal';
