export * from './problem-types';
export * from './problem.exception';
export * from './challenge';
export * from './problem.filter';
export * from './problem-types.controller';
export * from './openapi-document';
export * from './server/hub-express.adapter';
export * from './server/client-error.listener';
