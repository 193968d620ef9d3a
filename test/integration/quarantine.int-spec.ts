// Messages the router can never route, injected onto Kafka past the API, are quarantined with their
// reason while every other event keeps flowing; ops see, release and discard them through the API,
// tenant-scoped and audited; a router whose ledger writes fail reports not ready, and ready again
// once it makes progress. Real Kafka, Redis and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { scrapeAccess } from '@hub/config';
import { CanonicalEvent, toKafkaMessage } from '@hub/events';
import { EventProducer, KafkajsEventBus, OutboundMessage } from '@hub/kafka';
import { createLogger } from '@hub/observability';
import { runCli } from '@apps/cli';
import { startOpsServer } from '@apps/hub';
import { joiner, waitFor } from '@hub/testing';
import { FORCES, TestLandscape, TOKENS } from '@test/support';

const JOINED = 'hr.employee.joined.v1';
const STALL_MS = 4_000;
const SCHEMAS = join(__dirname, '..', '..', 'schemas');

describe('quarantine: what the router cannot route never stops what it can', () => {
  let l: TestLandscape;
  let producer: EventProducer;
  let pg: Pool;
  let oldSchemas: string;
  let n = 0;
  const ids: Record<string, string> = {};
  const poison: Record<string, CanonicalEvent> = {};

  const unique = () => 100_000 + ++n;
  /** Writes messages as the API's Kafka binding does, or as given. */
  const inject = (...messages: OutboundMessage[]) => producer.publish(messages);
  const quarantined = async (token: string = TOKENS.opsAdmin, query = '') => (await l.api('GET', `/v1/quarantine?limit=1000${query}`, token)).body;
  /** The quarantine entry of an event id (or subject), once the router has written it. */
  const entryOf = (match: (item: any) => boolean, query = '') =>
    waitFor('the message to be quarantined', async () => (await quarantined(TOKENS.opsAdmin, query)).items?.find(match), 30_000);

  beforeAll(async () => {
    // A router of an older release: hr.employee.joined.v1 before `corrects` (a correction of an
    // earlier joiner) was added to it. The API has the current schemas.
    oldSchemas = mkdtempSync(join(tmpdir(), 'hub-old-schemas-'));
    cpSync(SCHEMAS, oldSchemas, { recursive: true, filter: (src) => !src.includes(`${join(SCHEMAS, 'fixtures')}`) });
    const file = join(oldSchemas, `${JOINED}.json`);
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    delete schema.properties.corrects;
    writeFileSync(file, JSON.stringify(schema));

    l = await TestLandscape.start({ env: { ROUTER_STALL_MS: String(STALL_MS) } });
    producer = new KafkajsEventBus(l.settings.kafkaBrokers, `quarantine-test-${randomBytes(3).toString('hex')}`, createLogger('error')).producer();
    await producer.connect();
    pg = new Pool({ connectionString: l.settings.databaseUrl, max: 1 });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await pg?.query(`DROP TRIGGER IF EXISTS refuse_router ON "${l.settings.ledgerSchema}".events`).catch(() => undefined);
    await pg?.end();
    await l?.close();
    if (oldSchemas) rmSync(oldSchemas, { recursive: true, force: true });
  });

  it('quarantines each message it cannot route, with its reason, while 500 valid events posted after them, for every force, are all delivered', async () => {
    const topic = l.topicOf(JOINED);
    poison.nul = joiner('fen', { subject: 'FEN-\u0000-1' }, unique());
    const surrogate = joiner('moor', {}, unique());
    poison.surrogate = { ...surrogate, data: { ...(surrogate.data as object), name: { forename: 'Sam', surname: 'Tester\ud800' } } };
    poison.unknown = joiner('vale', { type: 'hr.employee.promoted.v1' }, unique());
    // Carriable, valid, and still refused by PostgreSQL: a subject too large for the ledger's index on it.
    poison.huge = joiner('moor', { subject: `MOOR-${randomBytes(3000).toString('base64')}` }, unique());
    const badId = toKafkaMessage(joiner('fen', {}, unique()), topic);
    const noTenant = toKafkaMessage(joiner('vale', {}, unique()), topic);
    delete (noTenant.headers as Record<string, string>).ce_tenant;
    await inject(
      toKafkaMessage(poison.nul, topic),
      toKafkaMessage(poison.surrogate, topic),
      toKafkaMessage(poison.unknown, topic),
      toKafkaMessage(poison.huge, topic),
      // Header bytes that are not UTF-8: read as a string they would quietly become U+FFFD.
      { ...badId, headers: { ...badId.headers, ce_id: Buffer.from([0x65, 0x76, 0x74, 0xff, 0xfe]) } },
      noTenant,
    );

    const valid = Array.from({ length: 500 }, (_, i) => joiner(FORCES[i % FORCES.length], {}, unique()));
    for (let i = 0; i < valid.length; i += 100) {
      const res = await l.post(valid.slice(i, i + 100), { 'content-type': 'application/cloudevents-batch+json' });
      expect(res.status).toBe(202);
    }
    await waitFor('all 500 valid events to reach their payroll', () => valid.every((e) => l.payroll[e.tenant as (typeof FORCES)[number]].employees.has(e.subject)), 90_000);
    for (const f of FORCES) expect(valid.filter((e) => e.tenant === f).length).toBeGreaterThan(100);

    const nul = await entryOf((i) => i.eventId === poison.nul.id);
    expect(nul).toMatchObject({ reason: 'not-carriable', tenant: 'fen', subject: 'FEN-\\u0000-1', state: 'open', timesQuarantined: 1, problems: [{ path: '/subject' }] });
    const sur = await entryOf((i) => i.eventId === poison.surrogate.id);
    expect(sur).toMatchObject({ reason: 'not-carriable', tenant: 'moor', problems: [{ path: '/data/name/surname', message: 'must not contain a lone surrogate (U+D800)' }] });
    expect(await entryOf((i) => i.eventId === poison.unknown.id)).toMatchObject({ reason: 'unknown-type', tenant: 'vale', type: 'hr.employee.promoted.v1' });
    const huge = await entryOf((i) => i.eventId === poison.huge.id);
    expect(huge).toMatchObject({ reason: 'ledger-refused', tenant: 'moor' });
    expect(huge.message).toMatch(/PostgreSQL refused to store the event: index row size \d+ exceeds/);
    const bad = await entryOf((i) => i.reason === 'undecodable' && i.tenant === 'fen');
    expect(bad.message).toMatch(/header ce_id is not valid UTF-8/);
    const orphan = await entryOf((i) => i.reason === 'undecodable' && i.tenant === undefined);
    expect(orphan.message).toMatch(/subject and tenant are required/);
    Object.assign(ids, { nul: nul.id, surrogate: sur.id, huge: huge.id, bad: bad.id, orphan: orphan.id });

    // None of them reached a target or the ledger's events; the valid ones all have traces.
    for (const e of Object.values(poison)) expect((await l.trace(e)).status).toBe(404);
    expect((await l.trace(valid[499])).body.status).toBe('delivered');

    const metrics = (await l.api('GET', '/metrics', TOKENS.metrics)).body as string;
    expect(metrics).toMatch(/hub_quarantined_total\{reason="not-carriable",tenant="moor"\} 1/);
    expect(metrics).toMatch(/hub_quarantined_total\{reason="undecodable",tenant="unknown"\} 1/);
    expect(metrics).toMatch(/hub_quarantine_open\{tenant="fen",reason="not-carriable"\} 1/);
  });

  it("shows each message to ops within their tenants only: a moor event to an all-tenant admin, not to fen's operator", async () => {
    const fenItems = (await quarantined(TOKENS.fenOperator)).items.map((i: any) => i.id);
    expect(fenItems).toEqual(expect.arrayContaining([ids.nul, ids.bad]));
    for (const id of [ids.surrogate, ids.huge, ids.orphan]) expect(fenItems).not.toContain(id);
    expect((await l.api('GET', `/v1/quarantine/${ids.surrogate}`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('POST', `/v1/quarantine/${ids.surrogate}/release`, TOKENS.fenOperator)).status).toBe(404);
    expect((await l.api('DELETE', `/v1/quarantine/${ids.orphan}`, TOKENS.fenOperator, { reason: 'not ours to judge' })).status).toBe(404);

    // The admin reads personal data, and that read is audited; a viewer without pii-reader sees it masked and without the value.
    const admin = (await l.api('GET', `/v1/quarantine/${ids.surrogate}`)).body;
    expect(admin).toMatchObject({ id: ids.surrogate, masked: false, topic: l.topicOf(JOINED), event: { data: { dateOfBirth: '1990-05-04', name: { surname: 'Tester\\ud800' } } } });
    expect(Buffer.from(admin.raw.value.base64, 'base64').toString()).toContain('"surname":"Tester\\ud800"');
    expect(admin.raw.headers).toEqual(expect.arrayContaining([{ key: 'ce_tenant', value: { text: 'moor', base64: Buffer.from('moor').toString('base64') } }]));
    const viewer = (await l.api('GET', `/v1/quarantine/${ids.surrogate}`, TOKENS.opsViewer)).body;
    expect(viewer).toMatchObject({ masked: true, event: { data: { dateOfBirth: '***', niNumber: '***' } } });
    expect(viewer.raw.value).toBeUndefined();
    const audit = (await l.api('GET', '/v1/audit?action=quarantine.read-personal-data')).body;
    expect(audit.items.some((a: any) => a.actor === 'ops-admin' && a.detail.split(' ').includes(ids.surrogate))).toBe(true);

    // Bad input is a 4xx problem, not a 500.
    for (const [path, status] of [
      ['/v1/quarantine?reason=broken', 400],
      ['/v1/quarantine?state=closed', 400],
      ['/v1/quarantine?from=yesterday', 400],
      ['/v1/quarantine?after=not-a-cursor', 400],
      ['/v1/quarantine?limit=0', 400],
      ['/v1/quarantine/999999999', 404],
      ['/v1/quarantine/not-an-id', 404],
    ] as const) {
      const res = await l.api('GET', path);
      expect({ path, status: res.status, type: res.body?.type }).toEqual({ path, status, type: expect.stringContaining('/problems/') });
    }
    // Pages are keyset cursors over the same filter.
    const first = (await l.api('GET', '/v1/quarantine?limit=2')).body;
    const second = (await l.api('GET', `/v1/quarantine?limit=2&after=${first.next}`)).body;
    expect(first.items).toHaveLength(2);
    expect(second.items.map((i: any) => i.id)).not.toContain(first.items[0].id);
  });

  it('discards only with a reason, once, and leaves an audit entry', async () => {
    expect((await l.api('DELETE', `/v1/quarantine/${ids.nul}`, TOKENS.fenOperator)).status).toBe(400);
    expect((await l.api('DELETE', `/v1/quarantine/${ids.nul}`, TOKENS.opsViewer, { reason: 'viewers may not' })).status).toBe(403);
    expect((await l.api('DELETE', `/v1/quarantine/${ids.nul}`, TOKENS.fenOperator, { reason: 'HR posted it again without the NUL, ticket 5120' })).status).toBe(204);
    expect((await l.api('DELETE', `/v1/quarantine/${ids.nul}`, TOKENS.fenOperator, { reason: 'again' })).status).toBe(409);
    expect((await l.api('POST', `/v1/quarantine/${ids.nul}/release`, TOKENS.fenOperator)).status).toBe(409);
    expect((await l.api('GET', `/v1/quarantine/${ids.nul}`, TOKENS.fenOperator)).body).toMatchObject({ state: 'discarded', discardedBy: 'fen-operator', discardReason: 'HR posted it again without the NUL, ticket 5120' });
    expect((await quarantined(TOKENS.fenOperator)).items.map((i: any) => i.id)).not.toContain(ids.nul);
    const audit = (await l.api('GET', '/v1/audit?action=quarantine.discard', TOKENS.fenOperator)).body;
    expect(audit.items).toEqual([expect.objectContaining({ actor: 'fen-operator', tenants: ['fen'], filter: { id: ids.nul }, counts: { discarded: 1 }, detail: 'HR posted it again without the NUL, ticket 5120' })]);
  });

  it('releases a message once its cause is fixed: quarantined again by a router that lacks the schema, routed by one that has it', async () => {
    // An older router runs while the API already takes joiners with `corrects`.
    await l.restartRouter({ SCHEMAS_DIR: oldSchemas });
    const correction = joiner('fen', {}, unique());
    correction.data = { ...(correction.data as object), corrects: { source: correction.source, id: 'evt-earlier', reason: 'wrong grade' } };
    const plain = joiner('fen', {}, unique());
    expect((await l.post(correction)).status).toBe(202);
    expect((await l.post(plain)).status).toBe(202);
    await l.waitForTrace(plain, 'delivered');
    const first = await entryOf((i) => i.eventId === correction.id);
    expect(first).toMatchObject({ reason: 'schema-violation', tenant: 'fen', timesQuarantined: 1, problems: [{ path: '/data/corrects', message: 'is not allowed here' }] });

    // Released too early, it fails again: a new entry that counts the times and names the first.
    const early = await l.api('POST', `/v1/quarantine/${first.id}/release`, TOKENS.fenOperator, { reason: 'trying before the deploy' });
    expect(early).toMatchObject({ status: 202, body: { id: first.id, released: true, topic: l.topicOf(JOINED) } });
    const again = await entryOf((i) => i.eventId === correction.id && i.id !== first.id);
    expect(again).toMatchObject({ reason: 'schema-violation', timesQuarantined: 2, previousId: first.id, state: 'open' });
    expect((await l.api('GET', `/v1/quarantine/${first.id}`)).body).toMatchObject({ state: 'released', releasedBy: 'fen-operator', releaseNote: 'trying before the deploy' });
    expect(l.payroll.fen.employees.has(correction.subject)).toBe(false);

    // The router is deployed with the current schemas: the release is routed and delivered.
    await l.restartRouter();
    const released = await l.api('POST', `/v1/quarantine/${again.id}/release`, TOKENS.fenOperator, { reason: 'router now has corrects (release 2026.11)' });
    expect(released.status).toBe(202);
    const trace = await l.waitForTrace(correction, 'delivered', 60_000);
    // Put back with its own timestamp: the ledger says when the API accepted it, not when ops released it.
    expect(Date.parse(trace.acceptedAt)).toBeLessThanOrEqual(Date.parse(first.quarantinedAt));
    expect(l.payroll.fen.employees.has(correction.subject)).toBe(true);
    expect((await quarantined(TOKENS.fenOperator)).items.map((i: any) => i.eventId)).not.toContain(correction.id);
    const audit = (await l.api('GET', '/v1/audit?action=quarantine.release', TOKENS.fenOperator)).body;
    expect(audit.items.map((a: any) => [a.filter.id, a.counts.released])).toEqual([[again.id, 1], [first.id, 1]]);
  });

  it('lets ops do the same from the CLI and the dashboard, with the same scope and audit', async () => {
    const hub = async (args: string[], token: string) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['--url', l.hub.url!, ...args], { env: { HUB_TOKEN: token }, out: (x) => out.push(x), err: (x) => err.push(x) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const list = await hub(['quarantine', 'list', '--reason', 'undecodable'], TOKENS.fenOperator);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`^${ids.bad}\\s+fen\\s+undecodable`, 'm'));
    expect(list.out).not.toMatch(new RegExp(`^${ids.orphan}\\s{2,}`, 'm')); // a row (columns are two spaces apart), not the "1 of 1" footer
    expect(JSON.parse((await hub(['--json', 'quarantine', 'show', ids.bad], TOKENS.fenOperator)).out)).toMatchObject({ id: ids.bad, reason: 'undecodable', masked: true });
    expect((await hub(['quarantine', 'release', ids.surrogate], TOKENS.fenOperator))).toMatchObject({ code: 1, err: expect.stringContaining('404') });
    expect((await hub(['quarantine', 'discard', ids.bad], TOKENS.fenOperator)).code).toBe(2);
    expect(await hub(['quarantine', 'discard', ids.bad, '--reason', 'garbled by a proxy; HR resent it'], TOKENS.fenOperator)).toMatchObject({ code: 0, out: `discarded ${ids.bad}` });

    // The dashboard lists the open ones of the caller's tenants; its forms need the page's token and origin.
    const page = async (token: string) => (await fetch(`${l.hub.url}/ops/dashboard`, { headers: { authorization: `Bearer ${token}` } })).text();
    const adminPage = await page(TOKENS.opsAdmin);
    for (const id of [ids.surrogate, ids.huge, ids.orphan]) expect(adminPage).toContain(`data-quarantine-id="${id}"`);
    expect(adminPage).not.toContain(`data-quarantine-id="${ids.bad}"`);
    expect(await page(TOKENS.fenOperator)).not.toContain(`data-quarantine-id="${ids.huge}"`);
    const formToken = /name="token" value="([^"]+)"/.exec(adminPage)![1];
    const post = (path: string, form: Record<string, string>, origin = l.hub.url!) =>
      fetch(`${l.hub.url}/ops/dashboard/quarantine/${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { authorization: `Bearer ${TOKENS.opsAdmin}`, origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    expect((await post('discard', { id: ids.orphan, reason: 'not a CloudEvent at all' })).status).toBe(403);
    expect((await post('discard', { token: formToken, id: ids.orphan, reason: 'not a CloudEvent at all' }, 'https://elsewhere.example')).status).toBe(403);
    expect((await post('discard', { token: formToken, id: ids.orphan })).status).toBe(400);
    const discarded = await post('discard', { token: formToken, id: ids.orphan, reason: 'not a CloudEvent at all' });
    expect(discarded.status).toBe(303);
    expect(discarded.headers.get('location')).toBe(`/ops/dashboard?quarantine=discarded&id=${ids.orphan}`);
    // Released, the refused one is refused again: a new entry that counts the times.
    const released = await post('release', { token: formToken, id: ids.huge, note: 'index widened? not yet' });
    expect(released.headers.get('location')).toBe(`/ops/dashboard?quarantine=released&id=${ids.huge}`);
    expect(await entryOf((i) => i.eventId === poison.huge.id && i.id !== ids.huge)).toMatchObject({ reason: 'ledger-refused', timesQuarantined: 2, previousId: ids.huge });
    const audit = (await l.api('GET', '/v1/audit?action=quarantine.discard')).body.items;
    expect(audit.map((a: any) => [a.actor, a.filter.id, a.detail])).toEqual(
      expect.arrayContaining([['ops-admin', ids.orphan, 'not a CloudEvent at all'], ['fen-operator', ids.bad, 'garbled by a proxy; HR resent it']]),
    );
  });

  it('makes /health/ready fail within the threshold while the ledger refuses the router, and pass again once it makes progress', async () => {
    const ops = await startOpsServer(l.hub.apps, 0, '127.0.0.1', scrapeAccess(l.ctx.config));
    try {
      const ready = async (url: string) => {
        const res = await fetch(`${url}/health/ready`);
        return { status: res.status, body: (await res.json()) as any };
      };
      expect((await ready(l.hub.url!)).status).toBe(200);
      // PostgreSQL answers, but will not take the router's writes (as a standby after a failover would).
      await pg.query(`
        CREATE OR REPLACE FUNCTION "${l.settings.ledgerSchema}".refuse_router() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'cannot execute INSERT in a read-only transaction' USING ERRCODE = 'read_only_sql_transaction'; END $$;
        CREATE TRIGGER refuse_router BEFORE INSERT ON "${l.settings.ledgerSchema}".events FOR EACH ROW EXECUTE FUNCTION "${l.settings.ledgerSchema}".refuse_router();`);
      const stuck = joiner('vale', {}, unique());
      const posted = Date.now();
      expect((await l.post(stuck)).status).toBe(202);

      const down = await waitFor('the API to report the router not ready', async () => {
        const r = await ready(l.hub.url!);
        return r.status === 503 ? r.body : undefined;
      }, STALL_MS + 20_000, 200);
      expect(Date.now() - posted).toBeLessThan(STALL_MS + 20_000);
      expect(down.info.postgresql).toEqual({ status: 'up' });
      expect(down.error.router).toMatchObject({ status: 'down', message: expect.stringMatching(/^no progress for more than 4 s on .*hr\.employee\.joined\.v1\/\d/) });
      expect(down.error.router.stalled[0]).toMatchObject({ failuresInRow: expect.any(Number), lastError: expect.stringContaining('read-only transaction') });
      const opsDown = await ready(ops.url);
      expect(opsDown.status).toBe(503);
      expect(opsDown.body.error.router.status).toBe('down');
      const metrics = (await l.api('GET', '/metrics', TOKENS.metrics)).body as string;
      expect(metrics).toMatch(/hub_router_stalled\{topic="[^"]*hr\.employee\.joined\.v1",partition="\d"\} 1/);
      expect(metrics).toMatch(/hub_router_batch_failures_total\{topic="[^"]*hr\.employee\.joined\.v1"\} [1-9]/);
      expect(l.payroll.vale.employees.has(stuck.subject)).toBe(false);

      await pg.query(`DROP TRIGGER refuse_router ON "${l.settings.ledgerSchema}".events`);
      await l.waitForTrace(stuck, 'delivered', 60_000);
      await waitFor('the API to report ready again', async () => (await ready(l.hub.url!)).status === 200, 30_000, 200);
      expect((await ready(ops.url)).status).toBe(200);
      expect((await l.api('GET', '/metrics', TOKENS.metrics)).body).not.toMatch(/hub_router_stalled\{[^}]*\} 1/);
    } finally {
      await ops.close();
    }
  });
});
