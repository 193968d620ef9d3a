export * from './hub';
export * from './composition';
export * from './ops-server';
