import type { FileSourceConnector, SourceConnector } from '@hub/connector-sdk';

export type SourceConnectors = ReadonlyMap<string, SourceConnector | FileSourceConnector>;
export const GATEWAY_SOURCES = Symbol('GATEWAY_SOURCES');
export const SECRETS = Symbol('SECRETS');
export const INGEST_CLIENT = Symbol('INGEST_CLIENT');
/** The clock webhook timestamps are checked against (ms since the epoch); Date.now unless a test gives one. */
export const WEBHOOK_CLOCK = Symbol('WEBHOOK_CLOCK');
