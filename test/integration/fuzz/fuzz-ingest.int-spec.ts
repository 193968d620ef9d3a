// Fuzzing POST /v1/events with fast-check: seven families of bad input (fuzz-inputs.ts), each
// answered with the status it must get and a problem that says where, none ever a 2xx or a 5xx,
// none reaching Kafka, the API live after every one. Fixed seed, bounded runs (fuzz-harness.ts).
import { rawRequest } from '@hub/testing';
import { TestLandscape } from '@test/support';
import { Answer, expectRefused, family, kafkaWitness, send } from './fuzz-harness';
import { authCases, batchCases, canonicalTypes, Case, encodingCases, envelopeCases, headerCases, injectionCases, schemaCases } from './fuzz-inputs';

const MAX_BODY_BYTES = 64 * 1024;

describe('fuzzing ingest', () => {
  let l: TestLandscape;
  let witness: () => Promise<number>;
  beforeAll(async () => {
    // Only the API runs: whatever reached Kafka would stay visible in the topic offsets.
    l = await TestLandscape.start({ roles: ['api'], env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
    witness = kafkaWitness(l);
  });
  afterAll(async () => {
    await l?.close();
  });

  async function answer(c: Case): Promise<Answer> {
    if (!('raw' in c.sent)) return send(l, c.sent);
    const a = await rawRequest(l.hub.url!, c.sent.raw);
    return { status: a.status, headers: a.headers, text: a.body };
  }

  async function check(c: Case): Promise<void> {
    const a = await answer(c);
    const body = await expectRefused(l, a, c.name);
    if (c.status !== '4xx') {
      const wanted = typeof c.status === 'number' ? [c.status] : c.status;
      expect({ case: c.name, status: wanted.includes(a.status) ? 'as wanted' : a.status }).toEqual({ case: c.name, status: 'as wanted' });
    }
    const errors = body.errors as { path: string; index?: number; message: string }[];
    if (a.status === 422 || /invalid-envelope$/.test(String(body.type))) expect({ case: c.name, errors: errors.length > 0 }).toEqual({ case: c.name, errors: true });
    for (const e of errors) expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
    if (c.paths) for (const e of errors) expect({ case: c.name, path: e.path }).toEqual({ case: c.name, path: expect.stringMatching(c.paths) });
    if (c.badIndexes) {
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect({ case: c.name, index: c.badIndexes.includes(e.index ?? -1) ? 'a bad one' : e.index }).toEqual({ case: c.name, index: 'a bad one' });
    }
  }

  it('envelope: missing, mistyped, oversized and illegal attributes, bad specversion, data not an object: 400', () => family(l, witness, envelopeCases, check, 150));

  it('encoding: invalid UTF-8, lone surrogates, NUL, BOM, wrong charset, bad Content-Encoding, duplicate and dangerous keys, deep nesting, huge numbers', () =>
    family(l, witness, encodingCases, check, 150));

  it('headers: binary mode with ce-* missing, repeated, badly percent-encoded or forbidden; repeated Host, Authorization, Content-Type', () => family(l, witness, headerCases, check, 100));

  it('batch: not an array, good and bad mixed (refused whole, naming only the bad), larger than the limit', () => family(l, witness, batchCases(MAX_BODY_BYTES), check, 60));

  it('schema: the valid fixtures of every canonical type, without a required field, with an unknown one, a wrong type or an out-of-range number: 422', () =>
    family(l, witness, schemaCases(canonicalTypes()), check, 200));

  it('injection: SQL, script, path traversal, JNDI, CRLF and format strings where the rules refuse them', () => family(l, witness, injectionCases, check, 80));

  it('auth: missing, malformed, unknown, ops tokens, another tenant, type or source: 401 or 403', () => family(l, witness, authCases, check, 60));
});
