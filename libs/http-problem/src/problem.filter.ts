import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { InvalidLedgerInputError } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { bearerChallenge } from './challenge';
import { ProblemException } from './problem.exception';

/** The id of a request, as the request guard (or pino-http) gave it: in X-Request-Id, in its log lines, in a 5xx body. */
export function requestIdOf(req: Request): string | undefined {
  const id = (req as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The request's path from the root: `req.path` is relative to where a middleware is mounted. */
const pathOf = (req: Request) => (req.originalUrl ?? req.url ?? '').split('?')[0];

/** Writes a problem as application/problem+json; also used by middleware outside Nest's filters. */
export function sendProblem(req: Request, res: Response, problem: ProblemException): void {
  if (req.method === 'POST' && pathOf(req) === '/v1/events') hubMetrics().eventsRejected.inc({ reason: problem.problemType });
  if (res.headersSent) {
    // Part of an answer is on the wire already: the only honest end is to cut it off.
    res.destroy();
    return;
  }
  if (problem.status === 415 && problem.problemType === 'unsupported-content-encoding') res.setHeader('Accept-Encoding', 'gzip, deflate, br');
  // Every 401 says which credential would do (RFC 9110 §11.6.1): its own challenge, or the API's bearer one.
  if (problem.status === 401) res.setHeader('WWW-Authenticate', problem.challenge ?? bearerChallenge(req.headers?.authorization));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toJSON(requestIdOf(req))));
}

/** body-parser's error types (raw-body's and its own), each the answer it means. */
const BODY_ERRORS: Record<string, (e: BodyError) => ProblemException> = {
  'entity.too.large': (e) => new ProblemException(413, 'payload-too-large', 'Payload too large', [], `the body is larger than the limit of ${e.limit} bytes, counted after decoding its Content-Encoding`),
  'entity.parse.failed': () => new ProblemException(400, 'malformed-request', 'Body is not JSON'),
  'encoding.unsupported': () => new ProblemException(415, 'unsupported-content-encoding', 'Unsupported content encoding', [], 'the Content-Encoding is not one of gzip, deflate, br, identity'),
  'charset.unsupported': (e) => new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', [], `unsupported charset "${e.charset ?? ''}"`),
  'parameters.too.many': () => new ProblemException(413, 'payload-too-large', 'Payload too large', [], 'the form has too many fields'),
  'request.size.invalid': () => new ProblemException(400, 'malformed-request', 'Bad request', [], 'the body is not as long as its Content-Length says'),
  'request.aborted': () => new ProblemException(400, 'malformed-request', 'Bad request', [], 'the client stopped sending the body'),
};

const ZLIB_CODE = /^(Z_|ERR__ERROR|ERR_BROTLI)/;

interface BodyError {
  type?: string;
  status?: number;
  expose?: boolean;
  limit?: number;
  charset?: string;
  code?: string;
  message?: string;
}

/**
 * Any error → the problem to answer with. Unknown errors become a 500 that says nothing internal;
 * every 4xx here is the caller's to fix, so a new kind of client error must be classified here
 * rather than left to become a 500.
 */
export function toProblem(e: unknown): ProblemException {
  if (e instanceof ProblemException) return e;
  // The ledger refuses input the caller gave it (a paging cursor it did not issue).
  if (e instanceof InvalidLedgerInputError) return new ProblemException(400, 'malformed-request', 'Bad request', [{ path: '/after', message: e.message }]);
  const err = (e ?? {}) as BodyError;
  const known = err.type ? BODY_ERRORS[err.type] : undefined;
  if (known) return known(err);
  // A body that does not decode as its Content-Encoding: zlib's error (Z_DATA_ERROR, Z_BUF_ERROR;
  // brotli's ERR__ERROR_FORMAT_…), which body-parser gives status 400.
  if (typeof err.code === 'string' && ZLIB_CODE.test(err.code) && err.status === 400) {
    return new ProblemException(400, 'malformed-request', 'Body does not decode', [], 'the body is not what its Content-Encoding says (gzip, deflate or br)');
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    if (status === 404) return new ProblemException(404, 'not-found', 'Not found', [], e.message);
    if (status === 401) return new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], e.message);
    if (status === 403) return new ProblemException(403, 'forbidden', 'Forbidden', [], e.message);
    if (status === 413) return new ProblemException(413, 'payload-too-large', 'Payload too large', [], e.message);
    if (status < 500) return new ProblemException(status, 'malformed-request', 'Bad request', [], e.message);
  }
  // Other http-errors (body-parser, Express): a 4xx they mark safe to expose.
  if (err.expose === true && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return new ProblemException(err.status, 'malformed-request', 'Bad request', [], String(err.message));
  }
  return new ProblemException(500, 'internal', 'Internal error', [], 'the hub could not handle this request; it has been logged under the requestId given here');
}

/**
 * Answers an error as a problem. One that is not a ProblemException was not classified where it
 * happened: it is logged with its stack and the request id (error for a 5xx; info for a 4xx this
 * file classified, the client's mistake, not the hub's), so a 500 can always be found from its answer.
 */
export function answerError(logger: Logger, req: Request, res: Response, err: unknown): void {
  const problem = toProblem(err);
  if (!(err instanceof ProblemException)) {
    const line = { err, requestId: requestIdOf(req), method: req.method, path: pathOf(req), status: problem.status };
    if (problem.status >= 500) logger.error(line, 'request failed');
    else logger.info(line, `request refused: ${problem.title}`);
  }
  sendProblem(req, res, problem);
}

/** Renders every error as application/problem+json; unexpected ones are logged and answered 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(HUB_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    answerError(this.logger, http.getRequest<Request>(), http.getResponse<Response>(), exception);
  }
}
