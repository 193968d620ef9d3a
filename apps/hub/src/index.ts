export * from './hub';
export * from './bootstrap';
export * from './composition';
export * from './ops-server';
