import { HttpSimulator, SimAnswer } from './http-simulator';

class EchoSimulator extends HttpSimulator {
  constructor() {
    super('echo');
  }
  protected handle(): SimAnswer {
    return { status: 201, body: { ok: true } };
  }
  protected clear(): void {}
  protected snapshot(): unknown {
    return {};
  }
}

describe('HttpSimulator faults', () => {
  let sim: EchoSimulator;
  beforeEach(async () => {
    sim = await new EchoSimulator().start();
  });
  afterEach(() => sim.stop());
  const call = () => fetch(`${sim.url}/x`, { method: 'POST', body: '{}' });

  it('sends Retry-After with the failures it is told to give', async () => {
    sim.setFaults({ failNext: 1, failStatus: 429, retryAfter: '2' });
    const failed = await call();
    expect(failed.status).toBe(429);
    expect(failed.headers.get('retry-after')).toBe('2');
    const next = await call();
    expect(next.status).toBe(201);
    expect(next.headers.get('retry-after')).toBeNull();
  });

  it('is down for a while: every call fails until the time is up, or until told otherwise', async () => {
    sim.setFaults({ failForMs: 60_000, failStatus: 503 });
    expect([(await call()).status, (await call()).status, (await call()).status]).toEqual([503, 503, 503]);
    sim.setFaults({ failForMs: 0 });
    expect((await call()).status).toBe(201);
    expect(sim.calls.map((c) => c.status)).toEqual([503, 503, 503, 201]);
  });

  it('counts the most business calls it answered at once', async () => {
    sim.setFaults({ delayMs: 100 });
    await Promise.all([call(), call(), call()]);
    expect(sim.peakInFlight).toBe(3);
    expect(sim.inFlight).toBe(0);
    sim.reset();
    expect(sim.peakInFlight).toBe(0);
  });
});
