// What only a raw socket can send: a header block that never ends, a body that trickles, two Host
// headers, bytes that are not HTTP. Each is answered with a problem, in time, and the API lives on.
// The timeouts are short here (the landscape's env); the defaults are in libs/config/src/settings.ts.
import { joiner, RawAnswer, RawConnection, rawRequest } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

const HEADERS_TIMEOUT_MS = 600;
const REQUEST_TIMEOUT_MS = 1_200;
const CHECK_MS = 50;
/** How late past its deadline an answer may come: one checking interval, plus a loaded CI machine's slack. */
const SLACK_MS = 1_500;

describe('HTTP server: timeouts and unreadable requests', () => {
  let l: TestLandscape;
  beforeAll(async () => {
    l = await TestLandscape.start({
      roles: ['api', 'gateway'],
      env: { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), HTTP_CONNECTIONS_CHECK_MS: String(CHECK_MS) },
    });
  });
  afterAll(async () => {
    await l?.close();
  });

  const api = () => l.hub.url!;

  function expectProblem(a: RawAnswer, status: number) {
    expect(a.status).toBe(status);
    expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(a.body);
    expect(body).toMatchObject({ status, title: expect.stringMatching(/\S/), errors: expect.any(Array) });
    return body;
  }

  async function stillLive() {
    expect((await fetch(`${api()}/health/live`)).status).toBe(200);
  }

  it.each([
    ['the API', () => api()],
    ['the gateway', () => l.hub.gatewayUrl!],
  ])('answers a header block that never ends with 408 from %s, soon after the headers timeout', async (_, url) => {
    const c = await RawConnection.open(url());
    const started = Date.now();
    c.write('POST /v1/events HTTP/1.1\r\nHost: hub\r\nContent-Type: application/cloudevents+json\r\n');
    const closedAt = await c.closed(HEADERS_TIMEOUT_MS + SLACK_MS + 5_000);
    const body = expectProblem((await c.answer(0)), 408);
    expect(body.type).toMatch(/request-timeout$/);
    expect(closedAt - started).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(closedAt - started).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    c.close();
    await stillLive();
  });

  it('answers a body that trickles in with 408 soon after the request timeout', async () => {
    const c = await RawConnection.open(api());
    const started = Date.now();
    c.write(`POST /v1/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${TOKENS.hr}\r\nContent-Type: application/cloudevents+json\r\nContent-Length: 100000\r\n\r\n{"id":`);
    // A byte every 100 ms, so the headers timeout is not what ends it, until the server closes.
    const trickle = setInterval(() => c.write(' '), 100);
    try {
      const closedAt = await c.closed(REQUEST_TIMEOUT_MS + SLACK_MS + 5_000);
      expectProblem(await c.answer(0), 408);
      expect(closedAt - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      expect(closedAt - started).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
    } finally {
      clearInterval(trickle);
      c.close();
    }
    await stillLive();
  });

  it('takes a complete request sent at once, and keeps the connection for the next', async () => {
    const body = JSON.stringify(joiner('fen'));
    const c = await RawConnection.open(api());
    try {
      c.write(`POST /v1/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${TOKENS.hr}\r\nContent-Type: application/cloudevents+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const a = await c.answer();
      expect(a.status).toBe(202);
      expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.headers['keep-alive']).toMatch(/timeout=65/);
      expect(c.closedAt).toBeUndefined();
    } finally {
      c.close();
    }
  });

  it.each([
    ['two Host headers', 'GET /health/live HTTP/1.1\r\nHost: hub\r\nHost: evil.example\r\n\r\n', 400, /host/],
    ['two Authorization headers', `POST /v1/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${TOKENS.hr}\r\nAuthorization: Bearer x\r\nContent-Length: 0\r\n\r\n`, 400, /authorization/],
    ['two Content-Type headers', 'POST /v1/events HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Type: application/cloudevents+json\r\nContent-Length: 2\r\n\r\n{}', 400, /content-type/],
    ['no Host at all', 'GET /v1/schemas HTTP/1.1\r\n\r\n', 400, /host/],
  ])('answers %s with a problem naming the header, on every route', async (_, request, status, named) => {
    const body = expectProblem(await rawRequest(api(), request), status);
    expect(JSON.stringify(body.errors)).toMatch(named);
    await stillLive();
  });

  it.each([
    ['bytes that are not HTTP', 'GARBAGE\r\n\r\n', 400],
    ['a request line with a space in the target', 'GET /a b HTTP/1.1\r\nHost: hub\r\n\r\n', 400],
    ['two Content-Length headers that differ', 'POST /v1/events HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400],
    ['a header block larger than Node reads', `GET / HTTP/1.1\r\nHost: hub\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ])('answers %s with a problem from the server itself', async (_, request, status) => {
    expectProblem(await rawRequest(api(), request), status);
    await stillLive();
  });
});
