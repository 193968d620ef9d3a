// The CLI's own behaviour, without a hub: its version, its settings, and what it does when the
// hub does not answer. The hub here is a plain HTTP server on 127.0.0.1 that never answers.
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@hub/testing';
import { runCli } from './cli';
import { DEFAULT_TIMEOUT_MS, readCliSettings } from './cli-settings';

const packageVersion = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Runs `hub …` in this process; answers the exit code, what it printed and how long it took. */
async function hub(args: string[], env: NodeJS.ProcessEnv = { HUB_TOKEN: 'test-token' }) {
  const out: string[] = [];
  const err: string[] = [];
  const started = Date.now();
  const code = await runCli(args, { env, out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n'), ms: Date.now() - started };
}

/** A server on 127.0.0.1 that takes requests and does what `handle` says (by default: nothing, ever). */
async function silentHub(handle: (req: IncomingMessage, res: ServerResponse) => void = () => undefined) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('hub --version', () => {
  it.each([['--version'], ['-V']])('%s prints the version package.json gives and exits 0', async (flag) => {
    expect(await hub([flag], {})).toMatchObject({ code: 0, out: packageVersion, err: '' });
  });
});

describe('CLI settings', () => {
  it('default to the local API and a 30 s timeout; HUB_URL, HUB_TOKEN and HUB_TIMEOUT_MS set them', () => {
    expect(readCliSettings({})).toEqual({ url: 'http://127.0.0.1:3000', token: undefined, timeoutMs: 30_000 });
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(readCliSettings({ HUB_URL: 'http://hub:3000', HUB_TOKEN: 't', HUB_TIMEOUT_MS: '2500' })).toEqual({ url: 'http://hub:3000', token: 't', timeoutMs: 2500 });
  });

  it.each(['0', '-1', '1.5', '30s', '', ' ', '86400001'])('refuse a timeout of "%s" as bad usage (exit 2), before calling anything', async (raw) => {
    const hubServer = await silentHub();
    try {
      const byFlag = await hub(['--url', hubServer.url, '--timeout', raw, 'dlq', 'list']);
      expect(byFlag).toMatchObject({ code: 2, err: expect.stringContaining('--timeout must be a whole number of milliseconds') });
      if (raw.trim() !== '') {
        const byEnv = await hub(['--url', hubServer.url, 'dlq', 'list'], { HUB_TOKEN: 't', HUB_TIMEOUT_MS: raw });
        expect(byEnv).toMatchObject({ code: 2, err: expect.stringContaining('HUB_TIMEOUT_MS must be a whole number of milliseconds') });
      }
      expect(hubServer.seen).toEqual([]);
    } finally {
      await hubServer.close();
    }
  });
});

describe('a hub that does not answer', () => {
  let silent: Awaited<ReturnType<typeof silentHub>>;
  beforeEach(async () => {
    silent = await silentHub();
  });
  afterEach(async () => {
    await silent.close();
  });

  it('ends a call after --timeout with a message that says so and exit 3, no stack trace', async () => {
    const r = await hub(['--url', silent.url, '--timeout', '300', 'dlq', 'list', '--tenant', 'fen']);
    expect(r).toMatchObject({ code: 3, out: '' });
    expect(r.err).toBe(`hub: the hub at ${silent.url} did not answer GET /v1/dead-letters within 300 ms (give it longer with --timeout <ms> or HUB_TIMEOUT_MS)`);
    expect(r.ms).toBeGreaterThanOrEqual(290);
    expect(r.ms).toBeLessThan(4_000);
    expect(silent.seen).toEqual(['GET /v1/dead-letters?tenant=fen&limit=50']);
  });

  it('takes the timeout from HUB_TIMEOUT_MS, and --timeout over it', async () => {
    const byEnv = await hub(['--url', silent.url, 'target', 'status'], { HUB_TOKEN: 't', HUB_TIMEOUT_MS: '250' });
    expect(byEnv).toMatchObject({ code: 3, err: expect.stringContaining('did not answer GET /v1/targets within 250 ms') });
    const byFlag = await hub(['--url', silent.url, '--timeout', '200', 'target', 'status'], { HUB_TOKEN: 't', HUB_TIMEOUT_MS: '60000' });
    expect(byFlag).toMatchObject({ code: 3, err: expect.stringContaining('within 200 ms') });
    await waitFor('both requests to reach the server', () => silent.seen.length === 2 || undefined, 2_000);
  });

  it('with --json, says it as JSON on stderr', async () => {
    const r = await hub(['--url', silent.url, '--timeout', '200', '--json', 'audit']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.err)).toEqual({ error: expect.stringContaining('did not answer GET /v1/audit within 200 ms'), exitCode: 3 });
  });
});

describe('a hub that stops half way', () => {
  it('times out on an answer whose headers came and whose body never ends', async () => {
    const stalls = await silentHub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[');
    });
    try {
      const r = await hub(['--url', stalls.url, '--timeout', '300', 'backfill', 'status']);
      expect(r).toMatchObject({ code: 3, err: expect.stringContaining('did not answer GET /v1/backfills within 300 ms') });
    } finally {
      await stalls.close();
    }
  });
});

describe('a hub that is not there', () => {
  it('says it cannot reach it and exits 3', async () => {
    const gone = await silentHub();
    await gone.close();
    const r = await hub(['--url', gone.url, 'dlq', 'list']);
    expect(r).toMatchObject({ code: 3, err: `hub: cannot reach the hub at ${gone.url}: ECONNREFUSED` });
  });
});

describe('a hub that refuses', () => {
  it('prints its problem and exits 1; with --json the problem itself', async () => {
    const problem = { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'viewer may not replay', errors: [] };
    const refuses = await silentHub((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify(problem));
    });
    try {
      expect(await hub(['--url', refuses.url, 'dlq', 'replay', 'payroll-fen.abc'])).toMatchObject({ code: 1, err: 'hub: the hub answered 403: Forbidden: viewer may not replay' });
      const json = await hub(['--url', refuses.url, '--json', 'dlq', 'replay', 'payroll-fen.abc']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.err)).toEqual({ error: 'the hub answered 403: Forbidden: viewer may not replay', exitCode: 1, status: 403, problem });
    } finally {
      await refuses.close();
    }
  });
});
