import { keepTrying } from './keep-trying';

describe('keepTrying', () => {
  const logger = () => ({ warn: jest.fn() });

  it('tries again after each failure, waiting longer each time up to the cap, and answers the first success', async () => {
    const log = logger();
    const waits: number[] = [];
    const attempt = jest.fn().mockRejectedValueOnce(new Error('ECONNREFUSED')).mockRejectedValueOnce(new Error('ECONNREFUSED')).mockRejectedValueOnce(new Error('ECONNREFUSED')).mockResolvedValue('up');
    const result = await keepTrying('ledger migrations', attempt, log, { initialMs: 100, maxMs: 250, sleep: async (ms) => void waits.push(ms) });

    expect(result).toBe('up');
    expect(attempt).toHaveBeenCalledTimes(4);
    // Between half and all of 100, 200, then the 250 cap.
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
    expect(waits[2]).toBeGreaterThanOrEqual(125);
    expect(waits[2]).toBeLessThanOrEqual(250);
    expect(log.warn).toHaveBeenCalledTimes(3);
    expect(log.warn.mock.calls[0][1]).toMatch(/^ledger migrations failed; trying again in \d+ ms$/);
  });

  it('gives up with the last error once told to stop', async () => {
    const stop = new AbortController();
    const attempt = jest.fn(async () => {
      stop.abort();
      throw new Error('still down');
    });
    await expect(keepTrying('redis', attempt, logger(), { signal: stop.signal, sleep: async () => undefined })).rejects.toThrow('still down');
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
