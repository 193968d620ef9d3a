export * from './wait-for';
export * from './rejection';
export * from './test-landscape';
export * from './connector-contract';
export * from './source-contract';
export * from './demo-env';
export * from './demo-systems';
export * from './raw-http';
