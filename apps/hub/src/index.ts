export * from './hub';
export * from './ops-server';
