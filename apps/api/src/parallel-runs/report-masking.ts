import type { ComparisonExample, ParallelRunReport } from '@hub/ledger';
import { MASK } from '@hub/schema-registry';

/** Whether a canonical pointer of an event type names personal data (SchemaRegistry.isPersonalPointer). */
export type PersonalPointer = (type: string, pointer: string) => boolean;

/** A report as ops see it: examples' field values masked where personal, unless they may read personal data. */
export type ParallelRunReportView = ParallelRunReport & { masked: boolean };

function maskExample(e: ComparisonExample, personal: PersonalPointer): ComparisonExample {
  if (!e.field || !personal(e.type, e.field.path)) return e;
  const { primary, shadow, ...field } = e.field;
  return { ...e, field: { ...field, ...(primary !== undefined ? { primary: MASK } : {}), ...(shadow !== undefined ? { shadow: MASK } : {}) } };
}

/**
 * Masks the two values of each field example at a personal path (a name, a salary), as a dead
 * letter's data is masked; paths, counts, outcomes and reasons stay as they are.
 */
export function reportView(report: ParallelRunReport, personal: PersonalPointer, canSeePersonalData: boolean): ParallelRunReportView {
  if (canSeePersonalData) return { ...report, masked: false };
  return { ...report, examples: { ...report.examples, fields: report.examples.fields.map((e) => maskExample(e, personal)) }, masked: true };
}

/** Every example in a report, for the audit of a personal-data read. */
export const examplesOf = (r: ParallelRunReport): ComparisonExample[] => [...r.examples.outcome, ...r.examples.pending, ...r.examples.fields];
