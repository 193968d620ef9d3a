import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_BUS, EventBus, EventProducer } from '@hub/kafka';
import type { QuarantineRecord } from '@hub/ledger';

const PUBLISH_TIMEOUT_MS = 15_000;

/**
 * Puts a quarantined message back on its topic exactly as it was read: the same key, headers (in
 * order; a name given twice keeps its first value), value and timestamp, through the API's Kafka
 * (idempotent producer, acks from all in-sync replicas). The same key lands on the same partition,
 * so the router reads it after whatever it was quarantined behind, and handles it again.
 */
@Injectable()
export class QuarantineReleaser implements OnApplicationShutdown {
  private producer?: Promise<EventProducer>;

  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  async release(q: QuarantineRecord): Promise<void> {
    if (!q.raw) throw new Error(`quarantined message ${q.id} was read without its bytes`);
    const headers: Record<string, Buffer> = {};
    for (const h of q.raw.headers) if (!(h.key in headers) && h.value !== null) headers[h.key] = h.value;
    const producer = await this.connected();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        producer.publish([{ topic: q.topic, key: q.raw.key, value: q.raw.value ?? Buffer.alloc(0), headers, ...(q.raw.timestamp ? { timestamp: q.raw.timestamp } : {}) }]),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no acknowledgement from Kafka within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connected on first use: an API that never releases anything holds no second producer. */
  private connected(): Promise<EventProducer> {
    this.producer ??= (async () => {
      const p = this.bus.producer();
      await p.connect();
      return p;
    })().catch((err) => {
      this.producer = undefined;
      throw err;
    });
    return this.producer;
  }

  async onApplicationShutdown(): Promise<void> {
    const p = await this.producer?.catch(() => undefined);
    await p?.disconnect();
  }
}
