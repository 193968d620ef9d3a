/**
 * The acceptance order of events across topics. A Kafka record timestamp has millisecond
 * resolution, and two events about one person posted one after the other (the second only once
 * the first had its 202) can share a millisecond; so the API stamps each message with
 * `hub-order-key`, microseconds since the epoch when it accepted it, strictly increasing within the
 * process. (A plain Kafka header, not a CloudEvents attribute: the binding's `ce_*` headers are
 * untouched.) Across API replicas the keys are as good as their clocks (NTP: well under the time a
 * source takes to post twice).
 */
export const ORDER_KEY_HEADER = 'hub-order-key';

let last = 0;

/** Now, in microseconds since the epoch, never the same twice in this process. */
export function nextOrderKey(nowMicros: number = Math.floor((performance.timeOrigin + performance.now()) * 1000)): number {
  last = nowMicros > last ? nowMicros : last + 1;
  return last;
}

/** A consumed message's order key: the API's stamp, else the record's timestamp in microseconds. */
export function orderKeyOf(headers: Readonly<Record<string, string>>, timestamp: string): number {
  const stamped = headers[ORDER_KEY_HEADER];
  if (stamped !== undefined && /^\d{1,16}$/.test(stamped)) return Number(stamped);
  const ms = Number(timestamp);
  return Number.isFinite(ms) ? ms * 1000 : 0;
}
