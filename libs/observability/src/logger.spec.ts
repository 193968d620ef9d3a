import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { waitFor } from '@hub/testing';
import { createLogger, logDestination, REDACT_PATHS } from './logger';

/** The lines a logger writes, parsed. */
function capture(): { lines: Record<string, any>[]; logger: ReturnType<typeof createLogger> } {
  const lines: Record<string, any>[] = [];
  const logger = createLogger('info', { role: 'spec' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, logger };
}

describe('createLogger', () => {
  it('masks every redacted path and keeps the ids beside them', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        tenant: 'fen',
        eventId: 'e-1',
        data: { surname: 'Smith' },
        event: { type: 'hr.worker.hired.v1', data: { surname: 'Smith' } },
        job: { data: { ni: 'AB123456C' }, payload: 'x', token: 't' },
        payload: 'x',
        authorization: 'Bearer s3cret',
        token: 's3cret',
        req: { headers: { authorization: 'Bearer s3cret', cookie: 'sid=1', host: 'hub' } },
        headers: { authorization: 'Bearer s3cret' },
      },
      'delivered',
    );
    const [line] = lines;
    expect(line).toMatchObject({ service: 'erp-hub', role: 'spec', tenant: 'fen', eventId: 'e-1', msg: 'delivered' });
    expect(line.data).toBe('[redacted]');
    expect(line.event).toEqual({ type: 'hr.worker.hired.v1', data: '[redacted]' });
    expect(line.job).toEqual({ data: '[redacted]', payload: '[redacted]', token: '[redacted]' });
    expect([line.payload, line.authorization, line.token, line.headers.authorization]).toEqual(Array(4).fill('[redacted]'));
    expect(line.req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', host: 'hub' });
    expect(JSON.stringify(line)).not.toMatch(/Smith|AB123456C|s3cret|sid=1/);
  });

  it('redacts paths the code names, not every field of that name', () => {
    expect(REDACT_PATHS).not.toContain('*');
    const { lines, logger } = capture();
    logger.info({ target: { id: 'payroll-fen', tenant: 'fen' } }, 'x');
    expect(lines[0].target).toEqual({ id: 'payroll-fen', tenant: 'fen' });
  });
});

describe('logDestination', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hub-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps buffered lines in memory until flushMs has passed, then writes them together', async () => {
    const file = join(dir, 'out.log');
    const logger = createLogger('info', {}, logDestination({ sync: false, flushMs: 100 }, file));
    logger.info({ n: 1 }, 'first');
    logger.info({ n: 2 }, 'second');
    expect(readFileSync(file, 'utf8')).toBe('');
    const text = await waitFor('the buffered lines written', () => readFileSync(file, 'utf8').includes('second') && readFileSync(file, 'utf8'), 5_000, 10);
    expect(text.trim().split('\n').map((l) => JSON.parse(l).msg)).toEqual(['first', 'second']);
  });

  it('writes each line before the call returns with sync', () => {
    const file = join(dir, 'out.log');
    const logger = createLogger('info', {}, logDestination({ sync: true, flushMs: 100 }, file));
    logger.info('at once');
    expect(JSON.parse(readFileSync(file, 'utf8')).msg).toBe('at once');
  });

  /** Runs `body` in a node process of its own with this module's createLogger in scope; answers its stdout. */
  function inChild(body: string): { stdout: string; status: number | null } {
    const source = ts.transpileModule(readFileSync(join(__dirname, 'logger.ts'), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const code = `const m = { exports: {} }; (function (exports, require, module) { ${source}\n })(m.exports, require, m); const { createLogger } = m.exports; ${body}`;
    // node -e resolves require() from the working directory: the repository's pino.
    const run = spawnSync(process.execPath, ['-e', code], { cwd: join(__dirname, '..', '..', '..'), encoding: 'utf8', timeout: 20_000 });
    return { stdout: run.stdout, status: run.status };
  }

  it('writes what is buffered when the process exits, and when it crashes', () => {
    const exited = inChild(`const log = createLogger('info', {}, { sync: false, flushMs: 60000 }); log.info('last words'); process.exit(3);`);
    expect(exited.status).toBe(3);
    expect(exited.stdout).toContain('"msg":"last words"');
    const crashed = inChild(`const log = createLogger('info', {}, { sync: false, flushMs: 60000 }); log.info('before the crash'); setImmediate(() => { throw new Error('boom'); });`);
    expect(crashed.status).toBe(1);
    expect(crashed.stdout).toContain('"msg":"before the crash"');
  });
});
