// The landscape as every api, router and worker process holds it: versioned data in PostgreSQL
// (the ledger's landscape_versions), validated in the process exactly as the file is at boot, and
// replaced while the process runs when a new version appears (libs/runtime LandscapeRuntime).
// Apps depend on this port, never on where versions come from.
import type { HubConfig } from './hub-config';

/** A landscape document as it was written (the file's JSON, or what the API stored): no defaults merged. */
export type LandscapeDocument = Record<string, unknown>;

/** One version, validated in this process. */
export interface AppliedLandscape {
  readonly version: number;
  /** Validated, with every target's defaults merged. */
  readonly config: HubConfig;
  /** As stored, for showing and for deriving the next version from. */
  readonly document: LandscapeDocument;
  /** Target id → its credential, read from the variable its credentialRef names in this process's environment. */
  readonly credentials: ReadonlyMap<string, string>;
}

/** Told of each version this process applies, in order, after `current()` answers it. */
export type LandscapeListener = (next: AppliedLandscape, previous: AppliedLandscape) => void | Promise<void>;

export interface LiveLandscape {
  /** The latest version this process has applied. */
  current(): AppliedLandscape;
  /** A version by number, validated here (an older one, for events accepted under it); undefined when there is none. */
  at(version: number): Promise<AppliedLandscape | undefined>;
  /** Answers the function that unsubscribes. */
  onChange(listener: LandscapeListener): () => void;
}

export const HUB_LANDSCAPE = Symbol('HUB_LANDSCAPE');

/** A landscape that never changes: the gateway's (its file, read at boot) and unit specs'. */
export function staticLandscape(config: HubConfig, version = 1, credentials: ReadonlyMap<string, string> = new Map()): LiveLandscape {
  const applied: AppliedLandscape = { version, config, document: {}, credentials };
  return { current: () => applied, at: async (v) => (v === version ? applied : undefined), onChange: () => () => undefined };
}
