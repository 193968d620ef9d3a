import { HubApiError, HubTimeoutError, HubUnreachableError } from './hub-api.errors';

export { HubApiError, HubCallError, HubTimeoutError, HubUnreachableError } from './hub-api.errors';

const timedOut = (err: unknown) => (err as Error | undefined)?.name === 'TimeoutError';

/**
 * The ops API as the CLI uses it: the same endpoints, tokens and roles as any other client.
 * Every call has `timeoutMs` for the whole exchange, the answer's body included; a call ends in
 * the parsed answer or one of hub-api.errors.ts, never in fetch's own errors.
 */
export class HubApiClient {
  constructor(private readonly baseUrl: string, private readonly token: string, private readonly timeoutMs: number) {}

  async call<T = any>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    const signal = AbortSignal.timeout(this.timeoutMs);
    const timeout = () => new HubTimeoutError(this.baseUrl, method, url.pathname, this.timeoutMs);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (timedOut(err)) throw timeout();
      throw new HubUnreachableError(this.baseUrl, (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (timedOut(err)) throw timeout();
      throw new HubUnreachableError(this.baseUrl, `the answer broke off: ${(err as Error).message}`);
    }
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: kept as text */
    }
    if (!res.ok) throw new HubApiError(res.status, parsed);
    return parsed as T;
  }
}
