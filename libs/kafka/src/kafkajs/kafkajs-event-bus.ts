import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { EventBus, EventConsumer, EventProducer, TopicAdmin } from '../event-bus.interface';
import { KafkajsAdmin } from './kafkajs-admin';
import { KafkajsConsumer } from './kafkajs-consumer';
import { kafkajsLogCreator } from './kafkajs-logger';
import { KafkajsProducer } from './kafkajs-producer';

export class KafkajsEventBus implements EventBus {
  private readonly kafka: Kafka;

  constructor(brokers: string[], clientId: string, logger: Logger) {
    this.kafka = new Kafka({
      clientId,
      brokers,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { initialRetryTime: 200, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(logger),
    });
  }

  producer(): EventProducer {
    return new KafkajsProducer(this.kafka);
  }

  consumer(groupId: string): EventConsumer {
    return new KafkajsConsumer(this.kafka, groupId);
  }

  admin(): TopicAdmin {
    return new KafkajsAdmin(this.kafka);
  }
}
