import { createRedis } from './redis';

describe('createRedis', () => {
  it('speaks RESP2 with the options BullMQ workers need, and lets a caller add its own', () => {
    const redis = createRedis('redis://127.0.0.1:1', 'spec', { lazyConnect: true });
    try {
      expect(redis.options).toMatchObject({ protocol: 2, maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'spec', lazyConnect: true });
      // BullMQ's blocking connection is a duplicate: it must keep the protocol.
      const blocking = redis.duplicate();
      expect(blocking.options.protocol).toBe(2);
      blocking.disconnect();
    } finally {
      redis.disconnect();
    }
  });
});
