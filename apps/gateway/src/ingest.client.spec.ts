import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CanonicalEvent } from '@hub/events';
import { batches, IngestClient } from './ingest.client';

const event = (n: number, pad = 0): CanonicalEvent => ({ specversion: '1.0', id: `e-${n}`, source: 's', type: 't.v1', subject: 'S', tenant: 'fen', data: { pad: 'x'.repeat(pad) } });

describe('batches', () => {
  it('keeps order and cuts at 500 events', () => {
    const out = batches(Array.from({ length: 1201 }, (_, i) => event(i)));
    expect(out.map((b) => b.length)).toEqual([500, 500, 201]);
    expect(out.flat().map((e) => e.id)).toEqual(Array.from({ length: 1201 }, (_, i) => `e-${i}`));
  });

  it('cuts before a batch would pass 512 KiB, well under the API limit of 1 MiB', () => {
    const out = batches(Array.from({ length: 10 }, (_, i) => event(i, 100_000)));
    expect(out.map((b) => b.length)).toEqual([5, 5]);
    for (const b of out) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThan(512 * 1024);
  });
});

describe('IngestClient', () => {
  let server: Server;
  let answers: { status: number; body: string }[];
  const bodies: unknown[] = [];
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        bodies.push({ auth: req.headers.authorization, type: req.headers['content-type'], events: JSON.parse(raw) });
        const a = answers.shift()!;
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (bodies.length = 0));

  it('posts batches with the token and counts duplicates from the answer', async () => {
    answers = [{ status: 202, body: JSON.stringify({ accepted: [{ id: 'e-1', duplicate: false }, { id: 'e-2', duplicate: true }] }) }];
    expect(await new IngestClient(url).postAll([event(1), event(2)], 'tok')).toEqual({ ok: true, accepted: 1, duplicates: 1 });
    expect(bodies).toEqual([{ auth: 'Bearer tok', type: 'application/cloudevents-batch+json', events: [event(1), event(2)] }]);
  });

  it('says retry later for a 503 and a hub that is down, and not for a 4xx', async () => {
    answers = [{ status: 503, body: '<html>busy</html>' }, { status: 403, body: JSON.stringify({ title: 'Forbidden' }) }];
    const client = new IngestClient(url);
    expect(await client.post([event(1)], 't')).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(await client.post([event(1)], 't')).toEqual({ ok: false, retryable: false, status: 403, problem: { title: 'Forbidden' } });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await new IngestClient(`http://127.0.0.1:${port}`).post([event(1)], 't')).toMatchObject({ ok: false, retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('stops at the first batch that is not accepted', async () => {
    answers = [{ status: 202, body: '{"accepted":[]}' }, { status: 422, body: '{}' }, { status: 202, body: '{}' }];
    const out = await new IngestClient(url).postAll(Array.from({ length: 1200 }, (_, i) => event(i)), 't');
    expect(out).toMatchObject({ ok: false, status: 422 });
    expect(bodies).toHaveLength(2);
  });

  it("posts a file's control totals with its event keys in parts, each part the whole record, stopping at a refusal", async () => {
    const totals = {
      tenant: 'fen', source: 'urn:erp-hub:source:dms', drop: 'dms-exports-fen', file: 'DMSEXP_FEN_20261102080000.DAT', sha256: 'a'.repeat(64), kind: 'DMS_EXPORT',
      trailer: { records: 5, controlTotal: 4_000, unit: 'hundredths-of-an-hour' as const }, posted: { records: 5, total: 4_000 }, quarantined: { records: 0, total: 0 },
      eventKeys: ['1', '2', '3', '4', '5'].map((c) => c.repeat(32)),
    };
    answers = [{ status: 202, body: '{}' }, { status: 202, body: '{}' }, { status: 202, body: '{}' }];
    expect(await new IngestClient(url).postFileTotals(totals, 'dms-tok', 2)).toEqual({ ok: true });
    expect(bodies.map((b) => (b as { events: { eventKeys: string[] } }).events.eventKeys)).toEqual([totals.eventKeys.slice(0, 2), totals.eventKeys.slice(2, 4), totals.eventKeys.slice(4)]);
    expect(bodies[0]).toMatchObject({ auth: 'Bearer dms-tok', type: 'application/json', events: { ...totals, eventKeys: totals.eventKeys.slice(0, 2) } });

    bodies.length = 0;
    answers = [{ status: 403, body: '{"title":"Forbidden"}' }];
    expect(await new IngestClient(url).postFileTotals(totals, 't', 2)).toEqual({ ok: false, retryable: false, status: 403, problem: { title: 'Forbidden' } });
    expect(bodies).toHaveLength(1);
    // A file with no events posted still records its trailer, once.
    answers = [{ status: 503, body: 'busy' }];
    expect(await new IngestClient(url).postFileTotals({ ...totals, eventKeys: [] }, 't')).toMatchObject({ ok: false, retryable: true, status: 503 });
  });
});
