// JSON Schema of the hub configuration file (see config/demo.json).
const id = { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' };
/** A concrete tenant (tenants, targets, routes) or, where a credential may cover all, `*`. */
const tenantCode = { type: 'string', pattern: '^[a-z][a-z0-9-]{1,15}$' };
const tenantScope = { type: 'string', pattern: '^([a-z][a-z0-9-]{1,15}|\\*)$' };
const envName = { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' };
const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const typePattern = { type: 'string', pattern: '^([a-z][a-z0-9-]*)(\\.[a-z][a-z0-9-]*)*(\\.v[1-9][0-9]*|\\.\\*)$' };
/** What a route names: an exact canonical type (`hr.employee.joined.v1`) or a prefix pattern (`hr.*`, `hr.employee.*`). */
const routeType = { type: 'string', pattern: '^[a-z][a-z0-9-]*((\\.[a-z][a-z0-9-]*)+\\.v[1-9][0-9]*|(\\.[a-z][a-z0-9-]*)*\\.\\*)$' };
/** A domain: the first segment of a type (`hr` of `hr.employee.joined.v1`). */
const domain = { type: 'string', pattern: '^[a-z][a-z0-9-]*$' };

/** The schemes a webhook may be signed with (hub-config.ts says what each is); a name here is a contract, landscape documents hold it. */
export const WEBHOOK_SIGNATURE_SCHEMES = ['standard-webhooks', 'legacy-hmac-sha256'] as const;

export const hubConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tenants', 'sources', 'opsUsers', 'targets', 'routes'],
  properties: {
    $schema: { type: 'string' },
    tenants: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', additionalProperties: false, required: ['code', 'name'], properties: { code: tenantCode, name: { type: 'string', minLength: 1 } } },
    },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'tokenSha256', 'tenants', 'types'],
        properties: {
          id,
          name: { type: 'string' },
          tokenSha256: sha256,
          tenants: { type: 'array', minItems: 1, items: tenantScope },
          types: { type: 'array', minItems: 1, items: typePattern },
          // Absolute URIs (urn:…, https://…), without control characters or spaces.
          sourceUris: { type: 'array', minItems: 1, items: { type: 'string', minLength: 3, maxLength: 500, pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*:[\\x21-\\x7e]+$' } },
        },
      },
    },
    opsUsers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tokenSha256', 'roles', 'tenants'],
        properties: {
          id,
          tokenSha256: sha256,
          roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['viewer', 'operator', 'pii-reader', 'metrics', 'landscape-admin'] } },
          tenants: { type: 'array', minItems: 1, items: tenantScope },
        },
      },
    },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tenant', 'connector', 'endpoint'],
        properties: {
          id,
          tenant: tenantCode,
          connector: id,
          endpoint: { type: 'string', minLength: 1 },
          timeoutMs: { type: 'integer', minimum: 10 },
          concurrency: { type: 'integer', minimum: 1, maximum: 256 },
          retry: {
            type: 'object',
            additionalProperties: false,
            properties: { attempts: { type: 'integer', minimum: 1, maximum: 50 }, backoffMs: { type: 'integer', minimum: 1 }, maxBackoffMs: { type: 'integer', minimum: 1 } },
          },
          rateLimit: {
            type: 'object',
            additionalProperties: false,
            required: ['max', 'perMs'],
            properties: { max: { type: 'integer', minimum: 1 }, perMs: { type: 'integer', minimum: 1 } },
          },
          breaker: {
            type: 'object',
            additionalProperties: false,
            properties: {
              failures: { type: 'integer', minimum: 1, maximum: 1000 },
              probeMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
              maxProbeMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
            },
          },
          credentialRef: envName,
          ordering: { enum: ['subject', 'none'] },
        },
      },
    },
    gateway: {
      type: 'object',
      additionalProperties: false,
      properties: {
        webhooks: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'connector', 'source', 'tenants', 'tokenRef'],
            properties: {
              path: id,
              connector: id,
              source: id,
              tenants: { type: 'array', minItems: 1, items: tenantCode },
              tokenRef: envName,
              // The legacy scheme's older form; `signature` says the same and more (hub-config.ts).
              secretRef: envName,
              signature: {
                type: 'object',
                additionalProperties: false,
                required: ['secretRefs'],
                properties: {
                  // Without one: standard-webhooks.
                  scheme: { enum: [...WEBHOOK_SIGNATURE_SCHEMES] },
                  // Empty lists and repeats are refused by parseHubConfig, in a sentence naming the webhook.
                  secretRefs: { type: 'array', items: envName },
                  // Standard Webhooks only: at most an hour, or the window a captured webhook can be replayed in grows with it.
                  toleranceSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
                },
              },
            },
          },
        },
        fileDrops: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'connector', 'source', 'tenant', 'dir', 'tokenRef'],
            properties: { id, connector: id, source: id, tenant: tenantCode, dir: { type: 'string', minLength: 1 }, tokenRef: envName },
          },
        },
      },
    },
    routes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tenant', 'type', 'targets'],
        properties: {
          tenant: tenantCode,
          type: routeType,
          targets: { type: 'array', minItems: 1, uniqueItems: true, items: id },
          // Run beside the primaries (a parallel run): every event the route sends goes to these too, as shadow deliveries.
          shadow: { type: 'array', uniqueItems: true, items: id },
        },
      },
    },
    // The staged replacement of a force's system, domain by domain: from the old target to the new
    // one. Its stage (old only, parallel run, cut over) is read off the routes; a cutover follows it.
    migrations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tenant', 'domain', 'from', 'to'],
        properties: { tenant: tenantCode, domain, from: id, to: id },
      },
    },
  },
} as const;
