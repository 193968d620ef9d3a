// What the integration suites, the demo, the bench and the fault runs share to stand up a hub:
// above every layer (it imports apps and connectors), so no library or connector may import it.
export * from './test-landscape';
export * from './demo-env';
export * from './demo-systems';
export * from './role-process';
export * from './openapi-conformance';
