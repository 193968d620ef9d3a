import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rejection } from '@hub/testing';
import { DeliveryErrorCode } from '../errors/delivery-error-code';
import { PermanentDeliveryError } from '../errors/permanent-delivery.error';
import { TransientDeliveryError } from '../errors/transient-delivery.error';
import { DropDirectorySimulator } from './drop-directory-simulator';
import { exchangeFile, FileVerdict } from './file-exchange';

/** Takes files whose first line is OK, refuses others; the key is the file name's stem. */
class EchoSimulator extends DropDirectorySimulator {
  taken: string[] = [];
  constructor() {
    super('echo');
  }
  protected take(name: string, content: string): FileVerdict {
    if (!content.startsWith('OK')) return { outcome: 'rej', reason: 'first line is not OK' };
    this.taken.push(name);
    return { outcome: 'ack', reference: `REF-${this.taken.length}` };
  }
  protected keyOf(name: string): string {
    return name.replace(/\.txt$/, '');
  }
  protected clear(): void {
    this.taken = [];
  }
  snapshot(): unknown {
    return this.taken;
  }
}

describe('exchangeFile with a drop-directory system', () => {
  let sim: EchoSimulator;
  beforeEach(async () => {
    sim = await new EchoSimulator().start();
  });
  afterEach(() => sim.destroy());

  it('drops the file, waits for the ack and returns its reference; a repeat answers from the ack', async () => {
    expect(await exchangeFile(sim.url, 'k1.txt', 'OK\n', { timeoutMs: 2000 })).toEqual({ reference: 'REF-1' });
    expect(await exchangeFile(sim.url, 'k1.txt', 'OK\n', { timeoutMs: 2000 })).toEqual({ reference: 'REF-1' });
    expect(sim.taken).toEqual(['k1.txt']);
    expect(sim.calls.map((c) => c.request.headers['idempotency-key'])).toEqual(['k1']);
    expect(readdirSync(join(sim.url, 'in'))).toEqual([]);
  });

  it('a refusal is permanent with the reason; a later attempt (a replay) drops the file again', async () => {
    const err = await rejection(exchangeFile(sim.url, 'k2.txt', 'BAD\n', { timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, message: expect.stringContaining('first line is not OK') });
    expect(await exchangeFile(sim.url, 'k2.txt', 'OK fixed\n', { timeoutMs: 2000 })).toEqual({ reference: 'REF-1' });
  });

  it('a failed import is transient, and the retry is taken', async () => {
    sim.setFaults({ failNext: 1 });
    const err = await rejection(exchangeFile(sim.url, 'k3.txt', 'OK\n', { timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnavailable });
    expect(await exchangeFile(sim.url, 'k3.txt', 'OK\n', { timeoutMs: 2000 })).toEqual({ reference: 'REF-1' });
  });

  it('no answer in time is a transient timeout; the file waits and the next attempt gets the ack', async () => {
    sim.setFaults({ delayMs: 400 });
    const err = await rejection(exchangeFile(sim.url, 'k4.txt', 'OK\n', { timeoutMs: 50 }));
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetTimeout });
    expect(await exchangeFile(sim.url, 'k4.txt', 'OK\n', { timeoutMs: 3000 })).toEqual({ reference: 'REF-1' });
    expect(sim.taken).toEqual(['k4.txt']);
  });

  it('a system that is down (no drop directory) is transient and unreachable; it takes files again after start', async () => {
    await sim.stop();
    const err = await rejection(exchangeFile(sim.url, 'k5.txt', 'OK\n', { timeoutMs: 200 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnreachable });
    await sim.start();
    expect(await exchangeFile(sim.url, 'k5.txt', 'OK\n', { timeoutMs: 2000 })).toEqual({ reference: 'REF-1' });
    expect(existsSync(join(sim.url, 'in.offline'))).toBe(false);
  });
});
