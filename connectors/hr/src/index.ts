export * from './hr.format';
export * from './hr-records.format';
export * from './hr.manifest';
export * from './hr.mapper';
export * from './hr.connector';
export * from './hr-source.client';
export * from './simulator/hr-simulator';
