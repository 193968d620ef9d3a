import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { bearerChallenge, ProblemException } from '@hub/http-problem';
import { ScrapeAccess } from '@hub/config';
import { pingRedis, REDIS } from '@hub/delivery';
import { EVENT_BUS, EventBus } from '@hub/kafka';
import { DeliveryLedger } from '@hub/ledger';
import { hubMetrics, roleHealth } from '@hub/observability';
import type { HubRole } from './hub';

const CHECK_TIMEOUT_MS = 2_000;
/** The realm of the ops port's scrape credential. */
export const METRICS_REALM = 'erp-hub-metrics';
type Check = () => Promise<void>;

/** What each role needs to do its work; the API has its own (terminus) health endpoints. */
function checksOf(role: HubRole, app: INestApplicationContext): Record<string, Check> {
  const redis = () => pingRedis(app.get<Redis>(REDIS), CHECK_TIMEOUT_MS);
  const postgresql = () => app.get(DeliveryLedger).ping(CHECK_TIMEOUT_MS);
  const kafka = async () => {
    const admin = app.get<EventBus>(EVENT_BUS).admin();
    try {
      await admin.ping(CHECK_TIMEOUT_MS);
    } finally {
      await admin.close();
    }
  };
  if (role === 'router') return { kafka, redis, postgresql };
  if (role === 'worker') return { redis, postgresql };
  return {};
}

/**
 * /metrics, /health/live and /health/ready for a process without the API role (router, worker,
 * gateway run apart in production): their counters live in their own process, so they need their
 * own scrape endpoint. Answers in the same shape as the API's terminus checks.
 */
export async function startOpsServer(
  apps: Partial<Record<HubRole, INestApplicationContext>>,
  port: number,
  host: string,
  access: (authorization: string | undefined) => ScrapeAccess,
  /** Roles still starting (waiting for a store at boot): not ready while there are any. */
  starting: () => string[] = () => [],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(body);
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return send(405, JSON.stringify({ status: 'error', message: 'GET only' }));
    if (path === '/metrics') {
      // The same scrape credential as the API's /metrics: the series name every force.
      const allowed = access(req.headers.authorization);
      if (allowed !== 'allowed') {
        const problem =
          allowed === 'unauthenticated'
            ? new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'send Authorization: Bearer <scrape token>', bearerChallenge(req.headers.authorization, METRICS_REALM))
            : new ProblemException(403, 'forbidden', 'Forbidden', [], 'scraping needs the metrics role for every tenant (*): the series name every force');
        res.writeHead(problem.status, { 'content-type': 'application/problem+json', ...(problem.challenge ? { 'www-authenticate': problem.challenge } : {}) });
        res.end(JSON.stringify(problem.toJSON()));
        return;
      }
      hubMetrics().registry.metrics().then((text) => send(200, text, 'text/plain; version=0.0.4; charset=utf-8'), (err: Error) => send(500, err.message, 'text/plain'));
      return;
    }
    if (path === '/health/live') return send(200, JSON.stringify({ status: 'ok', info: {}, error: {}, details: {} }));
    if (path === '/health/ready') {
      const checks = Object.entries(apps).flatMap(([role, app]) => Object.entries(app ? checksOf(role as HubRole, app) : {}));
      const pings = Promise.all(checks.map(async ([name, check]) => [name, await check().then(() => ({ status: 'up' }), (err: Error) => ({ status: 'down', message: err.message }))] as const));
      // What the hosted roles say of their own work (the router: no partition stalled), as the API's readiness has it too.
      const roles = roleHealth().run().then((reports) => reports.map(([name, r]) => [name, { status: r.up ? 'up' : 'down', ...(r.message ? { message: r.message } : {}), ...r.details }] as const));
      void Promise.all([pings, roles]).then(([pinged, reported]) => {
        // Roles hosted together each check their own connections: a dependency is up only if every one is.
        const details: Record<string, { status: string; message?: string }> = {};
        const pending = starting();
        if (pending.length) details.startup = { status: 'down', message: `still starting: ${pending.join(', ')}` };
        for (const [name, r] of [...pinged, ...reported]) if (details[name]?.status !== 'down') details[name] = r;
        const down = Object.fromEntries(Object.entries(details).filter(([, r]) => r.status === 'down'));
        const up = Object.fromEntries(Object.entries(details).filter(([, r]) => r.status === 'up'));
        send(Object.keys(down).length ? 503 : 200, JSON.stringify({ status: Object.keys(down).length ? 'error' : 'ok', info: up, error: down, details }));
      });
      return;
    }
    send(404, JSON.stringify({ status: 'error', message: `no ${path} here: /metrics, /health/live, /health/ready` }));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
