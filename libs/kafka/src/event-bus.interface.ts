// The hub's whole view of Kafka. Apps depend on these interfaces, never on a client library.

export interface OutboundMessage {
  topic: string;
  key: string | Buffer | null;
  value: string | Buffer;
  /** A Buffer value is written as those bytes exactly (a quarantined message put back as it was read). */
  headers: Record<string, string | Buffer>;
  /** CreateTime in ms since the epoch; the producer's clock when absent. */
  timestamp?: string;
}

export interface PublishedRecord {
  topic: string;
}

/** One header as it was on the wire: Kafka allows a name more than once, and values are bytes. */
export interface RawHeader {
  key: string;
  value: Buffer | null;
}

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** Header values read as UTF-8, the first of each name. */
  headers: Record<string, string>;
  timestamp: string;
  /**
   * Where the event stands in acceptance order: microseconds since the epoch when the API accepted
   * it (the `hub-order-key` header), else the record's timestamp. Consumers of several topics
   * merge by it (OrderedRounds).
   */
  orderKey: number;
  /**
   * The key and every header as bytes, exactly as read: what a quarantine keeps and a release puts
   * back, and what tells an invalid UTF-8 header from one that merely decoded to U+FFFD. Drivers
   * set it; a message built by hand may leave it out.
   */
  raw?: { key: Buffer | null; headers: RawHeader[] };
}

/** Where a consumer's group put it: the partitions it now reads, per topic. */
export interface PartitionAssignment {
  topic: string;
  partitions: number[];
}

export interface ConsumerHooks {
  /** Called after each join of the group with what this member was given (every earlier assignment is void). */
  assigned?(assignment: PartitionAssignment[]): void;
}

/**
 * What a consumer hands its handler at once: the messages of one fetch, from any of its topics and
 * partitions, in acceptance order (their order keys), as far as order can be known yet (OrderedRounds).
 */
export interface InboundBatch {
  messages: InboundMessage[];
}

/** Handles a whole batch; resolves only when its effects are durable. Throwing makes the batch be consumed again. */
export type BatchHandler = (batch: InboundBatch) => Promise<void>;

export interface ConsumerOptions extends ConsumerHooks {
  /** Partitions per topic: every one of the consumer's topic-partitions is handed over side by side, for the merge. */
  partitions: number;
  /** How long messages may be held back waiting for another topic's older ones before they go anyway. */
  maxOrderWaitMs?: number;
  /** Told how many batches went without the order guard because their wait ran out. */
  onOrderForced?: (batches: number) => void;
  /** The most fetched from one partition at a time (bytes). */
  maxBytesPerPartition?: number;
}

export interface EventProducer {
  connect(): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas; rejects if any is not. */
  publish(messages: OutboundMessage[]): Promise<PublishedRecord[]>;
  disconnect(): Promise<void>;
}

export interface EventConsumer {
  /**
   * Joins the consumer group and starts handling batches of `topics`, from the group's committed
   * offsets. Partition p of every topic goes to one member, so one subject's events are all read
   * by one consumer, which hands them on in acceptance order.
   */
  start(topics: string[], handler: BatchHandler, options: ConsumerOptions): Promise<void>;
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
