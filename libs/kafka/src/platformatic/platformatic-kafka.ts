import type * as PlatformaticKafka from '@platformatic/kafka';

/**
 * @platformatic/kafka ships ES modules only. Node (20.19 and later) require()s them; so does jest
 * 30's registry on Node 24 with vm modules on (scripts/with-node.sh), which also serves this require
 * in a spec, since jest intercepts process.getBuiltinModule. Loaded on first use: the kafkajs driver
 * never needs it.
 */
export function loadPlatformaticKafka(): typeof PlatformaticKafka {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(__filename)('@platformatic/kafka') as typeof PlatformaticKafka;
}
