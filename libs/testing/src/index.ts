export * from './wait-for';
export * from './rejection';
export * from './samples';
export * from './connector-contract';
export * from './source-contract';
export * from './raw-http';
