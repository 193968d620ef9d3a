/** What a landscape version was made from, as its author asked for it; `kind` says which (file, document, cutover). */
export type LandscapeChange = { kind: string } & Record<string, unknown>;

/** One row of landscape_versions, without the document (lists). */
export interface LandscapeVersionSummary {
  version: number;
  createdAt: string;
  actor: string;
  reason: string;
  change: LandscapeChange;
}

/** One landscape version in full. */
export interface LandscapeVersionRecord extends LandscapeVersionSummary {
  landscape: Record<string, unknown>;
}

/** A new version to append. */
export interface NewLandscapeVersion {
  landscape: Record<string, unknown>;
  actor: string;
  reason: string;
  change: LandscapeChange;
  /** The version it was derived from: refused (LandscapeVersionConflict) if another came since. */
  basedOn?: number;
}

/** The landscape file as a process read it at boot. */
export interface LandscapeFile {
  document: Record<string, unknown>;
  /** Where it was read from (`(inline)` for one given as an object). */
  path: string;
  /** sha256 (hex) of its bytes: a new file is a new version; the same file again is not. */
  sha256: string;
}
