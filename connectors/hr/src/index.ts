export * from './hr.format';
export * from './hr-records.format';
export * from './hr.manifest';
export * from './hr.mapper';
export * from './hr.connector';
export * from './simulator/hr-simulator';
