import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { InvalidLedgerInputError } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { ProblemException } from './problem.exception';

/** Writes a problem as application/problem+json; also used by middleware outside Nest's filters. */
export function sendProblem(req: Request, res: Response, problem: ProblemException): void {
  if (req.path === '/v1/events' && req.method === 'POST') hubMetrics().eventsRejected.inc({ reason: problem.problemType });
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toJSON()));
}

/** Any error → the problem to answer with. Unknown errors become a 500 that says nothing internal. */
export function toProblem(e: unknown): ProblemException {
  if (e instanceof ProblemException) return e;
  // The ledger refuses input the caller gave it (a paging cursor it did not issue).
  if (e instanceof InvalidLedgerInputError) return new ProblemException(400, 'malformed-request', 'Bad request', [{ path: '/after', message: e.message }]);
  // body-parser's errors carry a `type` and a status.
  const bodyError = e as { type?: string; status?: number; limit?: number };
  if (bodyError?.type === 'entity.too.large') {
    return new ProblemException(413, 'payload-too-large', 'Payload too large', [], `the body is larger than the limit of ${bodyError.limit} bytes`);
  }
  if (bodyError?.type === 'entity.parse.failed') return new ProblemException(400, 'malformed-request', 'Body is not JSON');
  if (bodyError?.type && typeof bodyError.status === 'number' && bodyError.status < 500) {
    return new ProblemException(bodyError.status, 'malformed-request', 'Bad request', [], String((e as Error).message));
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    if (status === 404) return new ProblemException(404, 'not-found', 'Not found', [], e.message);
    if (status === 401) return new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], e.message);
    if (status === 403) return new ProblemException(403, 'forbidden', 'Forbidden', [], e.message);
    if (status < 500) return new ProblemException(status, 'malformed-request', 'Bad request', [], e.message);
  }
  return new ProblemException(500, 'internal', 'Internal error', [], 'the hub could not handle this request; it has been logged');
}

/** Renders every error as application/problem+json; unexpected ones are logged and answered 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(HUB_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const problem = toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception }, 'request failed');
    sendProblem(http.getRequest<Request>(), http.getResponse<Response>(), problem);
  }
}
