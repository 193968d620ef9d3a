// Calendar days on ISO dates (YYYY-MM-DD), in UTC so no time zone or clock change moves a day.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The ISO date `days` days after `date` (before, for a negative number). */
export function addDays(date: string, days: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not an ISO date: "${date}"`);
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return at.toISOString().slice(0, 10);
}
