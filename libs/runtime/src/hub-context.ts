import type { Logger } from 'pino';
import { HubConfig, HubConfigError, HubSettings, loadHubConfig, loadSettings, parseHubConfig } from '@hub/config';
import { type FileSourceConnector, type SourceConnector, sourceUrn, type TargetConnector } from '@hub/connector-sdk';
import { createLogger } from '@hub/observability';
import { SchemaRegistry } from '@hub/schema-registry';
import { sourceConnectors, targetConnectors } from '@connectors/registry';

/** Everything an app needs that is decided once at boot, validated together. */
export interface HubContext {
  settings: HubSettings;
  config: HubConfig;
  registry: SchemaRegistry;
  connectors: Map<string, TargetConnector>;
  /** Source connectors (webhooks, files) by name, for the gateway. */
  sources: Map<string, SourceConnector | FileSourceConnector>;
  /** Reads a secret named by reference (an environment variable name); undefined when unset. */
  secret(ref: string): string | undefined;
  /** Target id → its credential, read at boot from the variable its `credentialRef` names. */
  credentials: ReadonlyMap<string, string>;
  logger: Logger;
}

export interface HubContextOverrides {
  env?: NodeJS.ProcessEnv;
  /** A landscape given as an object (tests), instead of the file HUB_CONFIG names. */
  config?: unknown;
  logger?: Logger;
}

/**
 * Loads settings, schemas, connectors and the landscape, and checks them against each other:
 * every route's type exists, every target's connector exists and takes the types routed to it.
 * Any mismatch stops the process with a message naming it.
 */
export function loadHubContext(o: HubContextOverrides = {}): HubContext {
  const settings = loadSettings(o.env ?? process.env);
  const registry = SchemaRegistry.load(settings.schemasDir);
  const connectors = targetConnectors();
  const sources = sourceConnectors();
  const known = {
    sourceConnectors: new Set(sources.keys()),
    types: new Set(registry.types()),
    connectors: new Set(connectors.keys()),
    defaults: (name: string) => connectors.get(name)?.manifest.defaults,
  };
  const config = o.config ? parseHubConfig(o.config, known) : loadHubConfig(settings.configPath, known);
  const problems: string[] = [];
  const targets = new Map(config.targets.map((t) => [t.id, t]));
  for (const r of config.routes) {
    for (const id of r.targets) {
      const connector = connectors.get(targets.get(id)!.connector)!;
      if (!connector.manifest.consumes.includes(r.type)) {
        problems.push(`route ${r.tenant}/${r.type} sends to target "${id}", whose connector "${connector.manifest.name}" does not take that type`);
      }
    }
  }
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
  const env = o.env ?? process.env;
  const secret = (ref: string) => env[ref] || undefined;
  const credentials = new Map<string, string>();
  for (const t of config.targets) {
    const needs = connectors.get(t.connector)!.manifest.credential === 'required';
    if (t.credentialRef) {
      const value = secret(t.credentialRef);
      if (value) credentials.set(t.id, value);
      else problems.push(`target "${t.id}" names credential ${t.credentialRef}, which is not set in the environment`);
    } else if (needs) {
      problems.push(`target "${t.id}" needs a credential: its connector "${t.connector}" requires one (set credentialRef)`);
    }
  }
  if (problems.length) throw new HubConfigError(problems);
  return { settings, config, registry, connectors, sources, secret, credentials, logger: o.logger ?? createLogger(settings.logLevel) };
}
