// The ops CLI against a real hub: the same roles, tenants and answers as the API it calls.
import { runCli } from '@apps/cli';
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

describe('hub CLI', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({ retry: { attempts: 2, backoffMs: 50, maxBackoffMs: 100 } });
  });
  afterAll(async () => {
    await l?.close();
  });

  /** Runs `hub …` in this process with a token; answers the exit code and what it printed. */
  async function hub(args: string[], token: string = TOKENS.opsAdmin) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--url', l.hub.url!, ...args], { env: { HUB_TOKEN: token }, out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('lists, shows and replays a dead letter to its failed target; a viewer may list but not replay', async () => {
    l.payroll.vale.setFaults({ rejectNext: 1, rejectStatus: 422 });
    const e = joiner('vale');
    await l.post(e);
    await l.waitForTrace(e, 'dead-lettered');

    const list = await hub(['dlq', 'list', '--subject', e.subject]);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`payroll-vale\\s+hr\\.employee\\.joined\\.v1\\s+${e.subject}\\s+dead-lettered\\s+target-rejected\\|payroll-vale\\|422`));
    const [letter] = JSON.parse((await hub(['--json', 'dlq', 'list', '--subject', e.subject])).out).items;
    expect(JSON.parse((await hub(['--json', 'dlq', 'show', letter.id])).out)).toMatchObject({ id: letter.id, status: 422 });
    const shown = await hub(['dlq', 'show', letter.id], TOKENS.opsViewer);
    expect(shown.out.split('\n')[0]).toBe(`dead letter ${letter.id}: hr.employee.joined.v1 for vale, subject ${e.subject} → payroll-vale, dead-lettered`);
    expect(shown.out).toMatch(/^  why:\s+target-rejected 422/m);
    expect(shown.out).toMatch(/^\s+\/dateOfBirth\s+\*\*\*$/m);

    const refused = await hub(['dlq', 'replay', letter.id], TOKENS.opsViewer);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining('403') });

    const replayed = await hub(['dlq', 'replay', letter.id]);
    expect(replayed).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^replaying ${letter.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (queued|added) again on `)) });
    await l.waitForTrace(e, 'delivered');
    const trace = await hub(['trace', e.id, '--source', e.source]);
    expect(trace.out).toContain(`hr.employee.joined.v1 ${e.id} (vale, subject ${e.subject}): delivered`);
    expect(trace.out).toMatch(/payroll-vale: delivered after 1 attempt\(s\)/);
  });

  it("keeps an operator of one force away from another force's dead letters", async () => {
    l.payroll.moor.setFaults({ rejectNext: 1 });
    const e = joiner('moor');
    await l.post(e);
    await l.waitForTrace(e, 'dead-lettered');
    const id = JSON.parse((await hub(['--json', 'dlq', 'list', '--subject', e.subject])).out).items[0].id;

    expect(JSON.parse((await hub(['--json', 'dlq', 'list', '--subject', e.subject], TOKENS.fenOperator)).out).items).toEqual([]);
    expect((await hub(['dlq', 'replay', id], TOKENS.fenOperator)).code).toBe(1);
    expect((await hub(['dlq', 'discard', id, '--reason', 'not ours'], TOKENS.fenOperator)).code).toBe(1);
    expect((await hub(['dlq', 'discard', id, '--reason', 'test: duplicate joiner'])).code).toBe(0);
    await waitFor('the discard to show', async () => (await l.api('GET', `/v1/dead-letters?subject=${e.subject}`)).body.total === 0 || undefined);
  });

  it('groups dead letters by fingerprint, dry-runs and replays a group in bulk, and shows the audit trail', async () => {
    const down = [joiner('fen'), joiner('fen')];
    l.payroll.fen.setFaults({ rejectNext: 2, rejectStatus: 409 });
    for (const e of down) await l.post(e);
    for (const e of down) await l.waitForTrace(e, 'dead-lettered');

    const groups = await hub(['dlq', 'group', '--tenant', 'fen']);
    expect(groups.out).toMatch(/^2\s+target-rejected\|payroll-fen\|409\s+fen/m);
    const dry = JSON.parse((await hub(['--json', 'dlq', 'replay', '--fingerprint', 'target-rejected|payroll-fen|409', '--dry-run'])).out);
    expect(dry).toMatchObject({ dryRun: true, matched: 2, replayed: 0 });
    expect(JSON.parse((await hub(['--json', 'dlq', 'list', '--tenant', 'fen', '--state', 'dead-lettered'])).out).total).toBe(2);

    const bulk = JSON.parse((await hub(['--json', 'dlq', 'replay', '--fingerprint', 'target-rejected|payroll-fen|409', '--batch-size', '1', '--pause-ms', '0'], TOKENS.fenOperator)).out);
    expect(bulk).toMatchObject({ matched: 2, replayed: 2, batches: 2 });
    for (const e of down) await l.waitForTrace(e, 'delivered');

    const audit = await hub(['audit', '--action', 'dead-letter.replay-bulk'], TOKENS.fenOperator);
    expect(audit.code).toBe(0);
    expect(audit.out).toMatch(/fen-operator\s+dead-letter\.replay-bulk\s+fen\s+.*fingerprint=target-rejected\|payroll-fen\|409/);
    expect(audit.out).toContain('replayed=2');
  });

  it('says what is wrong with the usage and exits 2; without a token it says so and exits 1', async () => {
    expect((await hub(['dlq', 'discard', 'x'])).code).toBe(2);
    expect((await hub(['dlq', 'replay'])).err).toContain('give a dead letter id, or at least one filter');
    const none = await runCli(['--url', l.hub.url!, 'dlq', 'list'], { env: {}, out: () => undefined, err: (s) => expect(s).toContain('HUB_TOKEN') });
    expect(none).toBe(1);
  });
});
