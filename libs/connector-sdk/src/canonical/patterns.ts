// The canonical model's patterns (schemas/defs/common.v1.json), for source connectors that check a
// system's values at the door, so a value the hub would refuse is refused naming the system's field.

export const EMPLOYEE_ID = /^[A-Z0-9][A-Z0-9-]{2,19}$/;
export const RECORD_ID = /^[A-Z0-9][A-Z0-9/-]{2,39}$/;
export const COST_CENTRE = /^[A-Z0-9]{2,12}$/;
export const NI_NUMBER = /^[A-Z]{2}[0-9]{6}[A-D]$/;
export const PHONE_NUMBER = /^\+?[0-9][0-9 ]{6,19}$/;
/** A code of the canonical model (grade, course, absence type): 2 to 20 capitals, digits or `-`. */
export const CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An RFC 3339 instant with its offset: 2026-12-18T16:42:05Z. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day in YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(v: string): boolean {
  return DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
}
