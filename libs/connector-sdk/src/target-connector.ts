import type { TargetConfig } from '@hub/config';
import type { CanonicalEvent } from '@hub/events';
import type { ConnectorManifest } from './connector-manifest';
import { DeliveryErrorCode } from './errors/delivery-error-code';
import { PermanentDeliveryError } from './errors/permanent-delivery.error';

export interface DeliveryContext {
  target: TargetConfig;
  /** Same for every attempt and replay of one (target, event): the target can drop repeats. */
  idempotencyKey: string;
  attempt: number;
  /** The target's credential, when its configuration names one (`credentialRef`). */
  credential?: string;
}

export interface DeliveryReceipt {
  status: number;
  /** The target's own reference for what it stored, when it gives one. */
  reference?: string;
}

/** Turns canonical events into the system's own calls. Throws Transient/PermanentDeliveryError. */
export interface TargetConnector<TRecord = unknown> {
  readonly manifest: ConnectorManifest;
  /**
   * Canonical event → the system's own record, without I/O. Throws PermanentDeliveryError with
   * `unsupported-event` for a type the manifest does not consume, `mapping-failed` for a fact the
   * system cannot represent. The contract-test kit runs it over every fixture.
   */
  map(event: CanonicalEvent): TRecord;
  deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt>;
}

/** The guard every map() starts with. */
export function assertConsumes(manifest: ConnectorManifest, event: CanonicalEvent): void {
  if (!manifest.consumes.includes(event.type)) {
    throw new PermanentDeliveryError(DeliveryErrorCode.UnsupportedEvent, `the ${manifest.name} connector does not take ${event.type}`);
  }
}
