import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { answerError } from '@hub/http-problem';
import { checkRequestShape } from './request-shape';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * The API's first middleware, on every route: gives the request its id (X-Request-Id on every
 * answer; pino-http logs it as req.id; a 5xx body carries it as requestId), then refuses a request
 * whose shape is ambiguous (request-shape.ts) before any body parser, guard or handler reads it.
 */
export function requestGuard(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = randomUUID();
    (req as { id?: unknown }).id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    try {
      checkRequestShape(req);
    } catch (err) {
      answerError(logger, req, res, err);
      return;
    }
    next();
  };
}
