import { refusedByDatabase, writeAllButRefused } from './ledger-refusal';

const pgError = (code: string, message = `pg ${code}`) => Object.assign(new Error(message), { code });

describe('what PostgreSQL refuses for good', () => {
  it.each(['22P05', '22021', '22P02', '22001', '54000', '54001'])('%s is a refusal of the data', (code) => {
    expect(refusedByDatabase(pgError(code))).toBe(true);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a serialization failure', pgError('40001')],
    ['a deadlock', pgError('40P01')],
    ['the server shutting down', pgError('57P01')],
    ['a read-only standby', pgError('25006')],
    ['a missing table', pgError('42P01')],
    ['a timeout', new Error('Query read timeout')],
    ['no error at all', undefined],
  ])('%s is not', (_, err) => {
    expect(refusedByDatabase(err)).toBe(false);
  });
});

describe('writeAllButRefused', () => {
  /** A table that refuses rows holding "bad", and records every statement it was sent. */
  function table(fail?: (rows: readonly string[]) => Error | undefined) {
    const written = new Set<string>();
    const statements: string[][] = [];
    const write = async (rows: readonly string[]) => {
      statements.push([...rows]);
      const err = fail?.(rows) ?? (rows.some((r) => r.startsWith('bad')) ? pgError('22P05', 'unsupported Unicode escape sequence') : undefined);
      if (err) throw err;
      for (const r of rows) written.add(r);
    };
    return { written, statements, write };
  }

  it('writes a clean batch in one statement', async () => {
    const t = table();
    expect(await writeAllButRefused(['a', 'b', 'c'], t.write)).toEqual([]);
    expect(t.statements).toEqual([['a', 'b', 'c']]);
  });

  it('leaves out only the rows the database refuses, with its message, and writes every other', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => (i === 137 || i === 400 ? `bad-${i}` : `ok-${i}`));
    const t = table();
    const refused = await writeAllButRefused(rows, t.write);
    expect(refused.map((r) => r.row)).toEqual(['bad-137', 'bad-400']);
    expect(refused[0].error.message).toBe('unsupported Unicode escape sequence');
    expect([...t.written].sort()).toEqual(rows.filter((r) => r.startsWith('ok')).sort());
    // Halving, not one statement per row.
    expect(t.statements.length).toBeLessThan(40);
  });

  it('throws a transient error as it is, at whatever depth, so the batch is consumed again', async () => {
    let calls = 0;
    const t = table((rows) => (++calls === 3 ? Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined }) : rows.some((r) => r.startsWith('bad')) ? pgError('22021') : undefined));
    await expect(writeAllButRefused(['ok-1', 'bad-2', 'ok-3', 'ok-4'], t.write)).rejects.toThrow('Connection terminated unexpectedly');
  });

  it('writes nothing for nothing', async () => {
    const t = table();
    expect(await writeAllButRefused([], t.write)).toEqual([]);
    expect(t.statements).toEqual([]);
  });
});
