import { SourceInputError } from '../source-connector';
import { sourceRefusal } from '../testing/source-testing';
import { WebhookFields } from './webhook-fields';

interface Hook {
  eventId: string;
  order: { lines: { quantity: number; 'unit/price': string }[]; placed: string; status: 'OPEN' | 'SHUT' };
}
const hook = (o: Partial<Hook['order']> = {}) => ({ eventId: 'E-1', order: { lines: [{ quantity: 2, 'unit/price': '12.50' }], placed: '2026-12-01', status: 'OPEN', ...o } });
const order = (body: unknown) => WebhookFields.of<Hook>(body).object('order');

describe('WebhookFields', () => {
  it('reads typed values', () => {
    const o = order(hook());
    const [line] = o.list('lines', { minItems: 1 });
    expect([o.date('placed'), o.code('status', { OPEN: 'open', SHUT: 'closed' }), line.number('quantity', { min: 0, aboveMin: true, integer: true }), line.pence('unit/price')]).toEqual(['2026-12-01', 'open', 2, 1250]);
  });

  it('names every refusal by its JSON Pointer into the webhook, as the SourceInputError field', () => {
    const refused = (read: () => unknown) => {
      const err = sourceRefusal(read);
      return { field: err.field, message: err.message };
    };
    expect(refused(() => order(hook({ placed: '2026-02-30' })).date('placed'))).toEqual({ field: '/order/placed', message: '/order/placed "2026-02-30" is not a date (YYYY-MM-DD)' });
    expect(refused(() => order(hook({ lines: [] })).list('lines', { minItems: 1 }))).toEqual({ field: '/order/lines', message: '/order/lines must have at least 1 entries, not 0' });
    expect(refused(() => order(hook({ lines: [{ quantity: 1.5, 'unit/price': '1' }] })).list('lines')[0].number('quantity', { min: 0, integer: true }))).toMatchObject({ field: '/order/lines/0/quantity' });
    expect(refused(() => order(hook({ lines: [{ quantity: 1, 'unit/price': '-1.00' }] })).list('lines')[0].pence('unit/price'))).toMatchObject({ field: '/order/lines/0/unit~1price', message: expect.stringContaining('is not an amount in pounds') });
    expect(refused(() => WebhookFields.of<Hook>({}).text('eventId'))).toEqual({ field: '/eventId', message: '/eventId is missing' });
  });

  it('refuses a body that is not an object, as the whole document', () => {
    expect(() => WebhookFields.of('[]')).toThrow(SourceInputError);
    expect(sourceRefusal(() => WebhookFields.of([]))).toMatchObject({ field: '', message: 'the webhook is not an object' });
  });
});
