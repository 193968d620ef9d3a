import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { HubConfig, HubConfigError, HubSettings, loadSettings } from '@hub/config';
import type { FileSourceConnector, SourceConnector, TargetConnector } from '@hub/connector-sdk';
import { DeliveryLedger, LandscapeFile, listenForLandscapeVersions } from '@hub/ledger';
import { createLogger } from '@hub/observability';
import { SchemaRegistry } from '@hub/schema-registry';
import { LandscapeRuntime } from './landscape/landscape-runtime';
import { validateLandscape, ValidatedLandscape } from './landscape/landscape-validation';

/** Everything an app needs that is decided once at boot, validated together. */
export interface HubContext {
  settings: HubSettings;
  /** The landscape file's, as validated at boot: what the gateway runs on. Other roles run on `landscape`. */
  config: HubConfig;
  registry: SchemaRegistry;
  connectors: Map<string, TargetConnector>;
  /** Source connectors (webhooks, files) by name, for the gateway. */
  sources: Map<string, SourceConnector | FileSourceConnector>;
  /** Reads a secret named by reference (an environment variable name); undefined when unset. */
  secret(ref: string): string | undefined;
  /** Target id → its credential, read at boot from the variable its `credentialRef` names (the file's targets). */
  credentials: ReadonlyMap<string, string>;
  logger: Logger;
  /** The landscape file as read at boot: its document, where from, and the sha256 of its bytes. */
  file: LandscapeFile;
  /** Checks a landscape document exactly as the file was checked at boot (HubConfigError otherwise). */
  validate(document: unknown): ValidatedLandscape;
  /** The process's landscape: versions in the ledger, applied while running (started by the roles that use it). */
  landscape: LandscapeRuntime;
}

/**
 * The connectors this build can run, by name: handed in by the composition root (apps/hub, from
 * connectors/registry.ts), so this library never imports a connector.
 */
export interface ConnectorCatalog {
  targets: Map<string, TargetConnector>;
  /** Webhook readers and file readers, for the gateway. */
  sources: Map<string, SourceConnector | FileSourceConnector>;
}

export interface HubContextOverrides {
  env?: NodeJS.ProcessEnv;
  /** A landscape given as an object (tests), instead of the file HUB_CONFIG names. */
  config?: unknown;
  logger?: Logger;
}

/** The landscape file: its bytes' sha256 says whether it is new to the ledger. */
function readLandscapeFile(path: string): LandscapeFile {
  let bytes: Buffer;
  let document: unknown;
  try {
    bytes = readFileSync(path);
    document = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new HubConfigError([`cannot read ${path}: ${(err as Error).message}`]);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw new HubConfigError([`${path} must hold a JSON object`]);
  return { document: document as Record<string, unknown>, path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A landscape given as an object: as if written to a file with JSON.stringify. */
export function inlineLandscapeFile(document: unknown): LandscapeFile {
  const text = JSON.stringify(document);
  return { document: JSON.parse(text), path: '(inline)', sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * Loads settings, schemas and the landscape file, and checks them against each other and against
 * the connectors handed in (validateLandscape): any mismatch stops the process with a message naming it. The file is then
 * the first version of the landscape in the ledger, or a new one when it changed (LandscapeRuntime,
 * started by the roles that use it).
 */
export function loadHubContext(catalog: ConnectorCatalog, o: HubContextOverrides = {}): HubContext {
  const env = o.env ?? process.env;
  const settings = loadSettings(env);
  const registry = SchemaRegistry.load(settings.schemasDir);
  const { targets: connectors, sources } = catalog;
  const validate = (document: unknown) => validateLandscape(document, { registry, connectors, sources, env });
  const file = o.config ? inlineLandscapeFile(o.config) : readLandscapeFile(settings.configPath);
  const { config, credentials } = validate(file.document);
  const logger = o.logger ?? createLogger(settings.logLevel, {}, settings.logWrites);
  const landscape = new LandscapeRuntime({
    file,
    validate,
    pollMs: settings.landscapePollMs,
    logger: logger.child({ component: 'landscape' }),
    connect: () => ({
      store: DeliveryLedger.connect(settings.databaseUrl, settings.ledgerSchema, { max: 2, application_name: 'hub-landscape' }, (err) => logger.warn({ err }, 'landscape: idle PostgreSQL connection lost')),
      listen: (onVersion, onLost) => listenForLandscapeVersions(settings.databaseUrl, settings.ledgerSchema, onVersion, onLost),
    }),
  });
  const secret = (ref: string) => env[ref] || undefined;
  return { settings, config, registry, connectors, sources, secret, credentials, logger, file, validate, landscape };
}
