export * from './settings';
export * from './hub-config';
export * from './tokens';
export * from './config.module';
