import type { TypedEvent } from '@hub/canonical-types';
import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import { mapIncidentRecords } from './incident-record.mapper';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
type Incident = TypedEvent<'hs.incident.reported.v1'>;
const example = (): Incident['data'] => structuredClone((registry.get('hs.incident.reported.v1')!.schema.examples as Incident['data'][])[0]);
const incident = (data: Incident['data'], tenant = 'vale'): Incident => ({ specversion: '1.0', id: 'e-1', source: 'urn:erp-hub:source:hs', type: 'hs.incident.reported.v1', subject: data.incidentId, tenant, data });

describe('mapIncidentRecords', () => {
  it("files one record per person involved, each with that person's own part and injury only", () => {
    const [injured, witness, ...more] = mapIncidentRecords(incident(example()));
    expect(more).toEqual([]);
    expect(injured).toEqual({
      kind: 'incident-records',
      workerNumber: 'VALE-30561',
      record: {
        organisation: 'VALE',
        externalReference: 'VALE-HS-2026-0077',
        occurredAt: '2026-12-05T23:40:00Z',
        incidentType: 'ASSAULT',
        location: 'Custody suite booking-in area',
        locationUnit: { id: 'VALE-CUS-1', name: 'Valebridge Custody Suite' },
        role: 'INJURED',
        injury: { nature: 'BITE', bodyPart: 'ARM', treatment: 'HOSPITAL_OUTPATIENT' },
        riddorReportable: false,
      },
    });
    expect(witness).toMatchObject({ workerNumber: 'VALE-31002', record: { role: 'WITNESS', injury: null } });
  });

  it('never copies the free-text summary (it may name other people) onto anyone\'s file', () => {
    for (const r of mapIncidentRecords(incident(example()))) expect(JSON.stringify(r)).not.toContain('bit the arresting officer');
  });

  it('leaves people of another force to their own force', () => {
    const data = example();
    data.people!.push({ employeeId: 'MOOR-20417', involvement: 'involved' });
    expect(mapIncidentRecords(incident(data)).map((r) => r.workerNumber)).toEqual(['VALE-30561', 'VALE-31002']);
  });

  it('makes no record of an incident nobody of the force was part of', () => {
    const data = example();
    delete data.people;
    expect(mapIncidentRecords(incident(data))).toEqual([]);
  });

  it('refuses an incident whose people are all of another force as a permanent mapping failure', () => {
    let err: unknown;
    try {
      mapIncidentRecords(incident(example(), 'fen'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/people', message: expect.stringContaining('VALE-30561, VALE-31002') });
  });
});
