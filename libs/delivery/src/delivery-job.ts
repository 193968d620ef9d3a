import type { WrittenFile } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';

/** What a delivery job carries: the target, the event's key, and the event itself. Never credentials. */
export interface DeliveryJobData {
  target: string;
  eventKey: string;
  event: CanonicalEvent;
  /**
   * Set when the target acknowledged but the ledger could not record it: the job waits for the
   * ledger and, when it runs again, records this instead of delivering a second time.
   */
  acknowledged?: { status: number; reference?: string; file?: WrittenFile };
  /** How many times the job has waited for the ledger; its wait doubles each time. */
  ledgerWaits?: number;
}

/** Queue names are contracts: one queue per target, kebab-case. */
export function queueName(targetId: string): string {
  return `delivery-${targetId}`;
}

/**
 * The job id is derived from target + event, so a re-post, a Kafka redelivery or a router restart
 * adds the same job again, which BullMQ ignores: an event is delivered to a target at most once per id.
 */
export function deliveryJobId(targetId: string, eventKey: string): string {
  return `${targetId}.${eventKey}`;
}
