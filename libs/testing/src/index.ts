export * from './wait-for';
export * from './test-landscape';
export * from './connector-contract';
