import type { Logger } from 'pino';
import type { HubSettings } from '@hub/config';
import type { DeliveryRequest, QueuedJobView } from '@hub/delivery';
import type { CanonicalEvent } from '@hub/events';
import type { AttemptRow, DeliveryKey, Lane, OpenDeliveryRecord, ReleasedDelivery } from '@hub/ledger';
import { STALLED_LIMIT_REASON } from '../delivery.processor';
import { DeliverySweeper, SWEEP_PAGE } from './delivery-sweeper';

const event = (n: number): CanonicalEvent => ({ specversion: '1.0', id: `e-${n}`, source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: `FEN-${n}`, tenant: 'fen', data: {} });
const open = (n: number, o: Partial<OpenDeliveryRecord> = {}): OpenDeliveryRecord => ({
  eventKey: `k${n}`,
  target: 'payroll-fen',
  tenant: 'fen',
  state: 'queued',
  attempts: 0,
  updatedAt: new Date(0).toISOString(),
  event: event(n),
  ...o,
});

/** A ledger and Redis as the sweeper sees them: open deliveries, and what Redis holds of each job. */
function setup(deliveries: OpenDeliveryRecord[], redis: Record<string, QueuedJobView>, o: { locked?: boolean; stuck?: Lane[]; releases?: ReleasedDelivery[] } = {}) {
  const enqueued: DeliveryRequest[] = [];
  const recorded: AttemptRow[] = [];
  const reverted: DeliveryKey[] = [];
  const ledger = {
    exclusively: jest.fn(async (_: string, work: (held: AbortSignal) => Promise<void>) => (o.locked ? false : (await work(new AbortController().signal), true))),
    openDeliveries: jest.fn(async (_before: Date, limit: number, after?: OpenDeliveryRecord) => {
      const from = after ? deliveries.indexOf(after) + 1 : 0;
      return deliveries.slice(from, from + limit);
    }),
    recordAttempts: jest.fn(async (rows: readonly AttemptRow[]) => (recorded.push(...rows), [] as ReleasedDelivery[])),
    revertReplaying: jest.fn(async (keys: readonly DeliveryKey[]) => (reverted.push(...keys), [...keys])),
    stuckLanes: jest.fn(async (): Promise<Lane[]> => o.stuck ?? []),
    releaseLanes: jest.fn(async (): Promise<ReleasedDelivery[]> => o.releases ?? []),
  };
  const queues = {
    has: (t: string) => t === 'payroll-fen',
    inspect: jest.fn(async (keys: readonly { eventKey: string }[]) => keys.map((k) => redis[k.eventKey] ?? { present: true })),
    enqueue: jest.fn(async (r: DeliveryRequest[]) => void enqueued.push(...r)),
  };
  const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
  const logger = { ...quiet, child: () => quiet } as unknown as Logger;
  const settings = { recovery: { sweepIntervalMs: 0, sweepGraceMs: 60_000 } } as HubSettings;
  const sut = new DeliverySweeper(settings, logger, queues as any, ledger as any);
  return { sut, mocks: { ledger, queues, enqueued, recorded, reverted } };
}

describe('DeliverySweeper.sweep', () => {
  it('releases and enqueues the held deliveries of lanes nothing holds any more (a process died between finishing one and releasing the next)', async () => {
    const lane = { target: 'payroll-fen', subject: 'FEN-7' };
    const released: ReleasedDelivery = { eventKey: 'k7', target: 'payroll-fen', tenant: 'fen', event: event(7) };
    const { sut, mocks } = setup([], {}, { stuck: [lane], releases: [released] });
    expect(await sut.sweep(Date.parse('2030-01-01T00:01:00Z'))).toMatchObject({ lanesReleased: 1 });
    expect(mocks.ledger.stuckLanes).toHaveBeenCalledWith(new Date('2030-01-01T00:00:00Z'));
    expect(mocks.ledger.releaseLanes).toHaveBeenCalledWith([lane]);
    expect(mocks.enqueued).toEqual([{ target: 'payroll-fen', data: { target: 'payroll-fen', eventKey: 'k7', event: event(7) } }]);
  });

  it("enqueues again, from the ledger's copy of the event and under the same job, the open deliveries Redis lost", async () => {
    const { sut, mocks } = setup([open(1), open(2, { state: 'retrying', attempts: 3 }), open(3)], { k1: { present: false }, k2: { present: false } });
    const result = await sut.sweep(Date.parse('2030-01-01T00:01:00Z'));

    expect(result).toEqual({ checked: 3, requeued: 2, deadLettered: 0, replaysReverted: 0, unrecoverable: 0, lanesReleased: 0 });
    expect(mocks.enqueued).toEqual([
      { target: 'payroll-fen', data: { target: 'payroll-fen', eventKey: 'k1', event: event(1) } },
      { target: 'payroll-fen', data: { target: 'payroll-fen', eventKey: 'k2', event: event(2) } },
    ]);
    // Only deliveries that have not moved for the grace period: an enqueue may be under way for newer ones.
    expect(mocks.ledger.openDeliveries.mock.calls[0][0]).toEqual(new Date('2030-01-01T00:00:00Z'));
  });

  it("records as dead letters the jobs BullMQ failed without the ledger knowing, 'stalled' when it gave up on stalls", async () => {
    const { sut, mocks } = setup([open(1, { attempts: 2, state: 'retrying' }), open(2)], {
      k1: { present: true, failed: { reason: STALLED_LIMIT_REASON, attemptsMade: 1 } },
      k2: { present: true, failed: { reason: 'target "payroll-fen" is not configured in this worker', attemptsMade: 1 } },
    });
    const result = await sut.sweep();

    expect(result).toMatchObject({ checked: 2, deadLettered: 2, requeued: 0 });
    expect(mocks.recorded).toEqual([
      // The attempt never goes below the ledger's: the ledger would not let the row move it back.
      { eventKey: 'k1', target: 'payroll-fen', tenant: 'fen', attempt: 2, outcome: 'dead-lettered', error: { code: 'stalled', message: expect.stringContaining(STALLED_LIMIT_REASON) }, at: expect.any(Date) },
      { eventKey: 'k2', target: 'payroll-fen', tenant: 'fen', attempt: 1, outcome: 'dead-lettered', error: { code: 'queue-failed', message: expect.stringContaining('not configured') }, at: expect.any(Date) },
    ]);
  });

  it('makes a replay whose requeue Redis lost a dead letter again, for ops to replay, rather than a new one', async () => {
    const { sut, mocks } = setup([open(1, { state: 'replaying', attempts: 3 })], { k1: { present: true, failed: { reason: 'target-unreachable: …', attemptsMade: 3 } } });
    expect(await sut.sweep()).toMatchObject({ replaysReverted: 1, deadLettered: 0 });
    expect(mocks.reverted).toEqual([{ eventKey: 'k1', target: 'payroll-fen' }]);
    expect(mocks.recorded).toEqual([]);
  });

  it('leaves alone what Redis holds, deliveries of targets no longer configured, and says which it cannot rebuild', async () => {
    const { sut, mocks } = setup([open(1), open(2, { target: 'payroll-gone' }), open(3, { event: undefined })], { k3: { present: false } });
    expect(await sut.sweep()).toEqual({ checked: 2, requeued: 0, deadLettered: 0, replaysReverted: 0, unrecoverable: 1, lanesReleased: 0 });
    expect(mocks.enqueued).toEqual([]);
    expect(mocks.recorded).toEqual([]);
  });

  it('walks every page of open deliveries', async () => {
    const many = Array.from({ length: SWEEP_PAGE * 2 + 3 }, (_, i) => open(i));
    const lost = Object.fromEntries(many.map((d) => [d.eventKey, { present: false } as const]));
    const { sut, mocks } = setup(many, lost);
    expect(await sut.sweep()).toMatchObject({ checked: many.length, requeued: many.length });
    expect(mocks.ledger.openDeliveries).toHaveBeenCalledTimes(3);
  });

  it('does nothing while another process sweeps (the advisory lock is taken)', async () => {
    const { sut, mocks } = setup([open(1)], { k1: { present: false } }, { locked: true });
    expect(await sut.sweep()).toBeUndefined();
    expect(mocks.ledger.openDeliveries).not.toHaveBeenCalled();
    expect(mocks.enqueued).toEqual([]);
  });
});
