import type { BackfillState } from '@hub/ledger';
import { BACKFILL_STATE_TTL_MS, BackfillCancellations } from './backfill-cancellations';

function setup(states: Record<string, BackfillState>) {
  let now = 1_000;
  let asked = 0;
  let down = false;
  const ledger = {
    backfillStates: async (ids: readonly string[]) => {
      asked++;
      if (down) throw new Error('connection refused');
      return new Map(ids.filter((id) => states[id]).map((id) => [id, states[id]]));
    },
    withdrawBackfilled: async () => ({ withdrawn: [], released: [] }),
  };
  const sut = new BackfillCancellations(ledger, () => now);
  return { sut, states, advance: (ms: number) => (now += ms), asked: () => asked, goDown: (d: boolean) => (down = d) };
}

describe('BackfillCancellations', () => {
  it('asks the ledger once a second per backfill, and concurrent asks share one query', async () => {
    const { sut, asked, advance } = setup({ '7': 'running' });
    expect(await Promise.all([sut.cancelled('7'), sut.cancelled('7'), sut.cancelled('7')])).toEqual([false, false, false]);
    expect(asked()).toBe(1);
    advance(BACKFILL_STATE_TTL_MS - 1);
    await sut.cancelled('7');
    expect(asked()).toBe(1);
    advance(2);
    await sut.cancelled('7');
    expect(asked()).toBe(2);
  });

  it('sees a cancel within a second, and keeps it: cancelled is final', async () => {
    const { sut, states, asked, advance } = setup({ '8': 'running' });
    expect(await sut.cancelled('8')).toBe(false);
    states['8'] = 'cancelled';
    advance(BACKFILL_STATE_TTL_MS + 1);
    expect(await sut.cancelled('8')).toBe(true);
    advance(60_000);
    expect(await sut.cancelled('8')).toBe(true);
    expect(asked()).toBe(2);
  });

  it('takes a ledger that does not answer, or a backfill it does not know, as not cancelled', async () => {
    const { sut, goDown } = setup({});
    expect(await sut.cancelled('9')).toBe(false);
    goDown(true);
    expect(await sut.cancelled('10')).toBe(false);
  });
});
