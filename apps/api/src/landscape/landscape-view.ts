// What ops see of the landscape: within their tenants, and never a token hash. Pure.
import { describeDiffEntry, HubConfigError, LandscapeDiffEntry, LandscapeDocument, migrationStatuses } from '@hub/config';
import type { LandscapeChange } from '@hub/ledger';
import type { ProblemEntry } from '@hub/http-problem';

export type Scope = readonly string[] | '*';

const inScope = (scope: Scope, tenant: unknown) => scope === '*' || (typeof tenant === 'string' && scope.includes(tenant));
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : []);
const withoutHash = ({ tokenSha256: _, ...rest }: Record<string, unknown>) => rest;

/**
 * A landscape document as a caller may see it. With tenants `*`: all of it but the token hashes
 * (PUT /v1/landscape takes it back as it is: an entry without its hash keeps the one it has). With
 * some tenants: their tenants, targets, routes and migration steps only; sources, ops users and the
 * gateway span forces, so they are left out.
 */
export function scopeDocument(doc: LandscapeDocument, scope: Scope): LandscapeDocument {
  if (scope === '*') return { ...doc, sources: list(doc.sources).map(withoutHash), opsUsers: list(doc.opsUsers).map(withoutHash) };
  return {
    tenants: list(doc.tenants).filter((t) => inScope(scope, t.code)),
    targets: list(doc.targets).filter((t) => inScope(scope, t.tenant)),
    routes: list(doc.routes).filter((r) => inScope(scope, r.tenant)),
    migrations: list(doc.migrations).filter((m) => inScope(scope, m.tenant)),
  };
}

/** The migration plan's steps within the scope, each with its stage. */
export function scopedMigrations(doc: LandscapeDocument, scope: Scope) {
  return migrationStatuses(doc).filter((m) => inScope(scope, m.tenant));
}

/** The entries of a diff within the scope: with some tenants, only theirs (what spans forces is left out). */
export function scopeDiff(diff: readonly LandscapeDiffEntry[], scope: Scope): LandscapeDiffEntry[] {
  return scope === '*' ? [...diff] : diff.filter((e) => e.tenant !== undefined && scope.includes(e.tenant));
}

/**
 * A version's change as the caller may see it: what it was (file, document, cutover), the diff
 * within their tenants with a line per entry; with `*` also where the file was read and the
 * cutover's request; a cutover of one of their tenants also shows its tenant and domain.
 */
export function scopeChange(change: LandscapeChange, scope: Scope): Record<string, unknown> & { changes: LandscapeDiffEntry[]; summary: string[] } {
  const diff = scopeDiff(Array.isArray(change.diff) ? (change.diff as LandscapeDiffEntry[]) : [], scope);
  const { diff: _, ...rest } = change;
  const visible = scope === '*' ? rest : change.kind === 'cutover' && inScope(scope, change.tenant) ? { kind: change.kind, tenant: change.tenant, domain: change.domain, keepOldAsShadow: change.keepOldAsShadow } : { kind: change.kind };
  return { ...visible, changes: diff, summary: diff.map(describeDiffEntry) };
}

/** A landscape that fails the boot checks, as the problem's entries: the same sentences as at boot. */
export function landscapeProblems(err: HubConfigError, at = '/landscape'): ProblemEntry[] {
  return err.problems.map((p) => {
    // ajv's own problems start with the pointer into the document.
    const m = /^(\/\S*) (.*)$/.exec(p);
    return m ? { path: m[1] === '/' ? at : `${at}${m[1]}`, message: m[2] } : { path: at, message: p };
  });
}
