export * from './redis';
export * from './delivery-job';
export * from './backoff';
export * from './dedupe.store';
export * from './delivery-queues';
export * from './delivery.module';
