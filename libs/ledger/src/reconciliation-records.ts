// What the ledger answers (and takes) for reconciliation: sums per tenant, type, target and day
// of acceptance (UTC), and the control totals of files. Days are `YYYY-MM-DD`; amounts are minor
// units (pence) as numbers, exact below 2^53.
import type { MoneySql } from '@hub/canonical-types';
import type { ControlUnit } from '@hub/connector-sdk';
import type { DeliveryRole, Timestamp } from './ledger-rows';

/** A tenant's days, `from` to `to`, both included, as UTC days of acceptance. */
export interface ReconciliationWindow {
  tenant: string;
  from: string;
  to: string;
  type?: string;
  target?: string;
}

/** One money field summed, as SQL evaluates it: canonical-types' MoneySql, one definition. */
export type MoneySumSql = MoneySql;

/** The ledger's aggregates for a window, for the API to assemble into a report. */
export interface ReconciliationTotals {
  /** Events accepted per day and type, and how many of them no route sent anywhere. */
  accepted: { day: string; type: string; events: number; unrouted: number }[];
  acceptedMoney: { day: string; type: string; currency: string; events: number; amountMinor: number }[];
  /** Deliveries per day, type, target, role and state; `late`: open ones queued before the grace cut-off. */
  deliveries: { day: string; type: string; target: string; role: DeliveryRole; state: string; deliveries: number; late: number }[];
  deliveryMoney: { day: string; type: string; target: string; role: DeliveryRole; state: string; currency: string; deliveries: number; amountMinor: number }[];
  /** Files target connectors wrote for deliveries in the window (by their events' day), per unit and currency. */
  writtenFiles: { day: string; type: string; target: string; role: DeliveryRole; files: number; records: number; unit: string; currency: string | null; controlTotal: number }[];
}

/** Up to a few undelivered deliveries of a group, to act on: their ids, fingerprints, discard reasons. */
export interface UndeliveredSample {
  day: string;
  type: string;
  target: string;
  role: DeliveryRole;
  state: string;
  /** `<target>.<event key>`: the dead-letter and job id (opaque; no event ids, which may be personal). */
  deliveryIds: string[];
  fingerprints: string[];
  discardReasons: string[];
}

/** What a file's control total counts (the SDK's ControlUnit, one definition). */
export type FileUnit = ControlUnit;

/** A file a target connector wrote for one delivery, with the control totals it carries. */
export interface WrittenFileRow {
  tenant: string;
  system: string;
  target: string;
  eventKey: string;
  fileName: string;
  kind: string;
  records: number;
  controlTotal: number;
  unit: FileUnit;
  currency?: string;
  at: Timestamp;
}

/** A file the gateway read, its trailer, what became of its records, and the events they became. */
export interface ReadFileRow {
  tenant: string;
  system: string;
  dropId: string;
  fileName: string;
  sha256: string;
  kind: string;
  records: number;
  controlTotal: number;
  unit: FileUnit;
  currency?: string;
  posted: { records: number; total: number };
  quarantined: { records: number; total: number };
  at: Timestamp;
}

/** A file as the report lists it, with the hub's numbers for the same file. */
export type FileTotalsRecord =
  | {
      direction: 'written';
      day: string;
      type: string;
      target: string;
      role: DeliveryRole;
      system: string;
      fileName: string;
      kind: string;
      records: number;
      controlTotal: number;
      unit: FileUnit;
      currency: string | null;
      recordedAt: string;
      /** The delivery's state now, and the hub's money of its event (in `currency`). */
      hub: { state: string; amountMinor: number | null };
    }
  | {
      direction: 'read';
      day: string;
      dropId: string;
      system: string;
      fileName: string;
      sha256: string;
      kind: string;
      records: number;
      controlTotal: number;
      unit: FileUnit;
      currency: string | null;
      recordedAt: string;
      posted: { records: number; total: number };
      quarantined: { records: number; total: number };
      /** Of the events the gateway posted from it: how many the ledger has (accepted), what it was told of. */
      hub: { events: number; linked: number };
    };
