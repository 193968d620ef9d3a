import type { TargetConfig } from '@hub/config';
import { boundTargets, diffTargetSet } from './target-set';

const target = (id: string, over: Partial<TargetConfig> = {}): TargetConfig => ({
  id, tenant: 'fen', connector: 'payroll', endpoint: `http://${id}`, timeoutMs: 100, concurrency: 1, ordering: 'subject',
  retry: { attempts: 3, backoffMs: 10, maxBackoffMs: 100 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 }, ...over,
});
const running = (...t: TargetConfig[]) => new Map(t.map((x) => [x.id, { target: x }]));

describe('diffTargetSet', () => {
  it('starts a worker for an added target, closes the one of a removed target, and leaves an unchanged one running', () => {
    const change = diffTargetSet(running(target('payroll-fen'), target('dms-fen')), boundTargets({ config: { targets: [target('payroll-fen'), target('cloud-erp-fen')] } as never, credentials: new Map() }));
    expect(change.add.map((b) => b.target.id)).toEqual(['cloud-erp-fen']);
    expect(change.remove).toEqual(['dms-fen']);
    expect(change.change).toEqual([]);
  });

  it('restarts a target whose settings or credential changed, not one whose settings are only in another key order', () => {
    const before = target('payroll-fen');
    const reordered = JSON.parse(JSON.stringify({ ...before, retry: { maxBackoffMs: 100, backoffMs: 10, attempts: 3 } })) as TargetConfig;
    expect(diffTargetSet(running(before), [{ target: reordered }]).change).toEqual([]);
    expect(diffTargetSet(running(before), [{ target: target('payroll-fen', { concurrency: 4 }) }]).change.map((b) => b.target.concurrency)).toEqual([4]);
    expect(diffTargetSet(running(before), [{ target: before, credential: 'new-token' }]).change.map((b) => b.credential)).toEqual(['new-token']);
  });
});
