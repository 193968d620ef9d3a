import { rejection } from '@hub/testing';
import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryErrorCode } from './errors/delivery-error-code';
import { PermanentDeliveryError } from './errors/permanent-delivery.error';
import { TransientDeliveryError } from './errors/transient-delivery.error';
import { isRetryableStatus, sendJson } from './http-target-client';

/** A target answering by path: /201, /503, /429, /422 answer that status; /slow never answers in time. */
function startTarget() {
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/slow') return void held.push(res);
      if (req.url === '/stall-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a":');
        return void held.push(res);
      }
      if (req.url === '/drop-body') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"a":');
        return void setTimeout(() => res.socket?.destroy(), 10);
      }
      // /ra/<status>/<Retry-After value>: that status, with that header.
      const ra = /^\/ra\/(\d+)\/(.+)$/.exec(req.url ?? '');
      const status = Number(ra ? ra[1] : req.url?.slice(1));
      res.writeHead(status, { 'content-type': 'application/json', ...(ra ? { 'retry-after': decodeURIComponent(ra[2]) } : {}) });
      res.end(status === 201 ? JSON.stringify({ payrollId: 'PAY-1' }) : JSON.stringify({ error: `answer ${status}` }));
    });
  });
  return new Promise<{ server: Server; url: string; received: typeof received; held: typeof held }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, held })),
  );
}


describe('sendJson', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    target.held.forEach((r) => r.destroy());
    target.server.closeAllConnections();
    await new Promise((r) => target.server.close(r));
  });

  it('sends JSON with the given headers and answers the parsed body of a 2xx', async () => {
    const answer = await sendJson('POST', `${target.url}/201`, { employeeRef: 'FEN-1' }, { timeoutMs: 2000, headers: { 'idempotency-key': 'k-1' } });

    expect(answer).toEqual({ status: 201, body: { payrollId: 'PAY-1' } });
    const sent = target.received.at(-1)!;
    expect(JSON.parse(sent.body)).toEqual({ employeeRef: 'FEN-1' });
    expect(sent.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'k-1' });
  });

  it('makes a target that stalls after its headers a transient timeout', async () => {
    const err = await rejection(sendJson('POST', `${target.url}/stall-body`, {}, { timeoutMs: 150 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetTimeout });
  });

  it('makes a connection dropped mid-answer a transient failure', async () => {
    const err = await rejection(sendJson('POST', `${target.url}/drop-body`, {}, { timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnreachable });
  });

  it.each([503, 429])('makes %i a transient failure carrying the status', async (status) => {
    const err = await rejection(sendJson('POST', `${target.url}/${status}`, {}, { timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnavailable, status, transient: true });
    expect(err.message).toContain(`answer ${status}`);
  });

  it.each([
    [429, '2', 2000],
    [503, '120', 120_000],
  ])('carries the Retry-After of a %i on the transient failure', async (status, header, ms) => {
    const err = await rejection(sendJson('POST', `${target.url}/ra/${status}/${header}`, {}, { timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ status, retryAfterMs: ms });
  });

  it('reads a Retry-After given as an HTTP-date', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const err = await rejection(sendJson('POST', `${target.url}/ra/503/${encodeURIComponent(at)}`, {}, { timeoutMs: 2000 }));
    // Whole seconds: the date drops the milliseconds.
    expect((err as TransientDeliveryError).retryAfterMs).toBeGreaterThan(58_000);
    expect((err as TransientDeliveryError).retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('ignores Retry-After on other statuses, and one it cannot read', async () => {
    expect(await rejection(sendJson('POST', `${target.url}/ra/500/5`, {}, { timeoutMs: 2000 }))).toMatchObject({ status: 500, retryAfterMs: undefined });
    expect(await rejection(sendJson('POST', `${target.url}/ra/429/soon`, {}, { timeoutMs: 2000 }))).toMatchObject({ status: 429, retryAfterMs: undefined });
  });

  it("makes 422 a permanent rejection carrying the status and the target's explanation", async () => {
    const err = await rejection(sendJson('POST', `${target.url}/422`, {}, { timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 422, transient: false });
    expect(err.message).toContain('answer 422');
  });

  it('names the canonical field the refusal points at, when the connector finds one in the answer', async () => {
    const seen: unknown[] = [];
    const rejectedField = (a: { status: number; body: unknown }) => {
      seen.push(a);
      return '/data/employment/grade';
    };
    const err = await rejection(sendJson('POST', `${target.url}/422`, {}, { timeoutMs: 2000, rejectedField }));
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 422, field: '/data/employment/grade' });
    expect(seen).toEqual([{ status: 422, body: { error: 'answer 422' } }]);
    // Asked only of refusals: a failure that is retried names no field.
    expect(await rejection(sendJson('POST', `${target.url}/503`, {}, { timeoutMs: 2000, rejectedField }))).toBeInstanceOf(TransientDeliveryError);
    expect(seen).toHaveLength(1);
    expect(await rejection(sendJson('POST', `${target.url}/409`, {}, { timeoutMs: 2000, rejectedField: () => undefined }))).toMatchObject({ status: 409, field: undefined });
  });

  it('makes no answer within timeoutMs a transient timeout', async () => {
    const err = await rejection(sendJson('POST', `${target.url}/slow`, {}, { timeoutMs: 50 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetTimeout });
  });

  it('makes a refused connection a transient target-unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));

    const err = await rejection(sendJson('POST', `http://127.0.0.1:${port}/x`, {}, { timeoutMs: 2000 }));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnreachable });
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 425, 429 and 5xx', () => {
    expect([408, 425, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([408, 425, 429, 500, 502, 503, 504]);
  });

  it('does not retry other 4xx', () => {
    expect([400, 401, 403, 404, 409, 410, 413, 422].filter(isRetryableStatus)).toEqual([]);
  });
});
