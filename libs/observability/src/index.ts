export * from './logger';
export * from './metrics';
export * from './role-health';
export * from './tracing/tracing';
export * from './tracing/spans';
