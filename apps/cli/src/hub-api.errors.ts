/**
 * Why a call to the hub's API did not give an answer the CLI can use, classified where it
 * happens (hub-api.client.ts), each with the exit code the CLI ends with.
 */
export abstract class HubCallError extends Error {
  abstract readonly exitCode: number;
}

/** The hub answered, and not with a success: the problem it gave (RFC 9457). Exit 1: refused or failed. */
export class HubApiError extends HubCallError {
  readonly exitCode = 1;
  constructor(readonly status: number, readonly problem: unknown) {
    const p = problem as { title?: string; detail?: string; errors?: { path: string; message: string }[] } | undefined;
    const why = [p?.title, p?.detail, ...(p?.errors ?? []).map((e) => `${e.path} ${e.message}`)].filter(Boolean).join(': ');
    super(`the hub answered ${status}${why ? `: ${why}` : ''}`);
  }
}

/** No connection to the hub (refused, no route, unknown host). Exit 3: no answer, worth trying again. */
export class HubUnreachableError extends HubCallError {
  readonly exitCode = 3;
  constructor(readonly baseUrl: string, readonly code: string) {
    super(`cannot reach the hub at ${baseUrl}: ${code}`);
  }
}

/** The hub took the request and gave no whole answer within the timeout. Exit 3: no answer, worth trying again. */
export class HubTimeoutError extends HubCallError {
  readonly exitCode = 3;
  constructor(readonly baseUrl: string, readonly method: string, readonly path: string, readonly timeoutMs: number) {
    super(`the hub at ${baseUrl} did not answer ${method} ${path} within ${timeoutMs} ms (give it longer with --timeout <ms> or HUB_TIMEOUT_MS)`);
  }
}
