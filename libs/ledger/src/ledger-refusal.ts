/** A PostgreSQL error as `pg` raises it: `code` is the SQLSTATE, `detail` what the server added. */
export type DatabaseError = Error & { code: string; detail?: string };

/** The server's message with its detail, which often says the most ("Unicode low surrogate must follow a high surrogate."). */
export function databaseMessage(err: DatabaseError): string {
  return err.detail ? `${err.message}: ${err.detail}` : err.message;
}

/**
 * Whether PostgreSQL refused the data itself, so the same rows will be refused however often they
 * are written: SQLSTATE class 22, a data exception (22P05 a Unicode escape jsonb cannot hold, 22021
 * a byte sequence that is not UTF-8, 22P02 invalid text for a type), or class 54, a limit of the
 * data (54000: an index row too large). Anything else (a connection refused or lost, a timeout, a
 * serialization failure, the database shutting down) is transient: the write may succeed later.
 */
export function refusedByDatabase(err: unknown): err is DatabaseError {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code);
}

export interface RefusedRow<T> {
  row: T;
  error: DatabaseError;
}

/**
 * Writes `rows`; when the database refuses the data (refusedByDatabase), writes each half again,
 * down to single rows, so that only the rows it refuses are left out: one bad row in 500 costs
 * about 18 statements, not 500. `write` must be idempotent, since a half may hold rows already
 * written. Answers the refused rows with the database's error; any other error is thrown.
 */
export async function writeAllButRefused<T>(rows: readonly T[], write: (rows: readonly T[]) => Promise<void>): Promise<RefusedRow<T>[]> {
  if (rows.length === 0) return [];
  try {
    await write(rows);
    return [];
  } catch (err) {
    if (!refusedByDatabase(err)) throw err;
    if (rows.length === 1) return [{ row: rows[0], error: err }];
  }
  const mid = Math.ceil(rows.length / 2);
  return [...(await writeAllButRefused(rows.slice(0, mid), write)), ...(await writeAllButRefused(rows.slice(mid), write))];
}
