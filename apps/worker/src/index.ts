export * from './worker.app';
export { STALLED_LIMIT_REASON } from './delivery.processor';
