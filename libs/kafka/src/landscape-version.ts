/**
 * The landscape version the API accepted an event under: a plain Kafka header beside
 * `hub-order-key` (the binding's `ce_*` headers are untouched). The router routes each event by the
 * routes of that version, so an event accepted before a cutover goes where the route sent it at
 * acceptance, and every one accepted after goes to the new primary.
 */
export const LANDSCAPE_VERSION_HEADER = 'hub-landscape-version';

/** The version a consumed message names: a number, `undefined` when it has no header (route by the latest), `null` when the header is not a version. */
export function landscapeVersionOf(headers: Readonly<Record<string, string>>): number | undefined | null {
  const stamped = headers[LANDSCAPE_VERSION_HEADER];
  if (stamped === undefined) return undefined;
  return /^[1-9][0-9]{0,15}$/.test(stamped) ? Number(stamped) : null;
}
