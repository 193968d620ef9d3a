export * from './worker.app';
