import type { TargetConfig } from '@hub/config';
import type { CanonicalEvent } from '@hub/events';
import type { ConnectorManifest } from './connector-manifest';

export interface DeliveryContext {
  target: TargetConfig;
  /** Same for every attempt and replay of one (target, event): the target can drop repeats. */
  idempotencyKey: string;
  attempt: number;
}

export interface DeliveryReceipt {
  status: number;
  /** The target's own reference for what it stored, when it gives one. */
  reference?: string;
}

/** Turns canonical events into the system's own calls. Throws Transient/PermanentDeliveryError. */
export interface TargetConnector {
  readonly manifest: ConnectorManifest;
  deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt>;
}
