import type { CanonicalEvent } from '@hub/events';
import type { ConnectorManifest } from './connector-manifest';

export interface SourceContext {
  tenant: string;
  /** The CloudEvents `source` of this system, e.g. `urn:erp-hub:source:hr`. */
  source: string;
}

/** A message from the system that the connector cannot turn into an event (shape, unknown kind). */
export class SourceInputError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'SourceInputError';
  }
}

/**
 * Turns a system's own messages (webhooks, API answers) into canonical events, ready to post to
 * the hub. Throws SourceInputError for a message it cannot read, naming the field.
 */
export interface SourceConnector<TInput = unknown> {
  readonly manifest: ConnectorManifest;
  toEvents(input: TInput, ctx: SourceContext): CanonicalEvent[];
}

/** The CloudEvents `source` of events a connector emits for its system. */
export function sourceUrn(connector: string): string {
  return `urn:erp-hub:source:${connector}`;
}
