import { ConsumerProgress } from './consumer-progress';

describe('ConsumerProgress', () => {
  let now = 0;
  const progress = () => {
    now = 1_000_000;
    const p = new ConsumerProgress(30_000, () => now);
    p.assigned([{ topic: 'hr.employee.joined.v1', partitions: [0, 1] }]);
    return p;
  };
  const stalled = (p: ConsumerProgress) => p.state().filter((s) => s.stalled).map((s) => `${s.topic}/${s.partition}`);

  it('is up while batches succeed, and while idle: nothing is waiting', () => {
    const p = progress();
    p.started('hr.employee.joined.v1', 0);
    p.succeeded('hr.employee.joined.v1', 0);
    now += 10 * 60_000;
    expect(p.report()).toEqual({ up: true, details: { partitions: 2, stallMs: 30_000 } });
  });

  it('is stalled once one partition has kept failing for the threshold, and up again after one success', () => {
    const p = progress();
    p.started('hr.employee.joined.v1', 1);
    p.failed('hr.employee.joined.v1', 1, new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    now += 29_999;
    p.started('hr.employee.joined.v1', 1);
    p.failed('hr.employee.joined.v1', 1, new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    expect(p.report().up).toBe(true);
    now += 1;
    const down = p.report();
    expect(down).toMatchObject({ up: false, message: 'no progress for more than 30 s on hr.employee.joined.v1/1' });
    expect(down.details!.stalled).toEqual([
      { topic: 'hr.employee.joined.v1', partition: 1, failuresInRow: 2, failingSince: new Date(1_000_000).toISOString(), lastError: 'connect ECONNREFUSED 127.0.0.1:5432', busySince: undefined, lastSuccessAt: undefined },
    ]);
    p.started('hr.employee.joined.v1', 1);
    p.succeeded('hr.employee.joined.v1', 1);
    expect(p.report().up).toBe(true);
  });

  it('is stalled by one batch that has been running for the threshold (a store that never answers)', () => {
    const p = progress();
    p.started('hr.employee.joined.v1', 0);
    now += 30_000;
    expect(stalled(p)).toEqual(['hr.employee.joined.v1/0']);
  });

  it('keeps a failing partition failing across a rejoin, and forgets one the group gave to another member', () => {
    const p = progress();
    p.failed('hr.employee.joined.v1', 0, new Error('timeout'));
    p.failed('hr.employee.joined.v1', 1, new Error('timeout'));
    now += 31_000;
    p.assigned([{ topic: 'hr.employee.joined.v1', partitions: [0] }, { topic: 'hr.employee.left.v1', partitions: [2] }]);
    expect(stalled(p)).toEqual(['hr.employee.joined.v1/0']);
    expect(p.state().map((s) => `${s.topic}/${s.partition}`)).toEqual(['hr.employee.joined.v1/0', 'hr.employee.left.v1/2']);
  });
});
