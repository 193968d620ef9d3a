// The demo flow (scripts/demo-flow.ts, what `npm run demo -- --once` runs) on real Kafka, Redis and
// PostgreSQL, with the demo landscape's systems on free ports and stores of its own: each step of
// Fenland's staged ERP replacement comes out as the demo's story says. The parallel run has exactly
// the disagreement it provokes (the special constable the ERP's grade catalogue refuses), the
// backfill delivers all it selected, the cutover under load loses and doubles nothing, and the day
// reconciles for the primaries.
import { randomBytes } from 'node:crypto';
import { loadSettings } from '@hub/config';
import { demoEnv, DemoSystems, removeHubRunData } from '@test/support';
import { DemoOutcome, DemoRun, runDemo } from '../../scripts/demo-flow';

describe('the demo flow, steps 1 to 7', () => {
  const systems = new DemoSystems();
  const id = `t${randomBytes(4).toString('hex')}`;
  const env = {
    ...process.env,
    ...demoEnv(),
    PORT: '0',
    KAFKA_TOPIC_PREFIX: `${id}.`,
    REDIS_PREFIX: `hub-${id}`,
    ROUTER_GROUP_ID: `router-${id}`,
    LEDGER_SCHEMA: `ledger_${id}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    GATEWAY_POLL_MS: '50',
    PARALLEL_RUN_COMPARE_INTERVAL_MS: '250',
    BACKFILL_POLL_MS: '200',
  };
  const story: string[] = [];
  let demo: DemoRun | undefined;
  let outcome: DemoOutcome;

  beforeAll(async () => {
    await systems.start();
    try {
      demo = await runDemo({ systems, landscape: systems.configure(), env, say: (line = '') => story.push(line) });
    } catch (err) {
      // The story so far says which step stopped.
      console.error(story.join('\n'));
      throw err;
    }
    outcome = demo.outcome;
  }, 300_000);

  afterAll(async () => {
    await demo?.hub.stop();
    await systems.stop();
    await removeHubRunData(loadSettings(env));
  });

  it('tells every step, the existing three and the staged replacement', () => {
    const headings = story.filter((l) => /^\n?== \d/.test(l)).map((l) => l.trim().split(':')[0]);
    expect(headings).toEqual([
      '== 1. A Fenland joiner',
      '== 2. Duty management drops an export file; one record has an unknown leave type',
      '== 3. Vale payroll rejects two records (422)',
      '== 4. Parallel run',
      '== 5. Backfill',
      '== 6. Cutover under load',
      '== 7. Reconciliation',
    ]);
  });

  it('reports exactly the disagreement it provokes: the special constable the ERP refuses, nothing else', () => {
    const { report, refused, posted } = outcome.parallelRun;
    // One comparison per primary of each event's route; the migration's pair is the bureau and the ERP.
    // The shadow is compared with the system the migration plan says it replaces, not with duty management or the ledger.
    expect(report.pairs).toEqual([{ primary: 'payroll-fen', shadow: 'cloud-erp-fen', compared: posted, agreed: posted - 1, disagreed: 1 }]);
    expect(report.compared).toBe(posted);
    expect(report.disagreed).toBe(1);
    expect(Object.entries(report.byReason).filter(([, n]) => n !== 0)).toEqual([['outcome', 1]]);
    expect(report.byField).toEqual([]);
    expect([...new Set(report.examples.outcome.map((e: { eventId: string }) => e.eventId))]).toEqual([refused.eventId]);
    expect(report.examples.outcome.find((e: { primary: { target: string } }) => e.primary.target === 'payroll-fen')).toMatchObject({
      subject: refused.subject,
      primary: { outcome: 'acknowledged' },
      shadow: { target: 'cloud-erp-fen', outcome: 'rejected', error: { code: 'target-rejected', status: 422, field: '/data/employment/grade', message: expect.stringContaining('grade SC is not in the grade catalogue') } },
    });
    expect(report.examples.pending).toEqual([]);
    expect(report.examples.fields).toEqual([]);
    // Fixed at the ERP and replayed: the special constable reached it.
    expect(refused.atErpAfterReplay).toBe(true);
  });

  it("backfills the history from before the parallel run, and finishes with every event of it delivered", () => {
    const { dryRun, final, progressLines } = outcome.backfill;
    expect(dryRun).toMatchObject({ dryRun: true, tenant: 'fen', target: 'cloud-erp-fen', alreadyThere: outcome.parallelRun.posted });
    expect(dryRun.toSend).toBeGreaterThanOrEqual(200);
    expect(dryRun.byType.map((t: { type: string }) => t.type)).toEqual(['hr.employee.joined.v1', 'hr.employee.left.v1', 'hr.employee.moved.v1']);
    expect(final.state).toBe('finished');
    expect(final.progress).toMatchObject({ total: dryRun.toSend, delivered: dryRun.toSend, deadLettered: 0, remaining: 0, percent: 100 });
    expect(progressLines).toBeGreaterThanOrEqual(1);
    expect(systems.erp.fen.repeats).toBe(0);
  });

  it('cuts over under load with every event before the switch at the bureau once, every one after at the ERP once, none missing, none doubled', () => {
    const c = outcome.cutover;
    expect(c).toMatchObject({ status: 201, version: c.basedOn + 1, missing: 0, doubled: 0, misrouted: 0, refused: 0 });
    expect(c.before).toBeGreaterThan(0);
    expect(c.after).toBeGreaterThan(0);
    expect(c.before + c.after).toBe(200);
  });

  it('reconciles the day without drift for the primaries, shadows apart, and the migrated systems balanced', () => {
    const { report, drift, byTarget } = outcome.reconciliation;
    expect(drift.items).toEqual([]);
    expect(drift.shadowItems).toEqual([]);
    expect(report.rows.filter((r: { target: string | null; balanced: boolean }) => r.target !== null && !r.balanced)).toEqual([]);
    expect(report.shadowRows.length).toBeGreaterThan(0);
    expect(report.rows.find((r: { type: string }) => r.type === 'payroll.pay-change.requested.v1')).toMatchObject({ target: 'payroll-fen', balanced: true, delivered: { money: [{ currency: 'GBP', amountMinor: expect.any(Number) }] } });
    // The one file drift is step 2's export with its quarantined line: the duty-management team's to correct.
    expect(drift.files).toEqual([expect.objectContaining({ direction: 'read', where: 'dms-exports-fen', why: expect.stringContaining('1 of 3 records quarantined') })]);
    for (const t of ['payroll-fen', 'cloud-erp-fen']) expect(byTarget[t]).toMatchObject({ balanced: true, items: [], shadowItems: [], files: [] });
    expect(story.join('\n')).not.toContain('NOT balanced');
    expect(story.some((l) => l.startsWith('Balanced for the primaries:'))).toBe(true);
  });
});
