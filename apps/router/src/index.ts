export * from './router.app';
