// Files that carry their own control totals (a record count and a control total, in a trailer or
// a control record), reported for reconciliation beside the hub's own numbers: by a target
// connector for the file it wrote (DeliveryReceipt.file), by a file source connector for the
// file it read (ParsedFile.control).

/** What a control total counts: money in minor units (pence), or hours in hundredths. */
export type ControlUnit = 'minor-units' | 'hundredths-of-an-hour';

/** A file's own control totals, as the file states them. */
export interface FileControlTotals {
  /** The file's kind as its system names it: GL_JOURNAL_IMPORT, COA_SEGMENT_VALUE_IMPORT, DMS_EXPORT. */
  kind: string;
  records: number;
  total: number;
  unit: ControlUnit;
  /** Money only, when the file is in one currency. */
  currency?: string;
}

/** A file a target connector wrote for one delivery, with the totals it carries. */
export interface WrittenFile extends FileControlTotals {
  name: string;
}

/**
 * What the gateway tells the hub of a file a source read that carries control totals: the body of
 * POST /v1/file-totals, posted by the gateway and checked by the API (its JSON Schema is the API's
 * FILE_TOTALS_SCHEMA). One definition for both ends.
 */
export interface FileTotalsPost {
  tenant: string;
  source: string;
  drop: string;
  file: string;
  sha256: string;
  kind: string;
  trailer: { records: number; controlTotal: number; unit: ControlUnit; currency?: string };
  posted: { records: number; total: number };
  quarantined: { records: number; total: number };
  eventKeys: string[];
}
