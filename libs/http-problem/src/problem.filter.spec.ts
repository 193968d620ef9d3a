import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import createError from 'http-errors';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { InvalidLedgerInputError } from '@hub/ledger';
import { answerError, toProblem } from './problem.filter';
import { ProblemException } from './problem.exception';

/** What body-parser hands on for a body that is not what its Content-Encoding says. */
function zlibError(decode: (b: Buffer) => Buffer = gunzipSync): Error {
  try {
    decode(Buffer.from('{"not":"compressed"}'));
  } catch (err) {
    return createError(400, err as Error);
  }
  throw new Error('it decoded');
}

describe('toProblem', () => {
  it.each([
    ['body-parser: too large', createError(413, 'request entity too large', { type: 'entity.too.large', limit: 1024 }), 413, 'payload-too-large'],
    ['body-parser: not JSON', createError(400, 'Unexpected token', { type: 'entity.parse.failed' }), 400, 'malformed-request'],
    ['body-parser: unknown encoding', createError(415, 'unsupported content encoding "zstd"', { type: 'encoding.unsupported' }), 415, 'unsupported-content-encoding'],
    ['body-parser: unknown charset', createError(415, 'unsupported charset', { type: 'charset.unsupported', charset: 'koi8-r' }), 415, 'unsupported-media-type'],
    ['body-parser: too many form fields', createError(413, 'too many parameters', { type: 'parameters.too.many' }), 413, 'payload-too-large'],
    ['raw-body: length differs from Content-Length', createError(400, 'request size did not match content length', { type: 'request.size.invalid' }), 400, 'malformed-request'],
    ['raw-body: client aborted', createError(400, 'request aborted', { type: 'request.aborted' }), 400, 'malformed-request'],
    ['zlib: a body that does not decode', zlibError(), 400, 'malformed-request'],
    ['brotli: a body that does not decode', zlibError(brotliDecompressSync), 400, 'malformed-request'],
    ['Express: a 4xx http-error it exposes', createError(400, 'Failed to decode param'), 400, 'malformed-request'],
    ['Nest: 404', new NotFoundException('Cannot GET /x'), 404, 'not-found'],
    ['Nest: 413', new PayloadTooLargeException(), 413, 'payload-too-large'],
    ['Nest: other 4xx', new BadRequestException('bad'), 400, 'malformed-request'],
    ['the ledger: a cursor it did not issue', new InvalidLedgerInputError('invalid paging cursor'), 400, 'malformed-request'],
  ])('answers %s as %d %s', (_, err, status, type) => {
    expect(toProblem(err)).toMatchObject({ status, problemType: type });
  });

  it('names a body that does not decode as such, for gzip and brotli alike', () => {
    expect(toProblem(zlibError()).title).toBe('Body does not decode');
    expect(toProblem(zlibError(brotliDecompressSync)).title).toBe('Body does not decode');
  });

  it.each([
    ['an Error', new Error('db password in here')],
    ['a 5xx http-error', createError(500, 'stream is not readable', { type: 'stream.not.readable' })],
    ['a 4xx http-error not marked safe to expose', Object.assign(new Error('x'), { status: 400, expose: false })],
    ['undefined', undefined],
    ['a string', 'oops'],
  ])('answers %s as a 500 that says nothing internal', (_, err) => {
    const p = toProblem(err);
    expect(p).toMatchObject({ status: 500, problemType: 'internal' });
    expect(JSON.stringify(p.toJSON())).not.toMatch(/password|stream/);
  });
});

describe('answerError', () => {
  function run(err: unknown, headers: Record<string, string> = {}) {
    const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn() };
    const sent: { status?: number; type?: string; body?: string; headers: Record<string, string> } = { headers: {} };
    const res = {
      headersSent: false,
      setHeader(name: string, value: string) {
        sent.headers[name.toLowerCase()] = value;
      },
      status(s: number) {
        sent.status = s;
        return this;
      },
      type(t: string) {
        sent.type = t;
        return this;
      },
      send(b: string) {
        sent.body = b;
        return this;
      },
    };
    const req = { id: 'req-42', method: 'GET', originalUrl: '/v1/audit?limit=5', path: '/', headers };
    answerError(logger as unknown as Logger, req as unknown as Request, res as unknown as Response, err);
    return { logger, sent, body: JSON.parse(sent.body ?? '{}') };
  }

  it('logs an unclassified error with its stack and the request id, and answers 500 naming that id', () => {
    const err = new Error('connection terminated');
    const { logger, sent, body } = run(err);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err, requestId: 'req-42', method: 'GET', path: '/v1/audit', status: 500 }), 'request failed');
    expect((logger.error.mock.calls[0][0] as { err: Error }).err.stack).toContain('connection terminated');
    expect(sent).toMatchObject({ status: 500, type: 'application/problem+json' });
    expect(body).toMatchObject({ status: 500, title: 'Internal error', requestId: 'req-42' });
  });

  it('logs an error this file classified as 4xx at info, with its stack, and names no request id in the body', () => {
    const { logger, sent, body } = run(zlibError());
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ requestId: 'req-42', status: 400 }), 'request refused: Body does not decode');
    expect(sent.status).toBe(400);
    expect(body).not.toHaveProperty('requestId');
  });

  it('does not log a ProblemException: it was classified where it was thrown', () => {
    const { logger, sent } = run(new ProblemException(422, 'schema-violation', 'Event data does not match its schema'));
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.info).not.toHaveBeenCalled();
    expect(sent.status).toBe(422);
  });

  it('names the problem type by its path under /problems, which the API and the gateway serve', () => {
    expect(run(new ProblemException(422, 'schema-violation', 'Schema violation')).body.type).toBe('/problems/schema-violation');
  });

  // RFC 9110 §11.6.1: a 401 carries a challenge; RFC 6750 §3: invalid_token only when a token was sent.
  it.each([
    ['no Authorization', {}, 'Bearer realm="erp-hub"'],
    ['another scheme', { authorization: 'Basic b3BzOng=' }, 'Bearer realm="erp-hub"'],
    ['a bearer token it refused', { authorization: 'Bearer nope' }, 'Bearer realm="erp-hub", error="invalid_token"'],
  ])('answers a 401 to a request with %s with WWW-Authenticate: %s', (_, headers, challenge) => {
    const { sent } = run(new ProblemException(401, 'unauthenticated', 'Unauthenticated'), headers);
    expect(sent.status).toBe(401);
    expect(sent.headers['www-authenticate']).toBe(challenge);
  });

  it("answers a 401 with the problem's own challenge where it names one, and no challenge on other statuses", () => {
    expect(run(new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], undefined, 'HMAC-SHA256 realm="x"')).sent.headers['www-authenticate']).toBe('HMAC-SHA256 realm="x"');
    expect(run(new ProblemException(403, 'forbidden', 'Forbidden'), { authorization: 'Bearer nope' }).sent.headers).not.toHaveProperty('www-authenticate');
  });
});
