import { createLogger, REDACT_PATHS } from './logger';

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
