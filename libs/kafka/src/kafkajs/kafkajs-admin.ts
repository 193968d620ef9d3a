import { Admin, Kafka } from 'kafkajs';
import { TopicAdmin } from '../event-bus.interface';

export class KafkajsAdmin implements TopicAdmin {
  private readonly admin: Admin;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  private connect(): Promise<void> {
    this.connected ??= this.admin.connect().catch((err) => {
      this.connected = undefined;
      throw err;
    });
    return this.connected;
  }

  async ensureTopics(topics: string[], partitions: number): Promise<void> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    // createTopics answers false when another process created them first: both outcomes are fine.
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
  }

  async listTopics(): Promise<string[]> {
    await this.connect();
    return this.admin.listTopics();
  }

  async deleteTopics(topics: string[]): Promise<void> {
    if (topics.length === 0) return;
    await this.connect();
    await this.admin.deleteTopics({ topics });
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.connect().then(() => this.admin.describeCluster()), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async lag(groupId: string, topics: string[]): Promise<number> {
    await this.connect();
    let total = 0;
    for (const topic of topics) {
      const [ends, committed] = await Promise.all([
        this.admin.fetchTopicOffsets(topic),
        this.admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      for (const p of ends) {
        const c = done.get(p.partition) ?? -1;
        total += Math.max(0, Number(p.high) - Math.max(c, Number(p.low)));
      }
    }
    return total;
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
    this.connected = undefined;
  }
}
