import { rejection } from '@hub/testing';
import type { Logger } from 'pino';
import { Job, UnrecoverableError } from 'bullmq';
import type { HubConfig, TargetConfig } from '@hub/config';
import { DeliveryErrorCode, PermanentDeliveryError, TargetConnector, TransientDeliveryError } from '@hub/connector-sdk';
import type { DeadLetter, DeadLetterStore, DeliveryJobData, TraceStore, TraceWrite } from '@hub/delivery';
import type { CanonicalEvent } from '@hub/events';
import { DeliveryProcessor } from './delivery.processor';

const target: TargetConfig = {
  id: 'payroll-fen',
  tenant: 'fen',
  connector: 'payroll',
  endpoint: 'http://127.0.0.1:1',
  timeoutMs: 100,
  concurrency: 1,
  retry: { attempts: 3, backoffMs: 10, maxBackoffMs: 100 },
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

function job(o: { attemptsMade?: number; attempts?: number; event?: CanonicalEvent } = {}): Job<DeliveryJobData> {
  return {
    id: 'payroll-fen.k1',
    queueName: 'delivery-payroll-fen',
    attemptsMade: o.attemptsMade ?? 0,
    opts: { attempts: o.attempts ?? 3 },
    data: { target: 'payroll-fen', eventKey: 'k1', event: o.event ?? event() },
  } as unknown as Job<DeliveryJobData>;
}

function setup(deliver: TargetConnector['deliver'] = async () => ({ status: 201, reference: 'PAY-FEN-000001' })) {
  const connector = { manifest: { name: 'payroll', description: '', direction: 'target', consumes: [], produces: [] }, deliver: jest.fn(deliver) } as unknown as TargetConnector & { deliver: jest.Mock };
  const traceWrites: TraceWrite[] = [];
  const letters = new Map<string, DeadLetter>();
  const removed: string[] = [];
  const traces = { write: jest.fn(async (w: TraceWrite[]) => void traceWrites.push(...w)) };
  const deadLetters = {
    put: jest.fn(async (l: DeadLetter) => void letters.set(l.id, l)),
    remove: jest.fn(async (id: string) => (removed.push(id), letters.delete(id))),
  };
  const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
  const logger = { ...quiet, child: () => quiet } as unknown as Logger;
  const config = { tenants: [], sources: [], opsUsers: [], routes: [], targets: [target], gateway: { webhooks: [], fileDrops: [] } } as HubConfig;
  const sut = new DeliveryProcessor(config, new Map([['payroll', connector]]), logger, traces as unknown as TraceStore, deadLetters as unknown as DeadLetterStore);
  return { sut, mocks: { connector, traces, traceWrites, letters, removed } };
}


describe('DeliveryProcessor.process', () => {
  it('delivers, traces the delivery and removes a dead letter left from an earlier try', async () => {
    const { sut, mocks } = setup();
    mocks.letters.set('payroll-fen.k1', { id: 'payroll-fen.k1', state: 'replaying' } as DeadLetter);
    const receipt = await sut.process(job({ attemptsMade: 1 }));

    expect(receipt).toEqual({ status: 201, reference: 'PAY-FEN-000001' });
    expect(mocks.connector.deliver).toHaveBeenCalledWith(event(), expect.objectContaining({ target, idempotencyKey: 'payroll-fen.k1', attempt: 2 }));
    expect(mocks.traceWrites).toEqual([{ eventKey: 'k1', step: expect.objectContaining({ step: 'delivered', target: 'payroll-fen', attempt: 2, detail: 'PAY-FEN-000001' }) }]);
    expect(mocks.removed).toEqual(['payroll-fen.k1']);
    expect(mocks.letters.size).toBe(0);
  });

  it('does not dead-letter an acknowledged delivery when recording it fails; the job fails for a retry', async () => {
    const { sut, mocks } = setup();
    mocks.traces.write.mockRejectedValueOnce(new Error('READONLY You can\'t write against a read only replica'));
    const err = await rejection(sut.process(job()));

    expect(err.message).toContain('READONLY');
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(mocks.letters.size).toBe(0);
    expect(mocks.connector.deliver).toHaveBeenCalledTimes(1);
  });

  it('rethrows a transient failure on a non-final attempt so BullMQ retries it', async () => {
    const transient = new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, 'answered 503', 503);
    const { sut, mocks } = setup(async () => {
      throw transient;
    });
    const err = await rejection(sut.process(job({ attemptsMade: 0, attempts: 3 })));

    expect(err).toBe(transient);
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(mocks.traceWrites).toEqual([{ eventKey: 'k1', step: expect.objectContaining({ step: 'attempt-failed', attempt: 1, detail: 'target-unavailable: answered 503' }) }]);
    expect(mocks.letters.size).toBe(0);
  });

  it('dead-letters a transient failure on the final attempt and stops the job', async () => {
    const { sut, mocks } = setup(async () => {
      throw new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, 'answered 503', 503);
    });
    const err = await rejection(sut.process(job({ attemptsMade: 2, attempts: 3 })));

    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.letters.get('payroll-fen.k1')).toMatchObject({
      target: 'payroll-fen',
      tenant: 'fen',
      eventKey: 'k1',
      reason: 'target-unavailable',
      status: 503,
      attempts: 3,
      state: 'open',
      event: event(),
    });
    expect(mocks.traceWrites.map((w) => w.step)).toEqual([expect.objectContaining({ step: 'dead-lettered', attempt: 3 })]);
  });

  it('dead-letters a permanent failure at the first attempt', async () => {
    const { sut, mocks } = setup(async () => {
      throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, 'answered 422', 422);
    });
    const err = await rejection(sut.process(job({ attemptsMade: 0, attempts: 5 })));

    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.letters.get('payroll-fen.k1')).toMatchObject({ reason: 'target-rejected', status: 422, attempts: 1 });
  });

  it('treats an exception the connector did not classify as a permanent mapping failure', async () => {
    const { sut, mocks } = setup(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'currency')");
    });
    const err = await rejection(sut.process(job({ attemptsMade: 0, attempts: 5 })));

    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.letters.get('payroll-fen.k1')).toMatchObject({ reason: 'mapping-failed', attempts: 1, message: expect.stringContaining('currency') });
  });

  it("never hands an event to another tenant's target", async () => {
    const { sut, mocks } = setup();
    const err = await rejection(sut.process(job({ event: event('moor') })));

    expect(mocks.connector.deliver).not.toHaveBeenCalled();
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(mocks.letters.get('payroll-fen.k1')).toMatchObject({ tenant: 'moor', reason: 'target-rejected' });
  });

  it('fails a job for a target this worker does not know, without delivering', async () => {
    const { sut, mocks } = setup();
    const j = job();
    j.data.target = 'payroll-gone';
    await expect(sut.process(j)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(mocks.connector.deliver).not.toHaveBeenCalled();
  });
});
