import type * as PlatformaticKafka from '@platformatic/kafka';

/**
 * @platformatic/kafka ships ES modules only. Node (20.19 and later) can require() them, but jest's
 * module registry cannot, so the package is loaded with Node's own require, past any test sandbox
 * (as libs/ledger loads node-pg-migrate). Loaded on first use: the kafkajs driver never needs it.
 */
export function loadPlatformaticKafka(): typeof PlatformaticKafka {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(__filename)('@platformatic/kafka') as typeof PlatformaticKafka;
}
