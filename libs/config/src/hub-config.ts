// The hub's landscape: which forces (tenants) exist, who may post what, where events go.
// Loaded from JSON and validated once at boot; a bad file stops the process with a message that names the problem.
import Ajv from 'ajv';
import { hubConfigSchema, WEBHOOK_SIGNATURE_SCHEMES } from './hub-config.schema';
import { domainOf, isTypePattern, routeCovers } from './route-match';

/**
 * `metrics` may scrape /metrics (every force's series: only with tenants `*`); `landscape-admin`
 * may change the landscape as a whole (PUT /v1/landscape; only with tenants `*`).
 */
export type OpsRole = 'viewer' | 'operator' | 'pii-reader' | 'metrics' | 'landscape-admin';

export interface TenantConfig {
  code: string;
  name: string;
}

export interface SourceConfig {
  id: string;
  name: string;
  /** sha256 (hex) of the bearer token; the token itself is never stored. */
  tokenSha256: string;
  tenants: string[];
  /** Exact event types, or a prefix pattern ending in `.*` (e.g. `hr.*`). */
  types: string[];
  /**
   * The CloudEvents `source` URIs this credential may post as; an event with any other source is
   * refused (403). Defaults to exactly one, `urn:erp-hub:source:<id>`.
   */
  sourceUris: string[];
}

/** The one source URI a source entry may post as when it lists none. */
export function defaultSourceUri(sourceId: string): string {
  return `urn:erp-hub:source:${sourceId}`;
}

export interface OpsUserConfig {
  id: string;
  tokenSha256: string;
  roles: OpsRole[];
  /** Tenant codes, or `*` for every tenant. */
  tenants: string[];
}

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
}

export interface RateLimit {
  max: number;
  perMs: number;
}

/**
 * A target's circuit breaker: after `failures` transient failures in a row (any job, any worker
 * process) it opens, and its deliveries wait without spending attempts while one probe delivery
 * at a time is tried, `probeMs` after opening, then at double the interval each time up to
 * `maxProbeMs`. The first success closes it. A Retry-After is honoured up to `maxProbeMs`.
 */
export interface BreakerPolicy {
  failures: number;
  probeMs: number;
  maxProbeMs: number;
}

export interface TargetConfig {
  id: string;
  tenant: string;
  connector: string;
  /** The system's base URL, or for file connectors the directory it exchanges files in. */
  endpoint: string;
  timeoutMs: number;
  concurrency: number;
  retry: RetryPolicy;
  rateLimit?: RateLimit;
  breaker: BreakerPolicy;
  /** Name of the environment variable holding this target's credential (never the value). */
  credentialRef?: string;
  /** `subject`: one subject's deliveries in acceptance order, one at a time (a retry or dead letter holds the rest); `none`: no order. */
  ordering: 'subject' | 'none';
}

/** What a connector's manifest sets for its targets, under what the target itself says. */
export interface TargetDefaults {
  timeoutMs?: number;
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  rateLimit?: RateLimit;
  ordering?: 'subject' | 'none';
  breaker?: Partial<BreakerPolicy>;
}

export interface KnownNames {
  types?: ReadonlySet<string>;
  connectors?: ReadonlySet<string>;
  /** Connectors that read a system's webhooks or files. */
  sourceConnectors?: ReadonlySet<string>;
  /** Per connector name: its manifest's defaults. */
  defaults?: (connector: string) => TargetDefaults | undefined;
  /** Per connector name: the canonical types it takes as a target (its manifest's `consumes`). */
  consumes?: (connector: string) => readonly string[] | undefined;
}

export interface RouteConfig {
  tenant: string;
  /** An exact canonical type, or a pattern (`hr.*`) covering every type of the prefix that no exact route of the tenant names. */
  type: string;
  /** The primaries. A pattern route sends each type it covers to those of them whose connector takes it. */
  targets: string[];
  /**
   * Shadows in a parallel run: every event the route sends to its primaries goes to these as well,
   * as deliveries with role `shadow` (their own queue and lanes, so they never hold a primary).
   */
  shadow?: string[];
}

/**
 * One step of a staged replacement: the force's `domain` (`hr`) moves from target `from` (the old
 * system) to `to` (the new one). Its stage is read off the routes (migration-stage.ts); a cutover
 * of the tenant and domain promotes `to` from shadow to primary and retires `from`.
 */
export interface MigrationPlanEntry {
  tenant: string;
  domain: string;
  from: string;
  to: string;
}

/** A system that pushes webhooks to the gateway: POST /webhooks/<path>/<tenant>. */
export interface WebhookSourceConfig {
  path: string;
  /** The source connector that reads the system's webhooks. */
  connector: string;
  /** The `sources` entry the gateway posts as (its scope applies). */
  source: string;
  tenants: string[];
  /** Environment variable holding that source's ingest token. */
  tokenRef: string;
  /**
   * How the system signs its webhooks (parseHubConfig fills it in from `secretRef` when only that
   * is given); none: the webhook is not signed, and anyone who can reach the gateway may post it.
   */
  signature?: WebhookSignatureConfig;
  /**
   * The document's older form: one environment variable holding the secret of the legacy scheme
   * (x-signature-256, an HMAC of the body alone). Read `signature`, never this.
   */
  secretRef?: string;
}

export { WEBHOOK_SIGNATURE_SCHEMES };
export type WebhookSignatureScheme = (typeof WEBHOOK_SIGNATURE_SCHEMES)[number];

/** How far webhook-timestamp may be from the gateway's clock, either way, when the entry does not say. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * A webhook's signature check. `secretRefs` name environment variables, each holding one secret; a
 * signature made with any of them is accepted, so a secret is rotated by listing the new one beside
 * the old, then removing the old once the system signs with the new.
 */
export type WebhookSignatureConfig =
  /**
   * Standard Webhooks 1.0 (https://www.standardwebhooks.com): webhook-id, webhook-timestamp and
   * webhook-signature, the HMAC-SHA256 of `<id>.<timestamp>.<body>`, secrets `whsec_<base64>`.
   */
  | { scheme: 'standard-webhooks'; secretRefs: string[]; toleranceSeconds: number }
  /**
   * The gateway's first scheme, kept for systems not yet moved: x-signature-256, `sha256=` and the
   * hex HMAC-SHA256 of the body alone, with the secret's bytes as given. Weaker: nothing dates the
   * signature, so a captured webhook can be replayed at any time. `fromSecretRef`: the entry gave
   * only the older `secretRef` (the gateway warns at boot).
   */
  | { scheme: 'legacy-hmac-sha256'; secretRefs: string[]; fromSecretRef?: true };

/** A directory a system drops export files into, for one tenant. */
export interface FileDropConfig {
  id: string;
  connector: string;
  source: string;
  tenant: string;
  /** Holds inbox/ (the system writes), processed/, quarantine/ and duplicates/ (the gateway writes). */
  dir: string;
  tokenRef: string;
}

export interface GatewayConfig {
  webhooks: WebhookSourceConfig[];
  fileDrops: FileDropConfig[];
}

export interface HubConfig {
  tenants: TenantConfig[];
  sources: SourceConfig[];
  opsUsers: OpsUserConfig[];
  targets: TargetConfig[];
  routes: RouteConfig[];
  gateway: GatewayConfig;
  /** The staged replacements under way or done (empty when none). */
  migrations: MigrationPlanEntry[];
}

export class HubConfigError extends Error {
  /** Each problem as one sentence naming what is wrong (the same at boot and through the API). */
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    super(`invalid hub configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

const TARGET_DEFAULTS = {
  ordering: 'none' as const,
  timeoutMs: 10_000,
  concurrency: 8,
  retry: { attempts: 6, backoffMs: 1_000, maxBackoffMs: 60_000 },
  // Opens after 5 failures in a row (fewer than the 6 attempts, so a lone delivery is held before
  // it runs out); probes after 5 s, then 10 s, 20 s … at most every 5 minutes.
  breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 },
};

/**
 * The landscape schema compiled once per process: compiling takes tens of milliseconds of one
 * core, and every landscape version a process applies (and every API change, checked before it is
 * stored) is parsed here, on the event loop that also answers sources.
 */
let compiled: ReturnType<Ajv['compile']> | undefined;
function compiledConfigSchema(): ReturnType<Ajv['compile']> {
  return (compiled ??= new Ajv({ allErrors: true, useDefaults: true }).compile(hubConfigSchema));
}

/** Validates shape and cross-references. `knownTypes`/`knownConnectors` are checked when given. */
export function parseHubConfig(raw: unknown, known: KnownNames = {}): HubConfig {
  const validate = compiledConfigSchema();
  const input = structuredClone(raw) as HubConfig;
  if (!validate(input)) {
    throw new HubConfigError((validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
  }
  const config: HubConfig = {
    ...input,
    sources: input.sources.map((src) => ({ ...src, sourceUris: src.sourceUris?.length ? [...new Set(src.sourceUris)] : [defaultSourceUri(src.id)] })),
    gateway: { webhooks: (input.gateway?.webhooks ?? []).map(withSignature), fileDrops: input.gateway?.fileDrops ?? [] },
    migrations: input.migrations ?? [],
    // The target's own settings win over its connector's defaults, which win over the hub's.
    targets: input.targets.map((t) => {
      const d = known.defaults?.(t.connector) ?? {};
      return {
        ...TARGET_DEFAULTS,
        ...d,
        ...t,
        retry: { ...TARGET_DEFAULTS.retry, ...d.retry, ...t.retry },
        breaker: { ...TARGET_DEFAULTS.breaker, ...d.breaker, ...t.breaker },
      };
    }),
  };
  const problems = [...signatureProblems(input), ...crossCheck(config, known)];
  if (problems.length) throw new HubConfigError(problems);
  return config;
}

/**
 * The entry's signature check as the gateway runs it. `signature` without a scheme is Standard
 * Webhooks, the default for what is written now. An entry with only the older `secretRef` keeps the
 * legacy scheme it was written for: moving it silently would refuse every webhook its system sends.
 */
function withSignature(w: WebhookSourceConfig): WebhookSourceConfig {
  // The document's shape, before defaults (the schema allows a signature without a scheme).
  const given = w.signature as (Partial<WebhookSignatureConfig> & { secretRefs: string[]; toleranceSeconds?: number }) | undefined;
  if (given) {
    const scheme = given.scheme ?? 'standard-webhooks';
    const signature: WebhookSignatureConfig =
      scheme === 'standard-webhooks'
        ? { scheme, secretRefs: given.secretRefs, toleranceSeconds: given.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS }
        : { scheme, secretRefs: given.secretRefs };
    return { ...w, signature };
  }
  if (w.secretRef) return { ...w, signature: { scheme: 'legacy-hmac-sha256', secretRefs: [w.secretRef], fromSecretRef: true } };
  return w;
}

/** What the schema cannot say in a sentence: a signature's secrets, tolerance and the older form beside it. */
function signatureProblems(raw: HubConfig): string[] {
  const problems: string[] = [];
  for (const w of raw.gateway?.webhooks ?? []) {
    const where = `webhook "${w.path}"`;
    const s = w.signature as { scheme?: string; secretRefs: string[]; toleranceSeconds?: number } | undefined;
    if (!s) continue;
    if (w.secretRef) problems.push(`${where} gives both secretRef (the legacy scheme's older form) and signature: keep only signature`);
    if (!s.secretRefs.length) problems.push(`${where} lists no secret in signature.secretRefs: name at least one environment variable holding one`);
    for (const d of duplicates(s.secretRefs)) problems.push(`${where} lists secret ${d} twice in signature.secretRefs`);
    if (s.scheme === 'legacy-hmac-sha256' && s.toleranceSeconds !== undefined) {
      problems.push(`${where} sets signature.toleranceSeconds, which the legacy-hmac-sha256 scheme has no timestamp to apply to`);
    }
  }
  return problems;
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

function crossCheck(c: HubConfig, known: KnownNames): string[] {
  const problems: string[] = [];
  const tenants = new Set(c.tenants.map((t) => t.code));
  const targets = new Map(c.targets.map((t) => [t.id, t]));
  for (const [what, ids] of [
    ['tenant code', c.tenants.map((t) => t.code)],
    ['source id', c.sources.map((s) => s.id)],
    ['ops user id', c.opsUsers.map((u) => u.id)],
    ['target id', c.targets.map((t) => t.id)],
    ['token', [...c.sources, ...c.opsUsers].map((x) => x.tokenSha256)],
  ] as const) {
    for (const d of duplicates([...ids])) problems.push(`${what} "${d}" is declared twice`);
  }
  const knownTenant = (where: string, code: string) => {
    if (code !== '*' && !tenants.has(code)) problems.push(`${where} names unknown tenant "${code}"`);
  };
  c.sources.forEach((s) => s.tenants.forEach((t) => knownTenant(`source "${s.id}"`, t)));
  c.opsUsers.forEach((u) => u.tenants.forEach((t) => knownTenant(`ops user "${u.id}"`, t)));
  for (const t of c.targets) {
    knownTenant(`target "${t.id}"`, t.tenant);
    if (t.breaker.maxProbeMs < t.breaker.probeMs) problems.push(`target "${t.id}" has breaker.maxProbeMs ${t.breaker.maxProbeMs} below its probeMs ${t.breaker.probeMs}`);
    if (known.connectors && !known.connectors.has(t.connector)) problems.push(`target "${t.id}" uses unknown connector "${t.connector}"`);
  }
  const sourceIds = new Map(c.sources.map((s) => [s.id, s]));
  const gatewayEntry = (where: string, connector: string, source: string, entryTenants: string[]) => {
    if (known.sourceConnectors && !known.sourceConnectors.has(connector)) problems.push(`${where} uses unknown source connector "${connector}"`);
    const s = sourceIds.get(source);
    if (!s) problems.push(`${where} posts as unknown source "${source}"`);
    for (const t of entryTenants) {
      knownTenant(where, t);
      if (s && !s.tenants.includes('*') && !s.tenants.includes(t)) problems.push(`${where} posts for tenant "${t}", which source "${source}" may not post for`);
    }
  };
  c.gateway.webhooks.forEach((w) => gatewayEntry(`webhook "${w.path}"`, w.connector, w.source, w.tenants));
  c.gateway.fileDrops.forEach((d) => gatewayEntry(`file drop "${d.id}"`, d.connector, d.source, [d.tenant]));
  for (const [what, ids] of [
    ['webhook path', c.gateway.webhooks.map((w) => w.path)],
    ['file drop id', c.gateway.fileDrops.map((d) => d.id)],
    ['file drop dir', c.gateway.fileDrops.map((d) => d.dir)],
  ] as const) {
    for (const d of duplicates([...ids])) problems.push(`${what} "${d}" is declared twice`);
  }
  problems.push(...routeProblems(c, known, targets, knownTenant), ...migrationProblems(c, known, targets, knownTenant));
  return problems;
}

type TenantCheck = (where: string, code: string) => void;

/** Routes: known tenant, type and targets, each of the route's tenant; shadows likewise; connectors that take what is routed to them. */
function routeProblems(c: HubConfig, known: KnownNames, targets: ReadonlyMap<string, TargetConfig>, knownTenant: TenantCheck): string[] {
  const problems: string[] = [];
  const routeKeys = new Set<string>();
  const types = known.types ? [...known.types] : undefined;
  for (const r of c.routes) {
    const where = `route ${r.tenant}/${r.type}`;
    const pattern = isTypePattern(r.type);
    knownTenant(where, r.tenant);
    if (routeKeys.has(`${r.tenant}/${r.type}`)) problems.push(`${where} is declared twice`);
    routeKeys.add(`${r.tenant}/${r.type}`);
    if (types && !pattern && !known.types!.has(r.type)) problems.push(`${where} names unknown event type "${r.type}"`);
    const covered = types?.filter((t) => routeCovers(r.type, t));
    if (covered && pattern && covered.length === 0) problems.push(`${where} covers no known event type`);
    const primaries = new Set(r.targets);
    for (const [role, ids] of [['primary', r.targets], ['shadow', r.shadow ?? []]] as const) {
      const verb = role === 'primary' ? 'sends to' : 'shadows to';
      for (const id of ids) {
        const target = targets.get(id);
        if (!target) {
          problems.push(`${where} ${verb} unknown target "${id}"`);
          continue;
        }
        // A force's events must never reach another force's system: refuse such a route at boot.
        if (target.tenant !== r.tenant) {
          problems.push(`${where} ${verb} target "${id}" of another tenant ("${target.tenant}")`);
          continue;
        }
        if (role === 'shadow' && primaries.has(id)) problems.push(`${where} names target "${id}" both as a primary and as a shadow`);
        const consumes = known.consumes?.(target.connector);
        if (!consumes || !covered) continue;
        if (!pattern && !consumes.includes(r.type)) {
          problems.push(`route ${r.tenant}/${r.type} ${verb} target "${id}", whose connector "${target.connector}" does not take that type`);
        } else if (pattern && !covered.some((t) => consumes.includes(t))) {
          problems.push(`${where} ${verb} target "${id}", whose connector "${target.connector}" takes no type that ${r.type} covers`);
        }
      }
    }
  }
  return problems;
}

/** The migration plan: each step names a known domain and two different targets of its tenant; one step per old and per new target. */
function migrationProblems(c: HubConfig, known: KnownNames, targets: ReadonlyMap<string, TargetConfig>, knownTenant: TenantCheck): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const domains = known.types ? new Set([...known.types].map(domainOf)) : undefined;
  for (const m of c.migrations) {
    const where = `migration ${m.tenant}/${m.domain} from "${m.from}" to "${m.to}"`;
    knownTenant(where, m.tenant);
    if (domains && !domains.has(m.domain)) problems.push(`${where} names domain "${m.domain}", which no known event type is in`);
    if (m.from === m.to) problems.push(`${where} goes from a target to itself`);
    for (const [end, id] of [['from', m.from], ['to', m.to]] as const) {
      const target = targets.get(id);
      if (!target) problems.push(`${where} names unknown target "${id}"`);
      else if (target.tenant !== m.tenant) problems.push(`${where} names target "${id}" of another tenant ("${target.tenant}")`);
      const key = `${m.tenant}/${m.domain}/${end}/${id}`;
      if (seen.has(key)) problems.push(`${where}: "${id}" is the ${end === 'from' ? 'old' : 'new'} target of another step of ${m.tenant}/${m.domain} too`);
      seen.add(key);
    }
    const to = targets.get(m.to);
    const consumes = to && known.consumes?.(to.connector);
    if (consumes && known.types && !consumes.some((t) => domainOf(t) === m.domain)) problems.push(`${where}: connector "${to!.connector}" of "${m.to}" takes no type of domain ${m.domain}`);
  }
  return problems;
}
