export * from './event-type';
export * from './annotations';
export * from './validation-problem';
export * from './pii-mask';
export * from './schema-registry';
export * from './schema-registry.module';
export * from './compat';
