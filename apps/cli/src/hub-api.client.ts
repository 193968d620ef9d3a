/** An answer of the hub's API that was not a success, with the problem it gave. */
export class HubApiError extends Error {
  constructor(readonly status: number, readonly problem: unknown) {
    const p = problem as { title?: string; detail?: string; errors?: { path: string; message: string }[] } | undefined;
    const why = [p?.title, p?.detail, ...(p?.errors ?? []).map((e) => `${e.path} ${e.message}`)].filter(Boolean).join(': ');
    super(`the hub answered ${status}${why ? `: ${why}` : ''}`);
  }
}

/** The ops API as the CLI uses it: the same endpoints, tokens and roles as any other client. */
export class HubApiClient {
  constructor(private readonly baseUrl: string, private readonly token: string) {}

  async call<T = any>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new Error(`cannot reach the hub at ${this.baseUrl}: ${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`);
    }
    const text = await res.text();
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
