/** `<domain>.<entity>.<event>.v<N>`, e.g. `hr.employee.joined.v1`. The Kafka topic has the same name. */
export const EVENT_TYPE_PATTERN = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.v([1-9][0-9]*)$/;

export interface EventTypeName {
  type: string;
  /** The type without its version: `hr.employee.joined`. */
  name: string;
  domain: string;
  version: number;
}

export function parseEventType(type: string): EventTypeName | undefined {
  const m = EVENT_TYPE_PATTERN.exec(type);
  if (!m) return undefined;
  return { type, name: `${m[1]}.${m[2]}.${m[3]}`, domain: m[1], version: Number(m[4]) };
}
