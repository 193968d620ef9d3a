// Landscape versions in the ledger on real PostgreSQL: the file seeded once however many processes
// boot together, a changed file as a new version, appends refused when derived from an old version,
// rows that cannot be changed, and announcements heard by the processes of that ledger schema only.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DeliveryLedger, LandscapeVersionConflict, listenForLandscapeVersions, runLedgerMigrations } from '@hub/ledger';
import { waitFor } from '@hub/testing';

const url = process.env.DATABASE_URL!;
const fresh = () => `ledger_landscape_${randomBytes(4).toString('hex')}`;
const file = (name: string) => ({ document: { tenants: [{ code: 'fen', name }] }, path: 'config/landscape.json', sha256: `sha-of-${name}` });

describe('landscape versions in the ledger', () => {
  const schemas = [fresh(), fresh()];
  let admin: Pool;
  let ledgers: DeliveryLedger[];

  beforeAll(async () => {
    admin = new Pool({ connectionString: url, max: 2 });
    for (const s of schemas) await runLedgerMigrations(url, { schema: s });
    // Four processes of the first schema, one of the second.
    ledgers = [...Array.from({ length: 4 }, () => DeliveryLedger.connect(url, schemas[0], { max: 2 })), DeliveryLedger.connect(url, schemas[1], { max: 2 })];
  });
  afterAll(async () => {
    await Promise.all(ledgers.map((x) => x.close()));
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
  });

  it('stores the file once when several processes boot with it together, and a changed file as the next version', async () => {
    const [a, b, c, d] = ledgers;
    const seeded = await Promise.all([a, b, c, d].map((x) => x.seedLandscape(file('v1'), () => ({ diff: [] }))));
    expect(seeded.filter((s) => s.inserted)).toHaveLength(1);
    expect(seeded.map((s) => s.version)).toEqual([1, 1, 1, 1]);
    expect(await a.latestLandscapeVersion()).toMatchObject({ version: 1, actor: 'boot', reason: 'first start: the landscape file', change: { kind: 'file', path: 'config/landscape.json', sha256: 'sha-of-v1', diff: [] } });

    // An API change, then the same file again: nothing new, so a restart never undoes the change.
    await a.appendLandscapeVersion({ landscape: { tenants: [] }, actor: 'fen-operator', reason: 'cutover', change: { kind: 'cutover' }, basedOn: 1 });
    expect(await b.seedLandscape(file('v1'))).toEqual({ version: 2, inserted: false });
    // A changed file wins, as a new version, once, whoever boots with it; `describe` sees the version before.
    const before: unknown[] = [];
    const changed = await Promise.all([c, d].map((x) => x.seedLandscape(file('edited'), (previous) => (before.push(previous), { diff: ['x'] }))));
    expect(changed.filter((s) => s.inserted)).toHaveLength(1);
    expect(before).toEqual([{ tenants: [] }]);
    expect((await a.landscapeVersions()).map((v) => [v.version, v.actor, v.change.kind])).toEqual([[3, 'boot', 'file'], [2, 'fen-operator', 'cutover'], [1, 'boot', 'file']]);
    expect((await a.landscapeVersion(3))?.landscape).toEqual(file('edited').document);
    // The other schema's ledger has none of it.
    expect(await ledgers[4].latestLandscapeVersionNumber()).toBe(0);
  });

  it('refuses an append derived from a version that is no longer the latest, and appends concurrent ones one after the other', async () => {
    const [a, b] = ledgers;
    await expect(a.appendLandscapeVersion({ landscape: {}, actor: 'x', reason: 'stale', change: { kind: 'document' }, basedOn: 1 })).rejects.toThrow(LandscapeVersionConflict);
    const both = await Promise.allSettled([a, b].map((x) => x.appendLandscapeVersion({ landscape: {}, actor: 'x', reason: 'race', change: { kind: 'document' }, basedOn: 3 })));
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const unconditional = await Promise.all([a, b].map((x) => x.appendLandscapeVersion({ landscape: {}, actor: 'x', reason: 'any', change: { kind: 'document' } })));
    expect(unconditional.map((v) => v.version).sort()).toEqual([5, 6]);
  });

  it('keeps every version as it was written', async () => {
    await expect(admin.query(`UPDATE "${schemas[0]}".landscape_versions SET reason = 'rewritten' WHERE version = 1`)).rejects.toThrow(/append-only/);
    await expect(admin.query(`DELETE FROM "${schemas[0]}".landscape_versions`)).rejects.toThrow(/append-only/);
  });

  it("announces each committed version to the listeners of its schema, and only theirs", async () => {
    const heard: string[] = [];
    const lost: Error[] = [];
    const name = `hub-landscape-listener-${schemas[0]}`;
    const listeners = await Promise.all(schemas.map((s, i) => listenForLandscapeVersions(url, s, (v) => heard.push(`${i}:${v}`), (err) => lost.push(err), name)));
    try {
      const { version } = await ledgers[0].appendLandscapeVersion({ landscape: {}, actor: 'x', reason: 'announce', change: { kind: 'document' } });
      const other = await ledgers[4].appendLandscapeVersion({ landscape: {}, actor: 'x', reason: 'other schema', change: { kind: 'document' } });
      await waitFor('both announcements', async () => heard.length >= 2);
      expect(heard.sort()).toEqual([`0:${version}`, `1:${other.version}`]);
      // A rolled-back append announces nothing.
      await expect(ledgers[0].appendLandscapeVersion({ landscape: {}, actor: 'x', reason: 'stale', change: { kind: 'document' }, basedOn: 1 })).rejects.toThrow(LandscapeVersionConflict);
      // The listener's connection ending is told once.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [name]);
      await waitFor('the lost connections told', async () => lost.length === 2);
      expect(heard).toHaveLength(2);
    } finally {
      await Promise.all(listeners.map((x) => x.close()));
    }
  });
});
