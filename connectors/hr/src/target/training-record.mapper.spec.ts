import type { TypedEvent } from '@hub/canonical-types';
import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import { mapTrainingRecord } from './training-record.mapper';
import { canonicalSchemas } from '@hub/connector-sdk/testing';
import { sampleTrainingRecord } from '../testing/samples';

const registry = canonicalSchemas();
type Completion = TypedEvent<'training.course.completed.v1'>;
const example = (): Completion['data'] => structuredClone((registry.get('training.course.completed.v1')!.schema.examples as Completion['data'][])[0]);
const completion = (data: Completion['data'], tenant = 'fen'): Completion => ({ specversion: '1.0', id: 'e-1', source: 'urn:erp-hub:source:training', type: 'training.course.completed.v1', subject: data.employeeId, tenant, data });

describe('mapTrainingRecord', () => {
  it("files the schema's example on the person's record in the HR system's vocabulary", () => {
    expect(mapTrainingRecord(completion(example()))).toEqual({
      kind: 'training-records',
      workerNumber: 'FEN-10234',
      // The record its simulator's specs file: the two sides agree on one record.
      record: sampleTrainingRecord(),
    });
  });

  it('sends what the completion does not say as null, and an unmandated course without a compliance category', () => {
    const data: Completion['data'] = { completionId: 'FEN-TRN-2026-000001', employeeId: 'FEN-10234', course: { code: 'DIV-INCL-1', title: 'Diversity in policing' }, completedOn: '2026-10-03', result: 'attended' };
    expect(mapTrainingRecord(completion(data)).record).toMatchObject({ provider: null, complianceCategory: null, outcome: 'ATTENDED', scorePercent: null, expiryDate: null, hours: null });
  });

  it.each([
    ['taser', 'TASER'],
    ['police-driving', 'DRIVING'],
    ['data-protection', 'DATA_PROTECTION'],
  ] as const)('maps mandate %s to compliance category %s', (mandate, category) => {
    const data = example();
    data.course.mandate = mandate;
    expect(mapTrainingRecord(completion(data)).record.complianceCategory).toBe(category);
  });

  it("refuses another force's worker as a permanent mapping failure naming the field", () => {
    let err: unknown;
    try {
      mapTrainingRecord(completion(example(), 'moor'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/employeeId', message: expect.stringContaining('FEN-10234 is not a worker of MOOR') });
  });
});
