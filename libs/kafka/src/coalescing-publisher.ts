import { OutboundMessage, PublishedRecord } from './event-bus.interface';

interface Pending {
  messages: OutboundMessage[];
  resolve: (r: PublishedRecord[]) => void;
  reject: (e: unknown) => void;
}

/**
 * An idempotent producer keeps one request in flight, so concurrent publish() calls are coalesced:
 * whatever queued while a request was in flight goes out together in the next one, up to
 * `maxBatch` messages (natural batching, no artificial linger). Each caller hears of its own
 * messages only. Shared by every producer driver; `send` is the driver's one acks=all request.
 */
export class CoalescingPublisher {
  private queue: Pending[] = [];
  private sending = false;

  constructor(private readonly send: (messages: OutboundMessage[]) => Promise<void>, private readonly maxBatch = 1000) {}

  publish(messages: OutboundMessage[]): Promise<PublishedRecord[]> {
    if (messages.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length) {
        const group: Pending[] = [];
        let count = 0;
        while (this.queue.length && (group.length === 0 || count + this.queue[0].messages.length <= this.maxBatch)) {
          const p = this.queue.shift()!;
          group.push(p);
          count += p.messages.length;
        }
        try {
          await this.send(group.length === 1 ? group[0].messages : group.flatMap((p) => p.messages));
          for (const p of group) p.resolve(p.messages.map((m) => ({ topic: m.topic })));
        } catch (err) {
          for (const p of group) p.reject(err);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
