export * from './logger';
export * from './metrics';
export * from './role-health';
