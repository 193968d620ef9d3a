import type { TypedEvent } from '@hub/canonical-types';
import type { HrIncidentRecord, HrIncidentRequest } from './hr-records.format';
import { mappingFailed } from '@hub/connector-sdk';
import { isWorkerOf } from './worker-of-force';

type Incident = TypedEvent<'hs.incident.reported.v1'>['data'];

const INCIDENT_TYPE: Record<Incident['category'], HrIncidentRecord['incidentType']> = {
  'assault-on-employee': 'ASSAULT',
  'slip-trip-fall': 'SLIP_TRIP_FALL',
  'manual-handling': 'MANUAL_HANDLING',
  'road-traffic-collision': 'RTC',
  'bodily-fluid-exposure': 'BODILY_FLUIDS',
  'dog-bite': 'DOG_BITE',
  'hazardous-substance': 'HAZARDOUS_SUBSTANCE',
  'near-miss': 'NEAR_MISS',
  other: 'OTHER',
};
const ROLE = { injured: 'INJURED', involved: 'INVOLVED', witness: 'WITNESS' } as const;

/**
 * hs.incident.reported.v1 → one incident record on the file of each person involved who is a
 * worker of the force. People of another force are left to their own force; an incident whose
 * people are all of another force cannot be filed here at all. No people (a near miss nobody was
 * part of) means nothing for the personnel record: no request.
 * The summary is not copied: it may name other people, and would end up on every person's file.
 */
export function mapIncidentRecords(event: TypedEvent<'hs.incident.reported.v1'>): HrIncidentRequest[] {
  const d = event.data;
  const organisation = event.tenant.toUpperCase();
  const people = d.people ?? [];
  const ours = people.filter((p) => isWorkerOf(p.employeeId, organisation));
  if (people.length > 0 && ours.length === 0) {
    throw mappingFailed(`none of the people involved (${people.map((p) => p.employeeId).join(', ')}) is a worker of ${organisation}`, '/data/people');
  }
  return ours.map((p) => ({
    kind: 'incident-records',
    workerNumber: p.employeeId,
    record: {
      organisation,
      externalReference: d.incidentId,
      occurredAt: d.occurredAt,
      incidentType: INCIDENT_TYPE[d.category],
      location: d.location.description,
      locationUnit: d.location.orgUnit ? { id: d.location.orgUnit.code, name: d.location.orgUnit.name } : null,
      role: ROLE[p.involvement],
      injury: p.injury ? { nature: p.injury.nature.toUpperCase().replace(/-/g, '_'), bodyPart: p.injury.bodyPart?.toUpperCase() ?? null, treatment: p.injury.treatment.toUpperCase().replace(/-/g, '_') } : null,
      riddorReportable: d.riddorReportable ?? null,
    },
  }));
}
