import { prepared } from './prepared';

describe('prepared', () => {
  it('names a statement by its text: the same text the same name, another schema another one, within PostgreSQL\'s 63 characters', () => {
    const a = prepared('SELECT 1 FROM "ledger".deliveries WHERE event_key = $1', ['k']);
    const again = prepared('SELECT 1 FROM "ledger".deliveries WHERE event_key = $1', ['other']);
    const elsewhere = prepared('SELECT 1 FROM "ledger_test".deliveries WHERE event_key = $1', ['k']);
    expect(again.name).toBe(a.name);
    expect(elsewhere.name).not.toBe(a.name);
    expect(a.name!.length).toBeLessThanOrEqual(63);
    expect(again.values).toEqual(['other']);
  });
});
