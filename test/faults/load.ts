// A steady stream of events, posted one per request at a fixed rate whatever the answers, like a
// force's HR system: a post answered with anything but 202 (or not answered) is posted again, the
// same event, a second later, until it is accepted.
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
  private readonly pool: Pool;
  private readonly path: string;
  private ticker?: NodeJS.Timeout;
  private startedAt = 0;
  private due = 0;
  private readonly retries = new Set<NodeJS.Timeout>();
  private inFlight = 0;

  constructor(
    url: string,
    private readonly token: string,
    private readonly ratePerSec: number,
    private readonly make: (n: number) => { event: CanonicalEvent; keys: string[] },
    private readonly retryMs = 1_000,
  ) {
    const { origin, pathname } = new URL(url);
    this.path = pathname;
    // Enough connections that a Kafka outage (each request held up to 15 s) does not queue posts here.
    this.pool = new Pool(origin, { connections: 512, headersTimeout: 30_000, bodyTimeout: 30_000, keepAliveTimeout: 4_000 });
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
        void this.post(record);
      }
    }, 10);
  }

  /** Stops posting new events; events not accepted yet are still posted again until they are. */
  stopNew(): void {
    clearInterval(this.ticker);
  }

  /** Stops everything, re-posts included. */
  async close(): Promise<void> {
    this.stopNew();
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    await this.pool.close().catch(() => undefined);
  }

  get pending(): number {
    return this.inFlight + this.retries.size;
  }

  private async post(record: LoadRecord): Promise<void> {
    record.posts++;
    this.inFlight++;
    let status = 0;
    let body = '';
    try {
      const res = await this.pool.request({
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
      return;
    }
    if (status >= 400 && status < 500) {
      this.refused.push({ at: Date.now(), status, body: body.slice(0, 300) });
      return;
    }
    this.failed.push({ at: Date.now(), status });
    const retry = setTimeout(() => {
      this.retries.delete(retry);
      void this.post(record);
    }, this.retryMs);
    this.retries.add(retry);
  }
}
