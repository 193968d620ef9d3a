export * from './worker.app';
export { STALLED_LIMIT_REASON } from './delivery.processor';
export { ParallelRunComparer } from './parallel-run/parallel-run-comparer';
