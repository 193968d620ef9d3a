import type { CanonicalEvent } from '@hub/events';
import type { ConnectorManifest } from './connector-manifest';

export interface SourceContext {
  tenant: string;
  /** The CloudEvents `source` of this system, e.g. `urn:erp-hub:hr`. */
  source: string;
}

/** Turns a system's own messages into canonical events, ready to post to the hub. */
export interface SourceConnector<TInput> {
  readonly manifest: ConnectorManifest;
  toEvents(input: TInput, ctx: SourceContext): CanonicalEvent[];
}
