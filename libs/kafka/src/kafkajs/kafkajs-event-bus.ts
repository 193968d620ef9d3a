import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { ConsumerSession, DEFAULT_CONSUMER_SESSION, EventBus, EventConsumer, EventProducer, TopicAdmin } from '../event-bus.interface';
import { KafkajsAdmin } from './kafkajs-admin';
import { KafkajsConsumer } from './kafkajs-consumer';
import { kafkajsLogCreator } from './kafkajs-logger';
import { KafkajsProducer } from './kafkajs-producer';
import { PlatformaticProducer } from '../platformatic/platformatic-producer';

/**
 * The hub's Kafka on kafkajs: consumer groups, admin, and the producer unless `producer` names
 * @platformatic/kafka for it (the API's hot path; the consumer and admin stay on kafkajs).
 */
export class KafkajsEventBus implements EventBus {
  private readonly kafka: Kafka;

  constructor(private readonly brokers: string[], private readonly clientId: string, private readonly logger: Logger, private readonly producerDriver: 'kafkajs' | 'platformatic' = 'kafkajs') {
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
    return this.producerDriver === 'platformatic' ? new PlatformaticProducer(this.brokers, this.clientId) : new KafkajsProducer(this.kafka);
  }

  consumer(groupId: string, session: ConsumerSession = DEFAULT_CONSUMER_SESSION): EventConsumer {
    return new KafkajsConsumer(this.kafka, groupId, { ...session, logger: this.logger });
  }

  admin(): TopicAdmin {
    return new KafkajsAdmin(this.kafka);
  }
}
