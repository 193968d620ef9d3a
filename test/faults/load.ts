// A steady stream of events, posted one per request at a fixed rate whatever the answers, like a
// force's HR system: a post answered with anything but 202 (or not answered) is posted again, the
// same event, a second later, until it is accepted. Given several API URLs (replicas behind a load
// balancer), posts go round-robin, a re-post to the next one. With `chainOf`, the events of one
// chain (a subject) are posted one after another, each once the one before was accepted, as a
// source that posts a person's next change after the last one's 202.
import { Pool } from 'undici';
import type { CanonicalEvent } from '@hub/events';
import type { FailedAnswer, Posted } from './tally';

export interface LoadRecord extends Posted {
  event: CanonicalEvent;
  posts: number;
}

export class SteadyLoad {
  readonly records: LoadRecord[] = [];
  readonly failed: FailedAnswer[] = [];
  /** Answers no source should ever get for a valid event (4xx): a bug in the suite or the hub. */
  readonly refused: { at: number; status: number; body: string }[] = [];
  private readonly pools: Pool[];
  private readonly path: string;
  private next = 0;
  /** Per chain, the records made but waiting for the one before to be accepted. */
  private readonly chains = new Map<string, LoadRecord[]>();
  private ticker?: NodeJS.Timeout;
  private startedAt = 0;
  private due = 0;
  private readonly retries = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private closed = false;

  constructor(
    url: string | readonly string[],
    private readonly token: string,
    private readonly ratePerSec: number,
    private readonly make: (n: number) => { event: CanonicalEvent; keys: string[] },
    private readonly retryMs = 1_000,
    private readonly chainOf?: (event: CanonicalEvent) => string,
  ) {
    const urls = (typeof url === 'string' ? [url] : url).map((u) => new URL(u));
    this.path = urls[0].pathname;
    // Enough connections that a Kafka outage (each request held up to 15 s) does not queue posts here.
    this.pools = urls.map((u) => new Pool(u.origin, { connections: 512, headersTimeout: 30_000, bodyTimeout: 30_000, keepAliveTimeout: 4_000 }));
  }

  start(): void {
    this.startedAt = Date.now();
    this.due = 0;
    this.ticker = setInterval(() => {
      const shouldHave = Math.floor(((Date.now() - this.startedAt) / 1000) * this.ratePerSec);
      while (this.due < shouldHave) {
        const { event, keys } = this.make(this.records.length);
        const record: LoadRecord = { event, keys, firstPostAt: Date.now(), posts: 0 };
        this.records.push(record);
        this.due++;
        const chain = this.chainOf?.(event);
        const waiting = chain === undefined ? undefined : this.chains.get(chain);
        if (waiting) waiting.push(record);
        else {
          if (chain !== undefined) this.chains.set(chain, []);
          void this.post(record, chain);
        }
      }
    }, 10);
  }

  /** Stops posting new events; events not accepted yet are still posted again until they are. */
  stopNew(): void {
    clearInterval(this.ticker);
  }

  /** Stops everything, re-posts included. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopNew();
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    await Promise.all(this.pools.map((p) => p.close().catch(() => undefined)));
  }

  get pending(): number {
    return this.inFlight + this.retries.size + [...this.chains.values()].reduce((n, c) => n + c.length, 0);
  }

  private async post(record: LoadRecord, chain?: string): Promise<void> {
    if (this.closed) return;
    record.posts++;
    this.inFlight++;
    let status = 0;
    let body = '';
    const pool = this.pools[this.next++ % this.pools.length];
    try {
      const res = await pool.request({
        method: 'POST',
        path: this.path,
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/cloudevents+json' },
        body: JSON.stringify(record.event),
      });
      status = res.statusCode;
      body = await res.body.text();
    } catch {
      status = 0;
    } finally {
      this.inFlight--;
    }
    if (status === 202) {
      record.acceptedAt ??= Date.now();
      this.postNextOf(chain);
      return;
    }
    if (status >= 400 && status < 500) {
      this.refused.push({ at: Date.now(), status, body: body.slice(0, 300) });
      this.postNextOf(chain);
      return;
    }
    this.failed.push({ at: Date.now(), status });
    if (this.closed) return;
    const retry = setTimeout(() => {
      this.retries.delete(retry);
      void this.post(record, chain);
    }, this.retryMs);
    this.retries.add(retry);
  }

  /** The chain's next record, now that the one before was answered for good. */
  private postNextOf(chain: string | undefined): void {
    if (chain === undefined) return;
    const next = this.chains.get(chain)?.shift();
    if (next) void this.post(next, chain);
    else this.chains.delete(chain);
  }
}
