import type { Logger } from 'pino';
import type { CanonicalEvent } from '@hub/events';
import type { DeliveryKey, DeliveryRecord, ParallelRunComparison, ShadowCandidate } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { CloudErpConnector } from '@connectors/cloud-erp';
import { PayrollConnector } from '@connectors/payroll';
import { staticLandscape } from '@hub/config';
import { COMPARE_PAGE, ParallelRunComparer } from './parallel-run-comparer';

const at = '2026-11-23T09:00:00.000Z';
const event = (n: number): CanonicalEvent => ({ specversion: '1.0', id: `e-${n}`, source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: `FEN-${n}`, tenant: 'fen', data: {} });
const delivery = (n: number, target: string, over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({ eventKey: `k${n}`, target, tenant: 'fen', state: 'delivered', attempts: 1, updatedAt: at, replays: 0, ...over });
const candidate = (n: number, shadow: Partial<DeliveryRecord> = {}, primaries = ['payroll-fen']): ShadowCandidate => ({
  eventKey: `k${n}`,
  acceptedAt: at,
  event: event(n),
  shadow: delivery(n, 'cloud-erp-fen', { role: 'shadow', ...shadow }),
  primaries: primaries.map((t) => delivery(n, t)),
});

/** A ledger holding `waiting` shadow deliveries ready to compare, which each written comparison takes out. */
function setup(waiting: ShadowCandidate[], o: { locked?: boolean; written?: Set<string>; migrations?: { tenant: string; domain: string; from: string; to: string }[] } = {}) {
  const written = o.written ?? new Set<string>();
  const marked: DeliveryKey[] = [];
  const ledger = {
    exclusively: jest.fn(async (_: string, work: (held: AbortSignal) => Promise<void>) => (o.locked ? false : (await work(new AbortController().signal), true))),
    shadowsToCompare: jest.fn(async (_before: Date, limit: number) => waiting.filter((c) => !marked.some((m) => m.eventKey === c.eventKey)).slice(0, limit)),
    recordComparisons: jest.fn(async (rows: readonly ParallelRunComparison[], compared: readonly DeliveryKey[]) => {
      marked.push(...compared);
      const now = rows.filter((r) => !written.has(`${r.eventKey}/${r.primary.target}`));
      for (const r of now) written.add(`${r.eventKey}/${r.primary.target}`);
      return now;
    }),
  };
  const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
  const config = { targets: [{ id: 'payroll-fen', connector: 'payroll' }, { id: 'cloud-erp-fen', connector: 'cloud-erp' }, { id: 'dms-fen', connector: 'dms' }], migrations: o.migrations ?? [] } as any;
  const connectors = new Map<string, any>([['payroll', new PayrollConnector()], ['cloud-erp', new CloudErpConnector()]]);
  const sut = new ParallelRunComparer({ parallelRun: { compareIntervalMs: 0, pendingAfterMs: 3_600_000 } }, { ...quiet, child: () => quiet } as unknown as Logger, staticLandscape(config), connectors, ledger as any);
  return { sut, ledger, marked };
}

const counted = async (labels: Record<string, string>) => ((await hubMetrics().parallelRunComparisons.get()).values.find((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))?.value ?? 0);

describe('ParallelRunComparer.compareOnce', () => {
  it('compares each shadow with every primary of its event, writes each comparison once and counts it once', async () => {
    const waiting = [candidate(1), candidate(2, { state: 'dead-lettered', reason: 'target-rejected' }), candidate(3, {}, ['payroll-fen', 'dms-fen'])];
    const written = new Set<string>();
    const { sut, ledger, marked } = setup(waiting, { written });
    const before = { agreed: await counted({ tenant: 'fen', domain: 'hr', result: 'agreed' }), disagreed: await counted({ tenant: 'fen', domain: 'hr', result: 'disagreed' }) };

    expect(await sut.compareOnce(Date.parse(at))).toEqual({ shadows: 3, compared: 4, agreed: 3, disagreed: 1 });
    expect(marked.map((m) => m.eventKey)).toEqual(['k1', 'k2', 'k3']);
    expect(ledger.shadowsToCompare).toHaveBeenCalledWith(new Date(Date.parse(at) - 3_600_000), COMPARE_PAGE);
    const pairs = ledger.recordComparisons.mock.calls[0][0].map((c) => `${c.eventKey} ${c.primary.target}→${c.shadow.target} ${c.reasons.join(',') || 'agreed'}`);
    expect(pairs).toEqual(['k1 payroll-fen→cloud-erp-fen agreed', 'k2 payroll-fen→cloud-erp-fen outcome', 'k3 payroll-fen→cloud-erp-fen agreed', 'k3 dms-fen→cloud-erp-fen agreed']);
    expect(await counted({ tenant: 'fen', domain: 'hr', result: 'agreed' })).toBe(before.agreed + 3);
    expect(await counted({ tenant: 'fen', domain: 'hr', result: 'disagreed' })).toBe(before.disagreed + 1);

    // The same shadows offered again (a second process that lost the race): nothing counted twice.
    const again = setup(waiting, { written });
    expect(await again.sut.compareOnce(Date.parse(at))).toEqual({ shadows: 3, compared: 0, agreed: 0, disagreed: 0 });
    expect(await counted({ tenant: 'fen', domain: 'hr', result: 'agreed' })).toBe(before.agreed + 3);
  });

  it("compares a shadow with the system the migration plan says it replaces, when the event went there, and with every primary otherwise", async () => {
    const migrations = [{ tenant: 'fen', domain: 'hr', from: 'payroll-fen', to: 'cloud-erp-fen' }];
    const { sut, ledger } = setup([candidate(1, {}, ['dms-fen', 'payroll-fen']), candidate(2, {}, ['dms-fen']), candidate(3, {}, ['dms-fen', 'finance-fen'])], { migrations });
    expect(await sut.compareOnce(Date.parse(at))).toMatchObject({ shadows: 3, compared: 4 });
    const pairs = ledger.recordComparisons.mock.calls[0][0].map((c) => `${c.eventKey} ${c.primary.target}→${c.shadow.target}`);
    expect(pairs).toEqual(['k1 payroll-fen→cloud-erp-fen', 'k2 dms-fen→cloud-erp-fen', 'k3 dms-fen→cloud-erp-fen', 'k3 finance-fen→cloud-erp-fen']);
  });

  it('works a backlog page by page, and does nothing while another process holds the lock', async () => {
    const waiting = Array.from({ length: COMPARE_PAGE + 5 }, (_, i) => candidate(i));
    const { sut, ledger } = setup(waiting);
    expect(await sut.compareOnce()).toMatchObject({ shadows: COMPARE_PAGE + 5, compared: COMPARE_PAGE + 5 });
    expect(ledger.recordComparisons).toHaveBeenCalledTimes(2);

    const locked = setup(waiting, { locked: true });
    expect(await locked.sut.compareOnce()).toBeUndefined();
    expect(locked.ledger.shadowsToCompare).not.toHaveBeenCalled();
  });
});
