import type { TargetConfig } from '@hub/config';
import type { CanonicalEvent, ExtensionAttributes } from '@hub/events';
import type { ConnectorManifest } from './connector-manifest';
import type { WrittenFile } from './files/control-totals';
import { DeliveryErrorCode } from './errors/delivery-error-code';
import { PermanentDeliveryError } from './errors/permanent-delivery.error';

export interface DeliveryContext {
  target: TargetConfig;
  /**
   * Same for every attempt and replay of one (target, event): the target can drop repeats. A
   * backfill's is `backfill.<target>.<event key>`, never a live first delivery's.
   */
  idempotencyKey: string;
  /**
   * `backfill`: history the hub delivers again from its ledger to seed a new system, not an event
   * as it happens. A connector may tell its system so (a header, a batch flag); absent means live.
   */
  kind?: 'live' | 'backfill';
  attempt: number;
  /** The target's credential, when its configuration names one (`credentialRef`). */
  credential?: string;
  /**
   * The event's CloudEvents extension attributes, exactly as its source sent them (each in its
   * canonical string form: `"true"`, `"5"`), `{}` when it sent none; `event.extensions` holds the
   * same. `tenant` is not among them: it is `event.tenant`, the force the credential was checked
   * against. `traceparent`/`tracestate`, when present, are the trace the event *started* in (the
   * CloudEvents distributed-tracing extension); the hub's own trace of this delivery reaches an
   * HTTP target as the request's `traceparent` header, which sendJson writes.
   */
  extensions: ExtensionAttributes;
}

/** The extensions of a context for an event without any. */
export const NO_EXTENSIONS: ExtensionAttributes = Object.freeze({});

export interface DeliveryReceipt {
  status: number;
  /** The target's own reference for what it stored, when it gives one. */
  reference?: string;
  /** The file it was sent, when the system takes files that carry control totals: recorded for reconciliation. */
  file?: WrittenFile;
}

/** A canonical field's value as a system holds it, normalised for comparison across systems. */
export type ComparableValue = string | number | boolean | null;

/** Turns canonical events into the system's own calls. Throws Transient/PermanentDeliveryError. */
export interface TargetConnector<TRecord = unknown> {
  readonly manifest: ConnectorManifest;
  /**
   * Canonical event → the system's own record, without I/O. Throws PermanentDeliveryError with
   * `unsupported-event` for a type the manifest does not consume, `mapping-failed` for a fact the
   * system cannot represent. The contract-test kit runs it over every fixture.
   */
  map(event: CanonicalEvent): TRecord;
  /**
   * What the system's record says about the event's canonical fields, for a parallel run that
   * compares two systems field by field: JSON Pointer into the canonical event (`/data/employeeId`,
   * `/data/employment/annualSalary/amountMinor`) → the value the record carries for it, normalised
   * as the canonical schema writes it (ISO dates, money in minor units, codes as canonical). Only
   * the fields the record really carries; pure, like map(). A connector without it is compared on
   * outcomes only.
   */
  canonicalFields?(record: TRecord, event: CanonicalEvent): Record<string, ComparableValue>;
  deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt>;
}

/** The guard every map() starts with. */
export function assertConsumes(manifest: ConnectorManifest, event: CanonicalEvent): void {
  if (!manifest.consumes.includes(event.type)) {
    throw new PermanentDeliveryError(DeliveryErrorCode.UnsupportedEvent, `the ${manifest.name} connector does not take ${event.type}`);
  }
}
