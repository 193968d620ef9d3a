import autocannon from 'autocannon';
import { Pool } from 'undici';
import { waitFor } from '@hub/testing';
import { nowMs, SinkStats } from './counting-sink';
import { Latency, latencyOf } from './stats';

export interface PostSpec {
  contentType: string;
  body: string;
  /** Events in this request (1 for a single event, the batch size for a batch). */
  events: number;
  /** Headers of this request besides the credential and content type (a `traceparent`, say). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  events: number;
  eventsPerSec: number;
  errors: number;
  latency: Latency;
}

const headers = (token: string, contentType: string) => ({ authorization: `Bearer ${token}`, 'content-type': contentType });

/**
 * Closed loop with autocannon: `connections` clients each post the next request as soon as the
 * last one is answered, for `seconds`. Every request gets a fresh body (new event ids), so none is
 * answered as a duplicate. Counts only 2xx answers as accepted.
 */
export async function closedLoop(url: string, token: string, connections: number, seconds: number, next: () => PostSpec): Promise<LoadResult> {
  let perRequest = 1;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const spec = next();
          perRequest = spec.events;
          return { ...req, headers: headers(token, spec.contentType), body: spec.body };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    requests: ok,
    events: ok * perRequest,
    eventsPerSec: (ok * perRequest) / result.duration,
    errors: result.non2xx + result.errors + result.timeouts,
    latency: { p50: result.latency.p50, p99: result.latency.p99, p999: result.latency.p99_9, max: result.latency.max, count: result.requests.total },
  };
}

export interface OpenLoopResult extends LoadResult {
  /** When each request actually left, epoch ms: later than `sentAt` when the load generator itself fell behind. */
  leftAt: number[];
  /** When each request was answered 2xx, epoch ms (NaN: it failed). */
  answeredAt: number[];
  /** When each request was due (epoch ms), by index; its latency counts from then (no coordinated omission). */
  sentAt: number[];
}

/**
 * Open loop: requests are due at a fixed rate whether or not earlier ones were answered, and each
 * latency counts from when its request was due, so a stall shows in the figures instead of slowing
 * the load down.
 */
export async function openLoop(url: string, token: string, ratePerSec: number, seconds: number, make: (i: number) => PostSpec, connections = 64): Promise<OpenLoopResult> {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const total = Math.round(ratePerSec * seconds);
  const sentAt: number[] = new Array(total);
  const leftAt: number[] = new Array(total);
  const answeredAt: number[] = new Array(total).fill(Number.NaN);
  const latencies: number[] = [];
  let ok = 0;
  let events = 0;
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const start = nowMs();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((nowMs() - start) / 1000) * ratePerSec) + 1);
      for (; i < due; i++) {
        const spec = make(i);
        const at = start + (i / ratePerSec) * 1000;
        sentAt[i] = at;
        leftAt[i] = nowMs();
        const n = i;
        inflight.push(
          pool
            .request({ method: 'POST', path: pathname, headers: { ...headers(token, spec.contentType), ...spec.headers }, body: spec.body })
            .then(async (res) => {
              await res.body.dump();
              if (res.statusCode >= 200 && res.statusCode < 300) {
                ok++;
                events += spec.events;
                answeredAt[n] = nowMs();
                latencies.push(answeredAt[n] - at);
              } else errors++;
            })
            .catch(() => void errors++),
        );
      }
      if (i >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inflight);
  const elapsed = (nowMs() - start) / 1000;
  await pool.close();
  return { seconds: elapsed, requests: ok, events, eventsPerSec: events / elapsed, errors, latency: latencyOf(latencies), sentAt, leftAt, answeredAt };
}

/** Posts every request as fast as `concurrency` connections allow; resolves when all are answered. */
export async function postAll(url: string, token: string, specs: PostSpec[], concurrency: number): Promise<{ start: number; end: number; rejected: number }> {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const start = nowMs();
  let next = 0;
  let rejected = 0;
  const worker = async () => {
    while (next < specs.length) {
      const spec = specs[next++];
      const res = await pool.request({ method: 'POST', path: pathname, headers: headers(token, spec.contentType), body: spec.body });
      const text = await res.body.text();
      if (res.statusCode !== 202) {
        rejected += spec.events;
        if (rejected === spec.events) console.error(`bench: a post answered ${res.statusCode}: ${text.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const end = nowMs();
  await pool.close();
  return { start, end, rejected };
}

/** The counting sink's control API. */
export class SinkClient {
  constructor(readonly url: string) {}

  async stats(): Promise<SinkStats> {
    return (await fetch(`${this.url}/_bench/stats`)).json() as Promise<SinkStats>;
  }

  async reset(): Promise<void> {
    await fetch(`${this.url}/_bench/reset`, { method: 'POST' });
  }

  async receipts(keys: string[]): Promise<(number | null)[]> {
    const out: (number | null)[] = [];
    for (let i = 0; i < keys.length; i += 20_000) {
      const res = await fetch(`${this.url}/_bench/receipts`, { method: 'POST', body: JSON.stringify(keys.slice(i, i + 20_000)) });
      out.push(...((await res.json()) as (number | null)[]));
    }
    return out;
  }

  /** The latest first arrival among `keys`, and how many of them never arrived. */
  async lastReceipt(keys: string[]): Promise<{ last: number; missing: number }> {
    let last = 0;
    let missing = 0;
    for (const at of await this.receipts(keys)) {
      if (at === null) missing++;
      else if (at > last) last = at;
    }
    return { last, missing };
  }

  /** Waits until `distinct` deliveries have arrived; fails with what did arrive after `timeoutMs`. */
  async waitForDistinct(distinct: number, timeoutMs: number): Promise<SinkStats> {
    return waitFor(`${distinct} deliveries at the sink`, async () => {
      const s = await this.stats();
      return s.distinct >= distinct ? s : false;
    }, timeoutMs, 20);
  }
}
