export type ConnectorDirection = 'source' | 'target' | 'both';

/** How the hub reaches the system: its API, or files in a directory both sides can see. */
export type ConnectorTransport = 'http' | 'files';

/** Defaults a target takes unless its configuration says otherwise. */
export interface ConnectorDefaults {
  /** Attempts in all (first try included), backoff base and cap. */
  retry?: { attempts?: number; backoffMs?: number; maxBackoffMs?: number };
  /** At most `max` deliveries per `perMs` to one target (the system's published limit). */
  rateLimit?: { max: number; perMs: number };
  /** Circuit breaker: opens after `failures` transient failures in a row; probes from `probeMs`, doubling up to `maxProbeMs`. */
  breaker?: { failures?: number; probeMs?: number; maxProbeMs?: number };
  timeoutMs?: number;
  concurrency?: number;
  /**
   * `subject`: deliveries about one subject (person, business object) reach the system one at a
   * time, in the order the hub accepted them; one waiting to retry, or a dead letter, holds the
   * later ones for that subject. `none`: every delivery goes as soon as a worker is free.
   */
  ordering?: DeliveryOrdering;
}

export type DeliveryOrdering = 'subject' | 'none';

/** What a connector declares about itself; the hub checks routes and targets against it at boot. */
export interface ConnectorManifest {
  name: string;
  description: string;
  direction: ConnectorDirection;
  transport: ConnectorTransport;
  /** Canonical types this connector delivers to its system (as a target). */
  consumes: readonly string[];
  /** Canonical types this connector emits from its system (as a source). */
  produces: readonly string[];
  /**
   * Whether each target needs a credential. Targets name it by reference (`credentialRef`, an
   * environment variable read at boot), never by value, so config files hold no secrets.
   */
  credential: 'required' | 'none';
  defaults?: ConnectorDefaults;
}
