import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { LiveLandscape, tenantAllowed } from '@hub/config';
import { DeliveryQueues } from '@hub/delivery';
import { SchemaRegistry } from '@hub/schema-registry';
import { bearerChallenge, ProblemException, sendProblem } from '@hub/http-problem';
import { CredentialsService } from '../auth/credentials.service';

export const BULL_BOARD_PATH = '/ops/queues';

/** Bearer for tools, Basic (any user name, the ops token as password) so a browser can log in. */
export function opsToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (/^bearer$/i.test(scheme)) return `Bearer ${value}`;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value ?? '', 'base64').toString('utf8');
    return `Bearer ${decoded.slice(decoded.indexOf(':') + 1)}`;
  }
  return undefined;
}

export const OPS_REALM = 'erp-hub ops';

/**
 * The challenge of every 401 of the ops pages (Bull Board, the dashboard): Basic first, so a
 * browser asks for the token (as the password); Bearer too, which tools send (RFC 6750 §3).
 */
export function opsChallenge(authorization: string | undefined): string {
  return `Basic realm="${OPS_REALM}", charset="UTF-8", ${bearerChallenge(authorization, OPS_REALM)}`;
}

/**
 * Bull Board at /ops/queues, behind an ops credential. It is read-only (replays go through the
 * audited API), shows a caller only the queues of their own tenants, and masks personal fields
 * in job data for everyone. Its queues are the latest landscape version's targets'.
 */
export function mountBullBoard(app: INestApplication, queues: DeliveryQueues, landscape: Pick<LiveLandscape, 'current' | 'onChange'>, registry: SchemaRegistry, credentials: CredentialsService): () => void {
  const tenantOf = (target: string) => landscape.current().config.targets.find((t) => t.id === target)?.tenant ?? '';
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  const adapters = () =>
    queues.all().map((q) => {
      const adapter = new BullMQAdapter(q, { readOnlyMode: true, description: `deliveries to ${q.name.replace(/^delivery-/, '')}` });
      const target = q.name.replace(/^delivery-/, '');
      adapter.setFormatter('data', (data: { event?: { type: string; data: unknown } }) =>
        data?.event ? { ...data, event: { ...data.event, data: registry.mask(data.event.type, data.event.data) } } : data,
      );
      adapter.setVisibilityGuard((req) => {
        const p = credentials.authenticate(opsToken(req.headers.authorization));
        return p.kind === 'ops' && tenantAllowed(p.tenants, tenantOf(target));
      });
      return adapter;
    });
  const board = createBullBoard({ queues: adapters(), serverAdapter, options: { uiConfig: { boardTitle: 'ERP hub deliveries' } } });
  // The queues follow the landscape (DeliveryQueues is told first: it subscribed when it was made).
  const unfollow = landscape.onChange(() => board.replaceQueues(adapters()));
  app.use(BULL_BOARD_PATH, (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = opsToken(req.headers.authorization);
      credentials.ops(header);
      req.headers.authorization = header;
      next();
    } catch {
      // Any credential failure is a 401, so a browser asks again; answered as every other problem.
      sendProblem(req, res, new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'an ops token is required (Bearer, or Basic with the token as password)', opsChallenge(req.headers.authorization)));
    }
  });
  app.use(BULL_BOARD_PATH, serverAdapter.getRouter());
  return unfollow;
}
