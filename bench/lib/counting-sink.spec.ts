import { CountingSink, deliveryKey } from './counting-sink';

describe('counting sink', () => {
  it('counts a delivery key once and a repeat as doubled, per target', () => {
    const sink = new CountingSink();
    sink.record(deliveryKey('/t/payroll-fen/employees/FEN-1/pay-changes', 'k1'), 10);
    sink.record(deliveryKey('/t/payroll-fen/employees/FEN-2/pay-changes', 'k2'), 11);
    sink.record(deliveryKey('/t/payroll-moor/employees/MOOR-1/pay-changes', 'k1'), 12);
    sink.record(deliveryKey('/t/payroll-fen/employees/FEN-1/pay-changes', 'k1'), 13);
    expect(sink.stats()).toEqual({ received: 4, distinct: 3, doubled: 1, byTarget: { 'payroll-fen': 2, 'payroll-moor': 1 } });
  });

  it('keeps the first arrival of each key and null for one never seen', () => {
    const sink = new CountingSink();
    sink.record('a|1', 5);
    sink.record('a|1', 9);
    expect(sink.receipts(['a|1', 'a|2'])).toEqual([5, null]);
    sink.reset();
    expect(sink.stats()).toEqual({ received: 0, distinct: 0, doubled: 0, byTarget: {} });
  });
});
