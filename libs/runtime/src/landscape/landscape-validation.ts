import { HubConfig, HubConfigError, parseHubConfig } from '@hub/config';
import { type FileSourceConnector, type SourceConnector, sourceUrn, type TargetConnector } from '@hub/connector-sdk';
import type { SchemaRegistry } from '@hub/schema-registry';

/** A landscape document that passed every check, with its targets' credentials as this process reads them. */
export interface ValidatedLandscape {
  config: HubConfig;
  credentials: ReadonlyMap<string, string>;
}

/** What a landscape is checked against: this process's schemas, connectors and environment. */
export interface LandscapeChecks {
  registry: Pick<SchemaRegistry, 'types'>;
  connectors: ReadonlyMap<string, TargetConnector>;
  sources: ReadonlyMap<string, SourceConnector | FileSourceConnector>;
  env: NodeJS.ProcessEnv;
}

/**
 * The one check of a landscape, at boot (the file) and for every change (the API, and each process
 * applying a version): the schema and cross-references (parseHubConfig), every route's type known
 * and taken by the connectors it sends or shadows to, gateway entries allowed their source URIs,
 * and every target's credential set in the environment when its connector needs one or it names
 * one. Throws HubConfigError listing every problem, each naming what is wrong.
 */
export function validateLandscape(raw: unknown, checks: LandscapeChecks): ValidatedLandscape {
  const { connectors, sources } = checks;
  const config = parseHubConfig(raw, {
    sourceConnectors: new Set(sources.keys()),
    types: new Set(checks.registry.types()),
    connectors: new Set(connectors.keys()),
    defaults: (name) => connectors.get(name)?.manifest.defaults,
    consumes: (name) => connectors.get(name)?.manifest.consumes,
  });
  const problems: string[] = [];
  // The gateway posts a connector's events with that connector's source URI, as the source entry it
  // names: that entry must be allowed to use the URI, or every one of its posts would be refused.
  const sourcesById = new Map(config.sources.map((src) => [src.id, src]));
  for (const [where, connector, source] of [
    ...config.gateway.webhooks.map((w) => [`webhook "${w.path}"`, w.connector, w.source] as const),
    ...config.gateway.fileDrops.map((d) => [`file drop "${d.id}"`, d.connector, d.source] as const),
  ]) {
    const uri = sourceUrn(connector);
    const entry = sourcesById.get(source);
    if (entry && !entry.sourceUris.includes(uri)) problems.push(`${where} posts as source "${source}" with source URI ${uri}, which that source's sourceUris do not list`);
  }
  const credentials = new Map<string, string>();
  for (const t of config.targets) {
    const needs = connectors.get(t.connector)!.manifest.credential === 'required';
    if (t.credentialRef) {
      const value = checks.env[t.credentialRef] || undefined;
      if (value) credentials.set(t.id, value);
      else problems.push(`target "${t.id}" names credential ${t.credentialRef}, which is not set in the environment`);
    } else if (needs) {
      problems.push(`target "${t.id}" needs a credential: its connector "${t.connector}" requires one (set credentialRef)`);
    }
  }
  if (problems.length) throw new HubConfigError(problems);
  return { config, credentials };
}
