import type { EventAttributes } from '@hub/events';
import type { TraceStep } from './trace.store';
import { summariseTrace } from './trace-summary';

const event: EventAttributes = { specversion: '1.0', id: 'e-1', source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: 'FEN-1', tenant: 'fen' };
let clock = 0;
const at = () => new Date(Date.UTC(2026, 0, 1, 9, 0, clock++)).toISOString();
const step = (s: Omit<TraceStep, 'at'>): TraceStep => ({ ...s, at: at() });
const summary = (...steps: TraceStep[]) => summariseTrace({ event, steps });
const start = () => [step({ step: 'accepted' }), step({ step: 'routed' })];

describe('summariseTrace', () => {
  it('is only accepted before routing', () => {
    const accepted = step({ step: 'accepted' });
    expect(summary(accepted)).toMatchObject({ status: 'accepted', acceptedAt: accepted.at, targets: [] });
  });

  it('reports a delivered event with its times', () => {
    const steps = [...start(), step({ step: 'queued', target: 'payroll-fen' }), step({ step: 'delivered', target: 'payroll-fen', attempt: 1 })];
    const s = summary(...steps);
    expect(s.status).toBe('delivered');
    expect(s.acceptedAt).toBe(steps[0].at);
    expect(s.routedAt).toBe(steps[1].at);
    expect(s.targets).toEqual([{ target: 'payroll-fen', state: 'delivered', queuedAt: steps[2].at, attempts: 1, deliveredAt: steps[3].at }]);
    expect(s.steps).toEqual(steps);
  });

  it('is in progress while a target retries, then delivered with the attempts it took', () => {
    const retrying = [
      ...start(),
      step({ step: 'queued', target: 'payroll-fen' }),
      step({ step: 'attempt-failed', target: 'payroll-fen', attempt: 1, detail: 'target-unavailable: 503' }),
      step({ step: 'attempt-failed', target: 'payroll-fen', attempt: 2, detail: 'target-timeout: slow' }),
    ];
    expect(summary(...retrying)).toMatchObject({ status: 'in-progress', targets: [{ state: 'retrying', attempts: 2, lastError: 'target-timeout: slow' }] });

    const delivered = summary(...retrying, step({ step: 'delivered', target: 'payroll-fen', attempt: 3 }));
    expect(delivered).toMatchObject({ status: 'delivered', targets: [{ state: 'delivered', attempts: 3 }] });
  });

  it('reports a dead letter with its reason and time', () => {
    const dead = step({ step: 'dead-lettered', target: 'payroll-fen', attempt: 1, detail: 'target-rejected: 422' });
    const s = summary(...start(), step({ step: 'queued', target: 'payroll-fen' }), dead);
    expect(s.status).toBe('dead-lettered');
    expect(s.targets[0]).toMatchObject({ state: 'dead-lettered', attempts: 1, deadLetteredAt: dead.at, lastError: 'target-rejected: 422' });
  });

  it('reports an event no route took', () => {
    expect(summary(step({ step: 'accepted' }), step({ step: 'unrouted' })).status).toBe('unrouted');
  });

  it('shows a replay under way until the target acknowledges it', () => {
    const dead = [...start(), step({ step: 'queued', target: 'payroll-fen' }), step({ step: 'dead-lettered', target: 'payroll-fen', attempt: 5 })];
    const replaying = [...dead, step({ step: 'replay-requested', target: 'payroll-fen' })];
    expect(summary(...replaying)).toMatchObject({ status: 'in-progress', targets: [{ state: 'replaying' }] });
    expect(summary(...replaying, step({ step: 'delivered', target: 'payroll-fen', attempt: 1 }))).toMatchObject({ status: 'delivered', targets: [{ state: 'delivered' }] });
  });

  it('is dead-lettered when one of several targets is, whatever the others did', () => {
    const s = summary(
      ...start(),
      step({ step: 'queued', target: 'payroll-fen' }),
      step({ step: 'queued', target: 'finance-fen' }),
      step({ step: 'delivered', target: 'payroll-fen', attempt: 1 }),
      step({ step: 'dead-lettered', target: 'finance-fen', attempt: 6 }),
    );
    expect(s.status).toBe('dead-lettered');
    expect(s.targets.map((t) => [t.target, t.state])).toEqual([
      ['payroll-fen', 'delivered'],
      ['finance-fen', 'dead-lettered'],
    ]);
  });

  it('is in progress while one of several targets is still queued', () => {
    const s = summary(...start(), step({ step: 'queued', target: 'payroll-fen' }), step({ step: 'queued', target: 'finance-fen' }), step({ step: 'delivered', target: 'payroll-fen', attempt: 1 }));
    expect(s.status).toBe('in-progress');
  });

  it('counts a discarded dead letter as settled', () => {
    const s = summary(...start(), step({ step: 'queued', target: 'payroll-fen' }), step({ step: 'dead-lettered', target: 'payroll-fen', attempt: 1 }), step({ step: 'discarded', target: 'payroll-fen' }));
    expect(s).toMatchObject({ status: 'delivered', targets: [{ state: 'discarded' }] });
  });
});
