export * from './types';
export * from './resolver';
export { compareSchemas } from './schema-compat';
