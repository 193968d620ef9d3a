/**
 * `node dist/scripts/redis-upgrade-keys.js`: moves the delivery queues of a hub of release 0.1.0 to
 * the hash-tagged key names of this one (CHANGELOG.md, "Upgrading"), on the Redis of REDIS_URL under
 * REDIS_PREFIX. Every role must be stopped: it refuses while a hub connection is open on that Redis.
 * Exit codes: 0 done (or nothing to do), 1 refused or failed, 2 keys left where they were.
 */
import { loadSettings } from '@hub/config';
import { createRedis, hubClientsConnected, renameLegacyQueueKeys } from '@hub/delivery';

async function main(): Promise<number> {
  const settings = loadSettings();
  if (settings.redisClusterNodes.length > 0) {
    console.error('REDIS_CLUSTER_NODES is set: release 0.1.0 never ran on a cluster, so it has no keys to move there. Point REDIS_URL at the old single node.');
    return 1;
  }
  const redis = createRedis(settings.redisUrl, 'hub-upgrade-keys', { maxRetriesPerRequest: 3 });
  try {
    const connected = await hubClientsConnected(redis);
    if (connected.length > 0) {
      console.error(`hub roles are still connected to this Redis (${connected.join(', ')}): stop every api, router, worker and gateway first`);
      return 1;
    }
    const { renamed, kept } = await renameLegacyQueueKeys(redis, settings.redisPrefix);
    console.log(`moved ${renamed} key(s) of the delivery queues under ${settings.redisPrefix}:bull:{<target>}`);
    if (kept.length) {
      console.error(`${kept.length} key(s) left under their old names, since the new name exists already (a role of the new release ran): ${kept.slice(0, 10).join(', ')}${kept.length > 10 ? ', …' : ''}`);
      return 2;
    }
    return 0;
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
