import { CloudEvent, Kafka } from 'cloudevents';
import type { InboundMessage, OutboundMessage } from '@hub/kafka';
import { CanonicalEvent } from './canonical-event';

export class UndecodableEventError extends Error {
  readonly code = 'undecodable-event';
}

/**
 * CloudEvents Kafka binding, binary content mode: attributes as `ce_*` headers, `data` as the
 * JSON value, `subject` as the key (via the binding's partitionkey), so one subject stays in order.
 */
export function toKafkaMessage(event: CanonicalEvent, topic: string): OutboundMessage {
  const ce = new CloudEvent<unknown>({ ...event, datacontenttype: 'application/json', partitionkey: event.subject }, false);
  const message = Kafka.binary(ce);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers)) if (v !== undefined) headers[k] = String(v);
  return { topic, key: event.subject, value: JSON.stringify(event.data), headers };
}

export function fromKafkaMessage(message: InboundMessage): CanonicalEvent {
  let ce: CloudEvent<unknown>;
  try {
    const kafkaMessage = { key: message.key ?? '', value: message.value ?? undefined, headers: message.headers, body: message.value };
    ce = Kafka.toEvent(kafkaMessage as Parameters<typeof Kafka.toEvent>[0]) as CloudEvent<unknown>;
  } catch (err) {
    throw new UndecodableEventError(`${message.topic}/${message.partition}@${message.offset}: ${(err as Error).message}`);
  }
  const { specversion, id, source, type, subject, time, dataschema, datacontenttype, data } = ce;
  const tenant = (ce as unknown as Record<string, unknown>).tenant;
  if (!subject || typeof tenant !== 'string') {
    throw new UndecodableEventError(`${message.topic}/${message.partition}@${message.offset}: subject and tenant are required`);
  }
  return { specversion: specversion as '1.0', id, source, type, subject, tenant, time, dataschema, datacontenttype, data };
}
