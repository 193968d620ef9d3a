// ERP records as the connector sends them, for the simulator's specs and manual runs.
import type { ErpCompensationChange, ErpJobChange, ErpTermination, ErpWorker } from '../target/cloud-erp.format';

export const sampleHire = (o: Partial<ErpWorker> = {}): ErpWorker => ({
  workerNumber: 'FEN-10234',
  legalName: { title: null, givenName: 'Amira', middleNames: null, familyName: 'Okafor' },
  preferredName: null,
  birthDate: '1994-03-17',
  nationalInsuranceNumber: 'QQ123456C',
  workEmail: null,
  hireDate: '2026-12-01',
  category: 'POLICE_OFFICER',
  position: { title: 'Police Constable', rank: 'Constable', gradeCode: 'PC-1', orgUnitCode: 'NPT-03', costCentre: 'FEN4410' },
  compensation: { annualBase: { amountMinor: 2996100, currency: 'GBP' }, fte: 1 },
  correction: null,
  ...o,
});

export const sampleJobChange = (o: Partial<ErpJobChange> = {}): ErpJobChange => ({
  reason: 'PROMOTION',
  temporary: false,
  effectiveDate: '2027-02-01',
  endDate: null,
  position: { title: 'Police Sergeant', rank: 'Sergeant', gradeCode: 'PS-1', orgUnitCode: 'RP-01', costCentre: 'FEN4520' },
  hostOrganisation: null,
  correction: null,
  ...o,
});

export const sampleTermination = (o: Partial<ErpTermination> = {}): ErpTermination => ({
  reason: 'RESIGNATION',
  lastDayWorked: '2027-03-31',
  terminationDate: '2027-03-31',
  correction: null,
  ...o,
});

export const sampleCompensationChange = (o: Partial<ErpCompensationChange> = {}): ErpCompensationChange => ({
  requestReference: 'FEN-PCR-2026-00318',
  workerNumber: 'FEN-10234',
  changeType: 'INCREMENT',
  allowanceCode: null,
  amount: { amountMinor: 3116400, currency: 'GBP' },
  frequency: 'ANNUAL',
  gradeCode: 'PC-2',
  effectiveDate: '2027-04-01',
  endDate: null,
  approvedBy: null,
  correction: null,
  ...o,
});
