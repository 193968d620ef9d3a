export * from './hr.format';
export * from './hr.manifest';
export * from './hr.mapper';
export * from './hr-source.client';
