export type ConnectorDirection = 'source' | 'target' | 'both';

/** What a connector declares about itself; the hub checks routes and targets against it at boot. */
export interface ConnectorManifest {
  name: string;
  description: string;
  direction: ConnectorDirection;
  /** Canonical types this connector delivers to its system (as a target). */
  consumes: readonly string[];
  /** Canonical types this connector emits from its system (as a source). */
  produces: readonly string[];
}
