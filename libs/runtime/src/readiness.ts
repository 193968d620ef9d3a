import type { INestApplicationContext } from '@nestjs/common';
import type { HubRoleName } from '@hub/config';
import { HubRedis, pingRedis, REDIS } from '@hub/delivery';
import { EVENT_BUS, EventBus } from '@hub/kafka';
import { DeliveryLedger } from '@hub/ledger';
import { roleHealth } from '@hub/observability';

/** How long one store has to answer a readiness ping. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/** One entry of a health answer: a store's ping or a role's report on its own work. */
export interface HealthEntry {
  status: 'up' | 'down';
  message?: string;
  [detail: string]: unknown;
}

/**
 * What /health/live and /health/ready answer, on the API's port and on the ops port alike: the
 * shape @nestjs/terminus gave the API before (and which probes and dashboards read), `details`
 * holding every entry, `info` the ones up and `error` the ones down.
 */
export interface HealthAnswer {
  status: 200 | 503;
  body: { status: 'ok' | 'error'; info: Record<string, HealthEntry>; error: Record<string, HealthEntry>; details: Record<string, HealthEntry> };
}

/** The stores a role's app holds, read only when a check needs them (a gateway holds no ledger). */
export interface RoleStores {
  redis(): HubRedis;
  ledger(): DeliveryLedger;
  bus(): EventBus;
}

/** A role's stores, from its Nest app. */
export function storesOf(app: INestApplicationContext): RoleStores {
  return { redis: () => app.get<HubRedis>(REDIS), ledger: () => app.get(DeliveryLedger), bus: () => app.get<EventBus>(EVENT_BUS) };
}

type Store = 'kafka' | 'redis' | 'postgresql';

/** What each role needs to do its work: it is ready only when these answer. */
export const STORES_OF_ROLE: Readonly<Record<HubRoleName, readonly Store[]>> = {
  api: ['kafka', 'redis', 'postgresql'],
  router: ['kafka', 'redis', 'postgresql'],
  worker: ['redis', 'postgresql'],
  gateway: [],
};

/** Pings one store; a role's app that does not hold it (or a store that throws at once) counts as down. */
async function ping(store: Store, s: RoleStores): Promise<void> {
  if (store === 'redis') return pingRedis(s.redis(), HEALTH_CHECK_TIMEOUT_MS);
  if (store === 'postgresql') return s.ledger().ping(HEALTH_CHECK_TIMEOUT_MS);
  const admin = s.bus().admin();
  try {
    await admin.ping(HEALTH_CHECK_TIMEOUT_MS);
  } finally {
    await admin.close();
  }
}

const entryOf = (up: boolean, message?: string, details?: Record<string, unknown>): HealthEntry => ({ status: up ? 'up' : 'down', ...(message ? { message } : {}), ...details });

function answerOf(entries: [string, HealthEntry][]): HealthAnswer {
  // Roles hosted together each check their own connections: an entry is up only if every one is.
  const details: Record<string, HealthEntry> = {};
  for (const [name, e] of entries) if (details[name]?.status !== 'down') details[name] = e;
  const pick = (status: HealthEntry['status']) => Object.fromEntries(Object.entries(details).filter(([, e]) => e.status === status));
  const error = pick('down');
  const down = Object.keys(error).length > 0;
  return { status: down ? 503 : 200, body: { status: down ? 'error' : 'ok', info: pick('up'), error, details } };
}

/** The process is up; says nothing about its dependencies (restart only when this fails). */
export function liveness(): HealthAnswer {
  return answerOf([]);
}

/**
 * Ready only when every store each hosted role needs answers, every role hosted in this process
 * says it is doing its work (roleHealth: a router with no partition stalled), and no role is still
 * starting (waiting for a store at boot): take traffic away otherwise. The API's /health/ready and
 * the ops port's are this one function.
 */
export async function readiness(hosted: [HubRoleName, RoleStores][], starting: readonly string[] = []): Promise<HealthAnswer> {
  const checks = hosted.flatMap(([role, stores]) => STORES_OF_ROLE[role].map((store) => [store, stores] as const));
  const [pinged, reported] = await Promise.all([
    Promise.all(checks.map(async ([store, stores]): Promise<[string, HealthEntry]> => [store, await ping(store, stores).then(() => entryOf(true), (err: Error) => entryOf(false, err.message))])),
    roleHealth().run(),
  ]);
  return answerOf([
    ...(starting.length ? [['startup', entryOf(false, `still starting: ${starting.join(', ')}`)] as [string, HealthEntry]] : []),
    ...pinged,
    ...reported.map(([name, r]): [string, HealthEntry] => [name, entryOf(r.up, r.message, r.details)]),
  ]);
}
