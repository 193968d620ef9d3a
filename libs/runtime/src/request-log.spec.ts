import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pinoHttp from 'pino-http';
import { createLogger } from '@hub/observability';
import { requestLogOptions } from './hub-core.module';

/** A server logging through requestLogOptions, and the lines it wrote. */
async function serve(): Promise<{ server: Server; port: number; lines: Record<string, any>[] }> {
  const lines: Record<string, any>[] = [];
  const logger = createLogger('info', { role: 'api' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const log = pinoHttp(requestLogOptions(logger));
  const server = createServer((req, res) => {
    log(req, res);
    res.statusCode = req.url === '/v1/events' ? 202 : 200;
    res.setHeader('set-cookie', 'sid=secret-session');
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, lines };
}

function post(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: 'Bearer s3cret-token', cookie: 'sid=1', 'x-source-header': 'personal' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{"data":{"surname":"Smith"}}');
  });
}

describe('requestLogOptions: the line a request leaves', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve();
  });
  afterAll(() => new Promise<void>((resolve) => s.server.close(() => resolve())));

  it('says who asked what and the answer, under the role, and nothing of the headers', async () => {
    expect(await post(s.port, '/v1/events')).toBe(202);
    const line = s.lines.find((l) => l.msg === 'request completed')!;
    expect(line).toMatchObject({ role: 'api', req: { method: 'POST', url: '/v1/events', remoteAddress: '127.0.0.1', id: expect.any(String) }, res: { statusCode: 202 }, responseTime: expect.any(Number) });
    expect(Object.keys(line.req).sort()).toEqual(['id', 'method', 'remoteAddress', 'url']);
    expect(Object.keys(line.res)).toEqual(['statusCode']);
    expect(JSON.stringify(s.lines)).not.toMatch(/s3cret-token|sid=|secret-session|personal|Smith/);
  });

  it('leaves no line for a probe or a scrape', async () => {
    const before = s.lines.length;
    await post(s.port, '/health/ready');
    await post(s.port, '/metrics');
    expect(s.lines.slice(before)).toEqual([]);
  });
});
