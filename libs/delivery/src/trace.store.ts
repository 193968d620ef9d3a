import type { Redis } from 'ioredis';
import type { EventAttributes } from '@hub/events';

export type TraceStepName =
  | 'accepted'
  | 'duplicate'
  | 'routed'
  | 'unrouted'
  | 'queued'
  | 'attempt-failed'
  | 'delivered'
  | 'dead-lettered'
  | 'replay-requested'
  | 'discarded';

export interface TraceStep {
  step: TraceStepName;
  at: string;
  target?: string;
  attempt?: number;
  detail?: string;
}

export interface TraceWrite {
  eventKey: string;
  step: TraceStep;
  /** Written with the first step of an event so a trace can be read without the payload. */
  attributes?: EventAttributes;
}

export interface EventTrace {
  event: EventAttributes;
  steps: TraceStep[];
}

/**
 * Append-only steps per event, in Redis with a TTL. Writes are batched into one pipeline per
 * request, Kafka batch or job, so tracing costs one round trip on each path.
 */
export class TraceStore {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly ttlSeconds: number) {}

  private stepsKey(eventKey: string) {
    return `${this.prefix}:trace:${eventKey}`;
  }
  private attrsKey(eventKey: string) {
    return `${this.prefix}:trace:${eventKey}:event`;
  }
  private idKey(id: string) {
    return `${this.prefix}:trace-id:${id}`;
  }

  async write(entries: TraceWrite[]): Promise<void> {
    if (entries.length === 0) return;
    const p = this.redis.pipeline();
    for (const { eventKey, step, attributes } of entries) {
      if (attributes) {
        p.set(this.attrsKey(eventKey), JSON.stringify(attributes), 'EX', this.ttlSeconds);
        p.sadd(this.idKey(attributes.id), eventKey);
        p.expire(this.idKey(attributes.id), this.ttlSeconds);
      }
      p.rpush(this.stepsKey(eventKey), JSON.stringify(step));
      p.expire(this.stepsKey(eventKey), this.ttlSeconds);
    }
    await p.exec();
  }

  /** Event keys recorded for an id (several when different sources used the same id). */
  async keysForId(id: string): Promise<string[]> {
    return this.redis.smembers(this.idKey(id));
  }

  async read(eventKey: string): Promise<EventTrace | undefined> {
    const [attrs, steps] = await Promise.all([this.redis.get(this.attrsKey(eventKey)), this.redis.lrange(this.stepsKey(eventKey), 0, -1)]);
    if (!attrs) return undefined;
    return { event: JSON.parse(attrs) as EventAttributes, steps: steps.map((s) => JSON.parse(s) as TraceStep) };
  }
}
