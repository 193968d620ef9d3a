import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_CONFIG, HubConfig } from '@hub/config';
import { DeliveryQueues, DeliveryRequest, TraceStore, TraceWrite } from '@hub/delivery';
import { CanonicalEvent, eventKey, fromKafkaMessage } from '@hub/events';
import type { InboundBatch } from '@hub/kafka';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { RouteTable } from './route-table';

@Injectable()
export class RoutingService {
  private readonly routes: RouteTable;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    private readonly queues: DeliveryQueues,
    private readonly traces: TraceStore,
  ) {
    this.routes = new RouteTable(config);
  }

  /** One Kafka batch → one addBulk per target queue and one trace pipeline. Throws to have the batch consumed again. */
  async route(batch: InboundBatch): Promise<void> {
    const at = new Date().toISOString();
    const requests: DeliveryRequest[] = [];
    const traces: TraceWrite[] = [];
    for (const message of batch.messages) {
      let event: CanonicalEvent;
      try {
        event = fromKafkaMessage(message);
      } catch (err) {
        // Only the API writes these topics and it validates first; a message that cannot be read
        // is logged with its coordinates for investigation and skipped, not retried forever.
        this.logger.error({ err, topic: message.topic, partition: message.partition, offset: message.offset }, 'undecodable message skipped');
        this.metrics.unrouted.inc({ tenant: 'unknown', type: 'undecodable' });
        continue;
      }
      const key = eventKey(event.source, event.id);
      const targets = this.routes.targetsFor(event.tenant, event.type, event.source);
      if (targets.length === 0) {
        traces.push({ eventKey: key, step: { step: 'unrouted', at, detail: `no route for ${event.tenant}/${event.type} from ${event.source}` } });
        this.metrics.unrouted.inc({ tenant: event.tenant, type: event.type });
        continue;
      }
      traces.push({ eventKey: key, step: { step: 'routed', at, detail: targets.join(', ') } });
      for (const target of targets) {
        requests.push({ target, data: { target, eventKey: key, event } });
        traces.push({ eventKey: key, step: { step: 'queued', at, target } });
      }
    }
    await this.queues.enqueue(requests);
    await this.traces.write(traces);
    for (const r of requests) this.metrics.jobsEnqueued.inc({ target: r.target });
  }
}
