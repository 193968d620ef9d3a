import { Cluster } from 'ioredis';
import { connectRedis, createRedis } from './redis';

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

describe('connectRedis', () => {
  it('connects to REDIS_URL when no cluster nodes are named', () => {
    const redis = connectRedis({ redisUrl: 'redis://127.0.0.1:1', redisClusterNodes: [] }, 'spec', { lazyConnect: true });
    try {
      expect(redis.isCluster).toBe(false);
      expect(redis.options).toMatchObject({ port: 1, protocol: 2 });
    } finally {
      redis.disconnect();
    }
  });

  it('makes a Cluster of REDIS_CLUSTER_NODES, each node with the single node\'s options and REDIS_URL\'s credentials and TLS', () => {
    const redis = connectRedis(
      { redisUrl: 'rediss://hub%40ops:s%3Acret@ignored:6379/3', redisClusterNodes: [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 2 }] },
      'spec',
      { lazyConnect: true },
    ) as Cluster;
    try {
      expect(redis).toBeInstanceOf(Cluster);
      expect(redis.isCluster).toBe(true);
      expect(redis.options).toMatchObject({ lazyConnect: true, enableReadyCheck: true });
      expect(redis.options.redisOptions).toMatchObject({ protocol: 2, maxRetriesPerRequest: null, connectionName: 'spec', username: 'hub@ops', password: 's:cret', tls: {} });
      expect(redis.options.redisOptions).not.toHaveProperty('lazyConnect');
      expect(redis.options.redisOptions).not.toHaveProperty('db');
      // BullMQ duplicates a Cluster for its blocking connection with the same redisOptions.
      const blocking = redis.duplicate();
      expect(blocking.options.redisOptions).toMatchObject({ protocol: 2, maxRetriesPerRequest: null });
      blocking.disconnect();
    } finally {
      redis.disconnect();
    }
  });
});
