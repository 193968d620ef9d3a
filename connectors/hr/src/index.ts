export * from './source/hr-webhook.format';
export * from './target/hr-records.format';
export * from './hr.manifest';
export * from './source/hr-webhook.source';
export * from './target/hr.connector';
export * from './simulator/hr-simulator';
export * from './testing/samples';
