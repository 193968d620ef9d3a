// Two gateways on one drop directory never read one file: the demo landscape's duty-management
// exports (dms-exports-fen) are watched by the gateway in this process and by gateway processes of
// the same landscape. Only the holder of the directory's lock reads it; every file is processed once
// and its events are posted once (the API sees no re-post). When the holder stops, another gateway
// takes the directory over at once; when the holder is killed (SIGKILL), once its lock is stale.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DROP_LOCK_NAME } from '@apps/gateway';
import { earlyShift } from '@connectors/dms';
import { hubMetrics } from '@hub/observability';
import { waitFor } from '@hub/testing';
import { RoleProcess, TestLandscape, TOKENS } from '@test/support';

const DROP = 'dms-exports-fen';
const STALE_MS = 2_000;

describe('a lock per drop directory across gateways', () => {
  let l: TestLandscape;
  const processes: RoleProcess[] = [];
  let inbox: string;
  let processed: string;

  /** Another gateway process of the landscape, posting to its API. */
  async function gateway(): Promise<RoleProcess> {
    const p = await RoleProcess.start('gateway', l.ctx.file.document, { ...l.env, HUB_URL: l.hub.url, GATEWAY_PORT: '0' });
    processes.push(p);
    return p;
  }

  /** Files of DROP a gateway processed, from its own metrics (this process's registry, or the child's /metrics). */
  const count = (text: string, outcome: string) => Number(new RegExp(`^hub_gateway_files_total\\{drop="${DROP}",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const here = async (outcome = 'processed') => count(await hubMetrics().registry.metrics(), outcome);
  const there = async (p: RoleProcess, outcome = 'processed') => count(await (await fetch(`${p.opsUrl}/metrics`, { headers: { authorization: `Bearer ${TOKENS.metrics}` } })).text(), outcome);
  const reposted = async () => Number(/^hub_events_duplicate_total\{tenant="fen",type="dms\.shift\.rostered\.v1"\} (\d+)$/m.exec(await hubMetrics().registry.metrics())?.[1] ?? 0);

  /**
   * `read`'s count once it has reached `n`, or what it was after 10 s: a file lands in processed/
   * before its gateway counts it (the count follows the file's record in Redis), so a count read
   * the moment the last file arrives can be one short.
   */
  async function counted(read: () => Promise<number>, n: number): Promise<number> {
    await waitFor(`a count of ${n}`, async () => (await read()) >= n, 10_000, 20).catch(() => undefined);
    return read();
  }

  /** Drops `n` exports of one shift each, and waits for every one of them to be in processed/; answers when the first got there. */
  async function dropFiles(n: number): Promise<number> {
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const path = await l.systems!.dms.fen.exportFile(inbox, [earlyShift({ shiftId: `FEN-SH-${randomBytes(4).toString('hex').toUpperCase()}-1` })]);
      names.push(path.split('/').pop()!);
    }
    let first: number | undefined;
    await waitFor(`${n} files processed`, () => {
      const done = names.filter((name) => existsSync(join(processed, name))).length;
      if (done > 0) first ??= Date.now();
      return done === n;
    }, 30_000, 20);
    return first!;
  }

  beforeAll(async () => {
    l = await TestLandscape.start({ systems: true, env: { GATEWAY_DROP_LOCK_STALE_MS: String(STALE_MS) } });
    const dir = l.systems!.dropDir('dms', 'fen');
    [inbox, processed] = [join(dir, 'inbox'), join(dir, 'processed')];
  }, 120_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await l?.close();
  });

  it('lets only the holder read the directory; another takes it over when the holder stops, or after it was killed', async () => {
    const before = { here: await here(), reposted: await reposted() };
    // This process's gateway started first and holds the directory; B only watches.
    const b = await gateway();
    await dropFiles(6);
    expect([(await counted(here, before.here + 6)) - before.here, await there(b)]).toEqual([6, 0]);

    // The holder stops (releasing its lock): B takes over at its next sweep.
    await l.hub.stop('gateway');
    const c = await gateway();
    await dropFiles(6);
    expect([(await here()) - before.here, await counted(() => there(b), 6), await there(c)]).toEqual([6, 6, 0]);

    // B is killed: its lock stays behind until stale (not touched for STALE_MS), then C takes over, and what waited is read.
    await b.kill('SIGKILL');
    const lastTouched = statSync(join(l.systems!.dropDir('dms', 'fen'), DROP_LOCK_NAME)).mtimeMs;
    const firstTaken = await dropFiles(6);
    expect(firstTaken - lastTouched).toBeGreaterThanOrEqual(STALE_MS);
    expect(await counted(() => there(c), 6)).toBe(6);

    // Every file read once: none twice into processed/, none judged a duplicate, no event posted twice.
    expect(readdirSync(processed).filter((n) => n.endsWith('.DAT'))).toHaveLength(18);
    expect(existsSync(join(l.systems!.dropDir('dms', 'fen'), 'duplicates'))).toBe(false);
    expect([await there(c, 'duplicate'), (await here('duplicate')) - 0]).toEqual([0, 0]);
    expect((await reposted()) - before.reposted).toBe(0);
  }, 120_000);
});
