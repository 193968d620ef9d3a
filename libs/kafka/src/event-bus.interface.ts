// The hub's whole view of Kafka. Apps depend on these interfaces, never on a client library.

export interface OutboundMessage {
  topic: string;
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
}

export interface PublishedRecord {
  topic: string;
}

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface InboundBatch {
  topic: string;
  partition: number;
  messages: InboundMessage[];
}

/** Handles a whole batch; resolves only when its effects are durable. Throwing makes the batch be consumed again. */
export type BatchHandler = (batch: InboundBatch) => Promise<void>;

export interface EventProducer {
  connect(): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas; rejects if any is not. */
  publish(messages: OutboundMessage[]): Promise<PublishedRecord[]>;
  disconnect(): Promise<void>;
}

export interface EventConsumer {
  /** Joins the consumer group and starts handling batches of `topics`, from the group's committed offsets. */
  start(topics: string[], handler: BatchHandler): Promise<void>;
  stop(): Promise<void>;
}

export interface TopicAdmin {
  /** Creates the topics that do not exist yet; leaves existing ones alone. */
  ensureTopics(topics: string[], partitions: number): Promise<void>;
  listTopics(): Promise<string[]>;
  deleteTopics(topics: string[]): Promise<void>;
  /** Answers when a broker is reachable; used by readiness checks. */
  ping(timeoutMs: number): Promise<void>;
  /** Sum over partitions of (log end offset - committed offset) for a group. */
  lag(groupId: string, topics: string[]): Promise<number>;
  close(): Promise<void>;
}

/** How long a member may go silent before the group gives its partitions to others, and how often it says it is alive. */
export interface ConsumerSession {
  sessionTimeoutMs: number;
  heartbeatMs: number;
}

export const DEFAULT_CONSUMER_SESSION: ConsumerSession = { sessionTimeoutMs: 10_000, heartbeatMs: 1_000 };

export interface EventBus {
  producer(): EventProducer;
  consumer(groupId: string, session?: ConsumerSession): EventConsumer;
  admin(): TopicAdmin;
}

export const EVENT_BUS = Symbol('EVENT_BUS');
