// The ingest path validates every canonical type: each schema's examples are accepted, and
// each invalid fixture is rejected naming the field its file name gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joiner } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const fixtures = join(__dirname, '..', '..', 'schemas', 'fixtures');

describe('every canonical type at the ingest API', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ roles: ['api'] });
  });
  afterAll(async () => {
    await l?.close();
  });

  const event = (type: string, data: unknown, i: number) => ({ ...joiner('moor'), id: `every-${type}-${i}-${Date.now()}`, type, subject: `S-${i}`, data });

  it('accepts every example of every type in one batch', async () => {
    const types = l.ctx.registry.all();
    expect(types.length).toBeGreaterThanOrEqual(20);
    const batch = types.flatMap((t, i) => (t.schema.examples as unknown[]).map((ex) => event(t.type, ex, i)));
    const res = await l.post(batch, { 'content-type': 'application/cloudevents-batch+json' }, TOKENS.allSystems);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toHaveLength(batch.length);
  });

  it('rejects each invalid fixture at the path its name gives', async () => {
    let checked = 0;
    for (const t of l.ctx.registry.types()) {
      for (const file of readdirSync(join(fixtures, t, 'invalid'))) {
        const data = JSON.parse(readFileSync(join(fixtures, t, 'invalid', file), 'utf8'));
        const dotted = file.replace(/\.json$/, '').split('--')[1];
        const path = '/data' + (dotted === 'root' ? '' : '/' + dotted.split('.').join('/'));
        const res = await l.post(event(t, data, checked), {}, TOKENS.allSystems);
        // data that is not an object is an invalid envelope (400); anything else fails its schema (422).
        const status = file.startsWith('type--root') ? 400 : 422;
        expect({ file: `${t}/${file}`, status: res.status }).toEqual({ file: `${t}/${file}`, status });
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(60);
  });
});
