import { eventKey } from '@hub/events';
import { deliveryJobId, parseDeliveryJobId } from './delivery-job';

describe('a delivery job id (also its dead letter id)', () => {
  const key = eventKey('fen', 'urn:erp-hub:source:hr', 'evt-1');

  it('is <target>.<event key>, and reads back as the delivery it names', () => {
    expect(deliveryJobId('payroll-fen', key)).toBe(`payroll-fen.${key}`);
    expect(parseDeliveryJobId(deliveryJobId('payroll-fen', key))).toEqual({ target: 'payroll-fen', eventKey: key });
  });

  it('reads a target id that itself holds dots: the event key is the last 32 hex digits', () => {
    expect(parseDeliveryJobId(deliveryJobId('erp.fen.v2', key))).toEqual({ target: 'erp.fen.v2', eventKey: key });
  });

  it.each([['no target', key], ['no event key', 'payroll-fen.'], ['a key that is not an event key', 'payroll-fen.XYZ'], ['a short key', `payroll-fen.${key.slice(1)}`], ['no dot', `payroll-fen${key}`]])('is not %s', (_, id) => {
    expect(parseDeliveryJobId(id)).toBeUndefined();
  });
});
