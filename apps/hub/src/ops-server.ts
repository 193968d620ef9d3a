import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { ScrapeAccess } from '@hub/config';
import { bearerChallenge, ProblemException } from '@hub/http-problem';
import { hubMetrics } from '@hub/observability';
import { HealthAnswer, liveness, readiness, RoleStores, storesOf } from '@hub/runtime';
import type { HubRole } from './hub';

/** The realm of the ops port's scrape credential. */
export const METRICS_REALM = 'erp-hub-metrics';
/** As the API's health answers say (terminus's @HealthCheck): a probe's answer is never cached. */
const NO_CACHE = 'no-cache, no-store, must-revalidate';

/**
 * /metrics, /health/live and /health/ready for a process without the API role (router, worker,
 * gateway run apart in production): their counters live in their own process, so they need their
 * own scrape endpoint. Health is answered by the same checks as the API's (@hub/runtime readiness).
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
    const health = (answer: HealthAnswer) => res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': NO_CACHE }).end(JSON.stringify(answer.body));
    if (path === '/health/live') return health(liveness());
    if (path === '/health/ready') {
      const hosted = Object.entries(apps).flatMap(([role, app]) => (app ? [[role as HubRole, storesOf(app)] as [HubRole, RoleStores]] : []));
      void readiness(hosted, starting()).then(health);
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
