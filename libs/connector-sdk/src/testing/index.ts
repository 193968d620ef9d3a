// What connector specs share (`@hub/connector-sdk/testing`): never imported by a connector's own code.
export * from './canonical-schemas';
export * from './file-source-testing';
export * from './source-testing';
export * from './canonical-samples';
export * from './canonical-fields-kit';
