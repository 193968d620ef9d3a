// The round trip every connector with canonicalFields() runs in its spec: each valid fixture of each
// type it consumes, mapped and read back, gives the event's own values for the fields the record
// holds, and names exactly those.
import { valueAtPointer } from '../canonical-fields';
import type { TargetConnector } from '../target-connector';
import { canonicalEvent, forceOfEmployee } from './canonical-samples';
import { canonicalSchemas, validSamples } from './canonical-schemas';

export interface CanonicalFieldsSubject<TRecord> {
  connector: TargetConnector<TRecord> & Required<Pick<TargetConnector<TRecord>, 'canonicalFields'>>;
  /** Per consumed type, the canonical fields (JSON Pointers) the system's record has a field for. */
  holds: Record<string, string[]>;
  /** The system, as the test names say it: "the bureau". */
  system: string;
}

/** Declares the round-trip tests of `connector.canonicalFields()` (inside the caller's describe). */
export function itReadsCanonicalFieldsBack<TRecord>({ connector, holds, system }: CanonicalFieldsSubject<TRecord>): void {
  const samples = connector.manifest.consumes.flatMap((type) => validSamples(canonicalSchemas(), type).map((s) => [`${type} ${s.name}`, type, s.data as Record<string, any>] as const));

  it('knows every type the connector consumes', () => {
    expect(Object.keys(holds).sort()).toEqual([...connector.manifest.consumes].sort());
  });

  it.each(samples)(`%s: ${system} carries each field it holds, with the canonical value`, (_, type, data) => {
    const e = canonicalEvent(type, data, { tenant: forceOfEmployee(data.employeeId) });
    const fields = connector.canonicalFields(connector.map(e), e);
    // Round trip: where the record carries a field, it carries it faithfully...
    expect(fields).toEqual(Object.fromEntries(Object.keys(fields).map((p) => [p, valueAtPointer(e, p)])));
    // ...and it declares every field it holds that the event has, and nothing else.
    expect(Object.keys(fields).sort()).toEqual(holds[type].filter((p) => valueAtPointer(e, p) !== undefined).sort());
  });
}
