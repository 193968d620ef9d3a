import { rejection } from '@hub/testing';
import type { Logger } from 'pino';
import { DelayedError, Job, RateLimitError, UnrecoverableError } from 'bullmq';
import { type HubConfig, staticLandscape, type TargetConfig } from '@hub/config';
import { DeliveryErrorCode, PermanentDeliveryError, TargetConnector, TransientDeliveryError } from '@hub/connector-sdk';
import type { DeliveryJobData } from '@hub/delivery';
import type { AttemptRow, Lane, ReleasedDelivery, WrittenFileRow } from '@hub/ledger';
import type { CanonicalEvent } from '@hub/events';
import { DeliveryProcessor, LEDGER_RETRY_MS, STALLED_LIMIT_REASON } from './delivery.processor';
import type { DeliveryGate } from './target-breaker';

const target: TargetConfig = {
  id: 'payroll-fen',
  tenant: 'fen',
  connector: 'payroll',
  endpoint: 'http://127.0.0.1:1',
  timeoutMs: 100,
  concurrency: 1,
  ordering: 'subject',
  retry: { attempts: 3, backoffMs: 10, maxBackoffMs: 100 },
  breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 },
};

const event = (tenant = 'fen'): CanonicalEvent => ({
  specversion: '1.0',
  id: 'e-1',
  source: 'urn:erp-hub:source:hr',
  type: 'hr.employee.joined.v1',
  subject: 'FEN-1',
  tenant,
  data: { employeeId: 'FEN-1' },
});

function job(o: { attemptsMade?: number; attempts?: number; event?: CanonicalEvent; stalledCounter?: number } = {}) {
  const j = {
    id: 'payroll-fen.k1',
    queueName: 'delivery-payroll-fen',
    attemptsMade: o.attemptsMade ?? 0,
    // As BullMQ counts: this run is one more start than the failures so far, plus one per stall.
    attemptsStarted: (o.attemptsMade ?? 0) + 1 + (o.stalledCounter ?? 0),
    stalledCounter: o.stalledCounter ?? 0,
    opts: { attempts: o.attempts ?? 3 },
    data: { target: 'payroll-fen', eventKey: 'k1', event: o.event ?? event() },
    moveToDelayed: jest.fn(async () => undefined),
    // As BullMQ's: the new data is what the next run sees.
    updateData: jest.fn(async (data: DeliveryJobData) => void (j.data = data)),
  };
  return j as unknown as Job<DeliveryJobData> & { moveToDelayed: jest.Mock; updateData: jest.Mock };
}

function setup(deliver: TargetConnector['deliver'] = async () => ({ status: 201, reference: 'PAY-FEN-000001' })) {
  const connector = { manifest: { name: 'payroll', description: '', direction: 'target', consumes: [], produces: [] }, deliver: jest.fn(deliver) } as unknown as TargetConnector & { deliver: jest.Mock };
  const rows: AttemptRow[] = [];
  const files: WrittenFileRow[] = [];
  const ledger = {
    recordAttemptRows: jest.fn(async (r: readonly AttemptRow[]) => (rows.push(...r), [] as Lane[])),
    releaseLanes: jest.fn(async () => [] as ReleasedDelivery[]),
    deliveredAlready: jest.fn(async (): Promise<{ reference?: string } | undefined> => undefined),
    recordWrittenFiles: jest.fn(async (f: readonly WrittenFileRow[]) => void files.push(...f)),
  };
  const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
  const logger = { ...quiet, child: () => quiet } as unknown as Logger;
  const config = { tenants: [], sources: [], opsUsers: [], routes: [], targets: [target], gateway: { webhooks: [], fileDrops: [] }, migrations: [] } as HubConfig;
  const sut = new DeliveryProcessor(staticLandscape(config), new Map([['payroll', connector]]), logger, ledger);
  return { sut, mocks: { connector, ledger, rows, files } };
}

const base = { eventKey: 'k1', target: 'payroll-fen', tenant: 'fen' };

describe('DeliveryProcessor.process', () => {
  it('delivers and records the delivery, with the target\'s reference, in the ledger', async () => {
    const { sut, mocks } = setup();
    const receipt = await sut.process(job({ attemptsMade: 1 }), 'tok');

    expect(receipt).toEqual({ status: 201, reference: 'PAY-FEN-000001' });
    expect(mocks.connector.deliver).toHaveBeenCalledWith(event(), expect.objectContaining({ target, idempotencyKey: 'payroll-fen.k1', attempt: 2 }));
    expect(mocks.rows).toEqual([{ ...base, attempt: 2, outcome: 'delivered', reference: 'PAY-FEN-000001', at: expect.any(Date) }]);
  });

  it('gives the connector the event\'s extension attributes in its context, and {} when it has none', async () => {
    const extensions = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', comexampleext: 'v' };
    const { sut, mocks } = setup();
    await sut.process(job({ event: { ...event(), extensions } }), 'tok');
    await sut.process(job(), 'tok');
    expect(mocks.connector.deliver.mock.calls.map(([, ctx]) => ctx.extensions)).toEqual([extensions, {}]);
  });

  it('parks an acknowledged delivery while the ledger is down, with a doubling wait, and records it later without sending it again', async () => {
    const { sut, mocks } = setup();
    mocks.ledger.recordAttemptRows.mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432')).mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const j = job();
    const before = Date.now();
    expect(await rejection(sut.process(j, 'tok'))).toBeInstanceOf(DelayedError);
    expect(j.moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'tok');
    expect(j.moveToDelayed.mock.calls[0][0]).toBeGreaterThanOrEqual(before + LEDGER_RETRY_MS);
    expect(j.data).toMatchObject({ acknowledged: { status: 201, reference: 'PAY-FEN-000001' }, ledgerWaits: 1 });

    // Still down: waits twice as long; the target is not called again.
    const again = Date.now();
    expect(await rejection(sut.process(j, 'tok'))).toBeInstanceOf(DelayedError);
    expect(j.moveToDelayed.mock.calls[1][0]).toBeGreaterThanOrEqual(again + 2 * LEDGER_RETRY_MS);
    // Back: recorded as delivered, with the receipt the target gave the first time.
    expect(await sut.process(j, 'tok')).toEqual({ status: 201, reference: 'PAY-FEN-000001' });
    expect(mocks.connector.deliver).toHaveBeenCalledTimes(1);
    expect(mocks.rows).toEqual([{ ...base, attempt: 1, outcome: 'delivered', reference: 'PAY-FEN-000001', at: expect.any(Date) }]);
  });

  it("records the file a connector wrote, with its control totals, before the delivery, and keeps it on a parked job's receipt", async () => {
    const file = { name: 'GlJournal_FEN_J1.csv', kind: 'GL_JOURNAL_IMPORT', records: 3, total: 20_495_387, unit: 'minor-units' as const, currency: 'GBP' };
    const { sut, mocks } = setup(async () => ({ status: 202, reference: 'IMP-1', file }));
    mocks.ledger.recordWrittenFiles.mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const j = job();
    expect(await rejection(sut.process(j, 'tok'))).toBeInstanceOf(DelayedError);
    // Neither is recorded yet; the receipt, file included, waits on the job.
    expect(mocks.rows).toEqual([]);
    expect(j.data.acknowledged).toEqual({ status: 202, reference: 'IMP-1', file });

    expect(await sut.process(j, 'tok')).toMatchObject({ status: 202, file });
    expect(mocks.connector.deliver).toHaveBeenCalledTimes(1);
    expect(mocks.files).toEqual([{ ...base, system: 'payroll', eventKey: 'k1', fileName: file.name, kind: file.kind, records: 3, controlTotal: file.total, unit: 'minor-units', currency: 'GBP', at: expect.any(Date) }]);
    expect(mocks.rows).toEqual([{ ...base, attempt: 1, outcome: 'delivered', reference: 'IMP-1', at: expect.any(Date) }]);
    expect(mocks.ledger.recordWrittenFiles.mock.invocationCallOrder[1]).toBeLessThan(mocks.ledger.recordAttemptRows.mock.invocationCallOrder[0]);
  });

  it('parks a job about to be dead-lettered when the ledger is down, instead of failing it where ops cannot see it', async () => {
    const { sut, mocks } = setup(async () => {
      throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, 'answered 422', 422);
    });
    mocks.ledger.recordAttemptRows.mockRejectedValueOnce(new Error('the database system is shutting down'));
    const j = job();
    const err = await rejection(sut.process(j, 'tok'));

    expect(err).toBeInstanceOf(DelayedError);
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(j.moveToDelayed).toHaveBeenCalledTimes(1);
  });

  it('completes a job that runs again after stalling without sending it again, when the ledger has it delivered', async () => {
    const { sut, mocks } = setup();
    mocks.ledger.deliveredAlready.mockResolvedValueOnce({ reference: 'PAY-FEN-000001' });
    const receipt = await sut.process(job({ stalledCounter: 1 }), 'tok');

    expect(receipt).toEqual({ status: 0, reference: 'PAY-FEN-000001' });
    expect(mocks.ledger.deliveredAlready).toHaveBeenCalledWith({ eventKey: 'k1', target: 'payroll-fen' });
    expect(mocks.connector.deliver).not.toHaveBeenCalled();
    expect(mocks.rows).toEqual([]);
  });

  it('delivers a re-run the ledger does not have as delivered (or cannot say), and never asks for a first run', async () => {
    const { sut, mocks } = setup();
    await sut.process(job({ stalledCounter: 2 }), 'tok');
    mocks.ledger.deliveredAlready.mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    await sut.process(job({ stalledCounter: 1 }), 'tok');
    expect(mocks.connector.deliver).toHaveBeenCalledTimes(2);
    expect(mocks.ledger.deliveredAlready).toHaveBeenCalledTimes(2);

    await sut.process(job({ attemptsMade: 2 }), 'tok');
    expect(mocks.ledger.deliveredAlready).toHaveBeenCalledTimes(2);
    expect(mocks.connector.deliver).toHaveBeenCalledTimes(3);
  });

  it('spends no attempt when Redis will not take the parking either: the job is left to run again once its lock lapses', async () => {
    const { sut, mocks } = setup();
    mocks.ledger.recordAttemptRows.mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const j = job();
    j.moveToDelayed.mockRejectedValueOnce(new Error('Missing lock for job payroll-fen.k1. moveToDelayed'));
    const err = await rejection(sut.process(j, 'tok'));

    // DelayedError: BullMQ neither retries (an attempt) nor fails the job; a plain error would do one or the other.
    expect(err).toBeInstanceOf(DelayedError);
    expect(mocks.connector.deliver).toHaveBeenCalledTimes(1);
  });

  it("records a job BullMQ failed for stalling too often as a dead letter with reason 'stalled', and no other failure", async () => {
    const { sut, mocks } = setup();
    const j = Object.assign(job({ attemptsMade: 1 }), { stalledCounter: 4 });
    await sut.recordQueueFailure(j, new Error(STALLED_LIMIT_REASON));
    expect(mocks.rows).toEqual([
      { ...base, attempt: 1, outcome: 'dead-lettered', error: { code: 'stalled', message: expect.stringContaining('4 times') }, at: expect.any(Date) },
    ]);
    // The processor's own failures were recorded when it threw them.
    await sut.recordQueueFailure(j, new Error('target-unavailable: answered 503'));
    expect(mocks.rows).toHaveLength(1);
  });

  it('leaves a stalled job the ledger cannot take now to the sweeper, without throwing', async () => {
    const { sut, mocks } = setup();
    mocks.ledger.recordAttemptRows.mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    await expect(sut.recordQueueFailure(job(), new Error(STALLED_LIMIT_REASON))).resolves.toBeUndefined();
  });

  it('rethrows a transient failure on a non-final attempt so BullMQ retries it, after recording it', async () => {
    const transient = new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, 'answered 503', 503);
    const { sut, mocks } = setup(async () => {
      throw transient;
    });
    const err = await rejection(sut.process(job({ attemptsMade: 0, attempts: 3 })));

    expect(err).toBe(transient);
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(mocks.rows).toEqual([{ ...base, attempt: 1, outcome: 'retrying', error: { code: 'target-unavailable', message: 'answered 503', status: 503 }, at: expect.any(Date) }]);
  });

  it('dead-letters a transient failure on the final attempt and stops the job', async () => {
    const { sut, mocks } = setup(async () => {
      throw new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, 'answered 503', 503);
    });
    const err = await rejection(sut.process(job({ attemptsMade: 2, attempts: 3 })));

    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.rows).toEqual([{ ...base, attempt: 3, outcome: 'dead-lettered', error: { code: 'target-unavailable', message: 'answered 503', status: 503 }, at: expect.any(Date) }]);
  });

  it('dead-letters a permanent failure at the first attempt, with the field the target refused', async () => {
    const { sut, mocks } = setup(async () => {
      throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, 'answered 422', 422, '/data/employment/grade');
    });
    const err = await rejection(sut.process(job({ attemptsMade: 0, attempts: 5 })));

    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.rows).toEqual([expect.objectContaining({ attempt: 1, outcome: 'dead-lettered', error: { code: 'target-rejected', message: 'answered 422', status: 422, field: '/data/employment/grade' } })]);
  });

  it('treats an exception the connector did not classify as a permanent mapping failure', async () => {
    const { sut, mocks } = setup(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'currency')");
    });
    const err = await rejection(sut.process(job({ attemptsMade: 0, attempts: 5 })));

    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.rows[0]).toMatchObject({ outcome: 'dead-lettered', attempt: 1, error: { code: 'mapping-failed', message: expect.stringContaining('currency') } });
  });

  it("never hands an event to another tenant's target", async () => {
    const { sut, mocks } = setup();
    const err = await rejection(sut.process(job({ event: event('moor') })));

    expect(mocks.connector.deliver).not.toHaveBeenCalled();
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.rows[0]).toMatchObject({ tenant: 'moor', outcome: 'dead-lettered', error: { code: 'target-rejected' } });
  });

  it('fails a job for a target this worker does not know, without delivering', async () => {
    const { sut, mocks } = setup();
    const j = job();
    j.data.target = 'payroll-gone';
    await expect(sut.process(j)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(mocks.connector.deliver).not.toHaveBeenCalled();
  });
});

describe('DeliveryProcessor.process with a circuit breaker', () => {
  function withGate(deliver: TargetConnector['deliver'], gate: Partial<DeliveryGate>) {
    const { mocks } = setup(deliver);
    const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
    const logger = { ...quiet, child: () => quiet } as unknown as Logger;
    const config = { tenants: [], sources: [], opsUsers: [], routes: [], targets: [target], gateway: { webhooks: [], fileDrops: [] }, migrations: [] } as HubConfig;
    const full: DeliveryGate & { report: jest.Mock; hold: jest.Mock } = {
      admit: async (t: TargetConfig, j: Job<DeliveryJobData>) => ({ target: t, jobId: j.id!, probe: false }),
      report: jest.fn(async () => undefined),
      hold: jest.fn(async () => {
        throw new RateLimitError();
      }),
      ...gate,
    } as never;
    const sut = new DeliveryProcessor(staticLandscape(config), new Map([['payroll', mocks.connector]]), logger, mocks.ledger, full);
    return { sut, gate: full, mocks };
  }
  const unreachable = async () => {
    throw new TransientDeliveryError(DeliveryErrorCode.TargetUnreachable, 'cannot reach: ECONNREFUSED');
  };

  it('does not call the target when the breaker holds the job, and records nothing: no attempt was made', async () => {
    const { sut, mocks } = withGate(async () => ({ status: 201 }), {
      admit: async () => {
        throw new RateLimitError();
      },
    });
    expect(await rejection(sut.process(job()))).toBeInstanceOf(RateLimitError);
    expect(mocks.connector.deliver).not.toHaveBeenCalled();
    expect(mocks.rows).toEqual([]);
  });

  it('records a held failure as retrying, even on the last attempt, and holds the job instead of dead-lettering it', async () => {
    const hold = { ms: 5_000, reason: 'breaker-open' as const, rotate: false };
    const { sut, gate, mocks } = withGate(unreachable, { report: jest.fn(async () => hold) });
    const j = job({ attemptsMade: 2, attempts: 3 });
    expect(await rejection(sut.process(j, 'tok'))).toBeInstanceOf(RateLimitError);
    expect(gate.hold).toHaveBeenCalledWith(j, 'tok', hold);
    expect(mocks.rows).toEqual([expect.objectContaining({ attempt: 3, outcome: 'retrying', error: expect.objectContaining({ code: 'target-unreachable' }) })]);
  });

  it('reports every outcome to the breaker: the receipt, and the failure it classified', async () => {
    const ok = withGate(async () => ({ status: 201, reference: 'PAY-1' }), {});
    await ok.sut.process(job());
    expect(ok.gate.report).toHaveBeenCalledWith(expect.objectContaining({ jobId: 'payroll-fen.k1' }), { status: 201, reference: 'PAY-1' });

    const rejected = withGate(async () => {
      throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, 'answered 422', 422);
    }, {});
    expect(await rejection(rejected.sut.process(job()))).toBeInstanceOf(UnrecoverableError);
    expect(rejected.gate.report.mock.calls[0][1]).toBeInstanceOf(PermanentDeliveryError);
    expect(rejected.gate.hold).not.toHaveBeenCalled();
  });

  it('leaves the breaker out when only recording an acknowledged delivery', async () => {
    const { sut, gate } = withGate(async () => ({ status: 201 }), {
      admit: jest.fn(async () => {
        throw new Error('must not be asked');
      }),
    });
    const j = job();
    (j.data as DeliveryJobData).acknowledged = { status: 201 };
    await sut.process(j);
    expect(gate.report).not.toHaveBeenCalled();
  });
});
