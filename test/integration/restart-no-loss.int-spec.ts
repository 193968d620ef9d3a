// Stopping the router or the worker while events are in flight loses nothing: once accepted,
// every event is delivered, exactly once, after the role starts again.
import { CanonicalEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { FORCES, TestLandscape } from '@test/support';

describe('router and worker restarts', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start();
  });
  afterAll(async () => {
    await l?.close();
  });

  const delivered = (events: CanonicalEvent[]) => events.filter((e) => l.payroll[e.tenant as 'fen'].employees.has(e.subject)).length;
  const postAll = async (events: CanonicalEvent[]) => {
    for (let i = 0; i < events.length; i += 10) {
      const res = await l.post(events.slice(i, i + 10), { 'content-type': 'application/cloudevents-batch+json' });
      expect(res.status).toBe(202);
    }
  };
  const someJoiners = (n: number) => Array.from({ length: n }, (_, i) => joiner(FORCES[i % 3]));

  function expectExactlyOnce(events: CanonicalEvent[]) {
    for (const f of FORCES) {
      const refs = l.payroll[f].calls.filter((c) => c.status === 201).map((c) => (c.request.body as { employeeRef: string }).employeeRef);
      expect(new Set(refs).size).toBe(refs.length);
      expect(l.payroll[f].repeats).toBe(0);
    }
    expect(delivered(events)).toBe(events.length);
  }

  it('delivers everything accepted while the router was stopped mid-stream', async () => {
    for (const s of Object.values(l.payroll)) s.setFaults({ delayMs: 20 });
    const first = someJoiners(30);
    await postAll(first);
    await waitFor('some deliveries before the stop', () => delivered(first) > 0);
    await l.hub.stop('router');
    const second = someJoiners(30);
    await postAll(second);
    await l.hub.start('router');
    await waitFor('every event delivered', () => delivered([...first, ...second]) === 60, 60_000);
    expectExactlyOnce([...first, ...second]);
  });

  it('delivers everything queued or active while the worker was stopped mid-stream', async () => {
    for (const s of Object.values(l.payroll)) s.setFaults({ delayMs: 50 });
    const events = someJoiners(45);
    await postAll(events);
    await waitFor('some deliveries before the stop', () => delivered(events) > 0);
    await l.hub.stop('worker');
    const atStop = delivered(events);
    expect(atStop).toBeLessThan(events.length);
    const more = someJoiners(15);
    await postAll(more);
    await l.hub.start('worker');
    await waitFor('every event delivered', () => delivered([...events, ...more]) === 60, 60_000);
    expectExactlyOnce([...events, ...more]);
  });
});
