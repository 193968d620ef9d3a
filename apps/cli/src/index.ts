export * from './cli';
export * from './hub-api.client';
