// The counting target simulator: a bare HTTP server every delivery of the benchmark goes to (the
// hub's payroll connector, and the hand-written pipeline alike). It answers 201 at once and keeps,
// per delivery key (target path + Idempotency-Key), when it first arrived and how often, so a run
// can prove that none is missing or doubled and read end-to-end latency. Run as its own process:
//   node dist/bench/lib/counting-sink.js <port>
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const nowMs = () => performance.timeOrigin + performance.now();

/** The delivery key the sink counts by: the target is the first path segment after /t/. */
export function deliveryKey(path: string, idempotencyKey: string | undefined): string {
  const target = /^\/t\/([^/]+)/.exec(path)?.[1] ?? '-';
  return `${target}|${idempotencyKey ?? '-'}`;
}

export interface SinkStats {
  received: number;
  distinct: number;
  doubled: number;
  byTarget: Record<string, number>;
}

export class CountingSink {
  private readonly first = new Map<string, number>();
  private readonly byTarget = new Map<string, number>();
  private received = 0;
  private doubled = 0;

  record(key: string, at: number): void {
    this.received++;
    if (this.first.has(key)) {
      this.doubled++;
      return;
    }
    this.first.set(key, at);
    const target = key.slice(0, key.indexOf('|'));
    this.byTarget.set(target, (this.byTarget.get(target) ?? 0) + 1);
  }

  stats(): SinkStats {
    return { received: this.received, distinct: this.first.size, doubled: this.doubled, byTarget: Object.fromEntries(this.byTarget) };
  }

  /** When each of `keys` first arrived (null: never). */
  receipts(keys: string[]): (number | null)[] {
    return keys.map((k) => this.first.get(k) ?? null);
  }

  reset(): void {
    this.first.clear();
    this.byTarget.clear();
    this.received = 0;
    this.doubled = 0;
  }
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function serve(port: number): void {
  const sink = new CountingSink();
  const json = (res: ServerResponse, status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const text = await body(req);
    if (path === '/_bench/stats') return json(res, 200, sink.stats());
    if (path === '/_bench/reset') return sink.reset(), json(res, 200, sink.stats());
    if (path === '/_bench/receipts') return json(res, 200, sink.receipts(JSON.parse(text) as string[]));
    if (path === '/_bench/health') return json(res, 200, { ok: true });
    const idempotencyKey = req.headers['idempotency-key'];
    sink.record(deliveryKey(path, typeof idempotencyKey === 'string' ? idempotencyKey : undefined), nowMs());
    json(res, 201, { reference: `SINK-${sink.stats().received}` });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

if (require.main === module) serve(Number(process.argv[2] ?? 4900));
