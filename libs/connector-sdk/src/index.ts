export * from './errors/delivery-error-code';
export * from './errors/transient-delivery.error';
export * from './errors/permanent-delivery.error';
export * from './connector-manifest';
export * from './target-connector';
export * from './source-connector';
export * from './http-target-client';
export * from './simulator/http-simulator';
