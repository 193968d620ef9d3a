import Ajv from 'ajv';
import type { FileDropConfig } from '@hub/config';
import type { FileTotalsPost } from '@hub/connector-sdk';
import type { ReadFileRow } from '@hub/ledger';
import { toProblems } from '@hub/schema-registry';
import { ProblemException } from '@hub/http-problem';
import type { SourcePrincipal } from '../auth/principal';

/** Event keys one post may link to a file (the JSON body limit is 256 KiB); more go in further posts. */
export const MAX_KEYS_PER_POST = 5_000;

const count = { type: 'integer', minimum: 0, maximum: 100_000_000 };
const total = { type: 'integer', minimum: -9_007_199_254_740_991, maximum: 9_007_199_254_740_991 };

/** POST /v1/file-totals: what the gateway read in a file that carries control totals. */
export const FILE_TOTALS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tenant', 'source', 'drop', 'file', 'sha256', 'kind', 'trailer', 'posted', 'quarantined', 'eventKeys'],
  properties: {
    tenant: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,15}$' },
    source: { type: 'string', minLength: 1, maxLength: 500, description: 'the CloudEvents source of the events posted from the file' },
    drop: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: "the gateway's drop directory (gateway.fileDrops id)" },
    file: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\u0000-\\u001f]+$' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    kind: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,39}$', examples: ['DMS_EXPORT', 'GL_JOURNAL_IMPORT'] },
    trailer: {
      type: 'object',
      additionalProperties: false,
      required: ['records', 'controlTotal', 'unit'],
      properties: { records: count, controlTotal: total, unit: { enum: ['minor-units', 'hundredths-of-an-hour'] }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
    },
    posted: { type: 'object', additionalProperties: false, required: ['records', 'total'], properties: { records: count, total } },
    quarantined: { type: 'object', additionalProperties: false, required: ['records', 'total'], properties: { records: count, total } },
    eventKeys: { type: 'array', maxItems: MAX_KEYS_PER_POST, items: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile<FileTotalsPost>(FILE_TOTALS_SCHEMA);

/**
 * Checks a file-totals post: its shape (400, a problem per field), then that the caller is the
 * source of that drop directory, for its tenant, posting as its own source URI (403): a source
 * records the totals of its own files only. The day of a file is the hub's (`at`: when it was
 * first told), as an event's is the day the hub accepted it.
 */
export function readFileTotals(body: unknown, p: SourcePrincipal, drops: readonly FileDropConfig[], at: Date): { row: ReadFileRow; eventKeys: string[] } {
  if (!validate(body)) throw new ProblemException(400, 'malformed-request', 'Bad file totals', toProblems(validate.errors));
  const b = body;
  const forbidden = (path: string, message: string) => new ProblemException(403, 'forbidden', 'Forbidden', [{ path, message }]);
  if (!p.tenants.includes(b.tenant)) throw forbidden('/tenant', `this credential may not post for tenant ${b.tenant}`);
  if (!p.sourceUris.has(b.source)) throw forbidden('/source', `this credential may not post as ${b.source}`);
  const drop = drops.find((d) => d.id === b.drop);
  if (!drop || drop.source !== p.id || drop.tenant !== b.tenant) throw forbidden('/drop', `"${b.drop}" is not a drop directory of this source for tenant ${b.tenant}`);
  if (b.posted.records + b.quarantined.records > b.trailer.records) {
    throw new ProblemException(400, 'malformed-request', 'Bad file totals', [{ path: '/posted/records', message: `posted (${b.posted.records}) and quarantined (${b.quarantined.records}) records are more than the trailer counts (${b.trailer.records})` }]);
  }
  return {
    row: {
      tenant: b.tenant, system: drop.connector, dropId: drop.id, fileName: b.file, sha256: b.sha256, kind: b.kind,
      records: b.trailer.records, controlTotal: b.trailer.controlTotal, unit: b.trailer.unit, ...(b.trailer.currency ? { currency: b.trailer.currency } : {}),
      posted: b.posted, quarantined: b.quarantined, at,
    },
    eventKeys: b.eventKeys,
  };
}
