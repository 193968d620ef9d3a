import { read, readOne } from './webhook.spec-support';
import { transferred } from '../testing/samples';
import { sourceRefusal } from '@hub/connector-sdk/testing';

describe('worker.transferred → hr.employee.moved.v1', () => {
  it('states the move, where from and the whole new position', () => {
    const e = readOne(transferred());
    expect(e).toMatchObject({ type: 'hr.employee.moved.v1', id: 'wh-FEN-10234-7', subject: 'FEN-10234' });
    expect(e.data).toEqual({
      employeeId: 'FEN-10234',
      moveType: 'promotion',
      from: { orgUnit: { code: 'NPT-03', name: 'Neighbourhood Policing Team 3' }, jobTitle: 'Police Constable', rank: 'Constable', grade: 'PC-7', costCentre: 'FEN4410' },
      to: { orgUnit: { code: 'RP-01', name: 'Roads Policing Unit' }, jobTitle: 'Police Sergeant', rank: 'Sergeant', grade: 'PS-1', costCentre: 'FEN4520' },
      effectiveFrom: '2027-02-01',
    });
  });

  it.each([
    ['LATERAL', 'transfer'],
    ['COST_CENTRE_ONLY', 'cost-centre-change'],
  ] as const)('maps %s to %s, without the previous placement when HR does not send it', (transferType, moveType) => {
    const e = readOne(transferred({ transferType, previousPlacement: undefined }));
    expect(e.data.moveType).toBe(moveType);
    expect(e.data).not.toHaveProperty('from');
  });

  it('carries a secondment with its host and planned end', () => {
    const e = readOne(transferred({ transferType: 'SECONDMENT', hostOrganisation: 'Eastern Regional Organised Crime Unit', plannedEndDate: '2028-01-31' }));
    expect(e.data).toMatchObject({ moveType: 'secondment', secondedTo: 'Eastern Regional Organised Crime Unit', effectiveTo: '2028-01-31' });
  });

  it('carries acting up as a temporary promotion', () => {
    expect(readOne(transferred({ transferType: 'ACTING_UP', plannedEndDate: '2027-05-01' })).data).toMatchObject({ moveType: 'temporary-promotion', effectiveTo: '2027-05-01' });
  });

  it.each(['ACTING_UP', 'SECONDMENT'] as const)('refuses %s without its planned end date (the canonical type requires it)', (transferType) => {
    expect(sourceRefusal(() => read(transferred({ transferType })))).toMatchObject({ field: '/transfer/plannedEndDate', message: expect.stringContaining('missing') });
  });

  it('refuses a planned end before the move starts', () => {
    expect(sourceRefusal(() => read(transferred({ transferType: 'SECONDMENT', plannedEndDate: '2027-01-31' })))).toMatchObject({ field: '/transfer/plannedEndDate' });
  });

  it('refuses a new placement without a pay grade, and a cost centre not in the canonical form', () => {
    const t = transferred();
    const { payGrade: _, ...noGrade } = t.transfer.newPlacement;
    expect(sourceRefusal(() => read(transferred({ newPlacement: noGrade as never })))).toMatchObject({ field: '/transfer/newPlacement/payGrade' });
    expect(sourceRefusal(() => read(transferred({ newPlacement: { ...t.transfer.newPlacement, costCentre: 'fen-4520' } })))).toMatchObject({ field: '/transfer/newPlacement/costCentre' });
  });

  it('refuses an unknown transfer type, naming the codes it knows', () => {
    const err = sourceRefusal(() => read(transferred({ transferType: 'DEMOTION' as never })));
    expect(err).toMatchObject({ field: '/transfer/transferType', message: expect.stringContaining('LATERAL, PROMOTION, ACTING_UP, SECONDMENT, COST_CENTRE_ONLY') });
  });
});
