import { Inject, Injectable, Optional } from '@nestjs/common';
import type { BackfillState, DeliveryKey, ReleasedDelivery } from '@hub/ledger';
import { DeliveryLedger } from '@hub/ledger';

/** A clock for tests (Date.now otherwise). */
export const BACKFILL_CLOCK = Symbol('BACKFILL_CLOCK');

/** How long a backfill's state is taken as known before the ledger is asked again. */
export const BACKFILL_STATE_TTL_MS = 1_000;

type CancellationLedger = Pick<DeliveryLedger, 'backfillStates' | 'withdrawBackfilled'>;

/**
 * Whether a backfill job's backfill was cancelled, asked before it is delivered. A cancel withdraws
 * the held deliveries at once; the queued ones are in Redis, and each is withdrawn here when its
 * job comes up, without being sent. The ledger is asked at most once a second per backfill (and
 * concurrent asks share one query); cancelled is final and kept. A ledger that does not answer
 * counts as "not cancelled": the job is delivered, under its backfill key, which does no harm.
 */
@Injectable()
export class BackfillCancellations {
  private readonly known = new Map<string, { state: BackfillState; until: number }>();
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    @Inject(DeliveryLedger) private readonly ledger: CancellationLedger,
    @Optional() @Inject(BACKFILL_CLOCK) private readonly now: () => number = Date.now,
  ) {}

  async cancelled(backfillId: string): Promise<boolean> {
    const k = this.known.get(backfillId);
    if (k && (k.state === 'cancelled' || k.until > this.now())) return k.state === 'cancelled';
    const pending = this.asking.get(backfillId);
    if (pending) return pending;
    const ask = this.ledger
      .backfillStates([backfillId])
      .then((states) => {
        const state = states.get(backfillId);
        if (state) this.known.set(backfillId, { state, until: this.now() + BACKFILL_STATE_TTL_MS });
        return state === 'cancelled';
      })
      .catch(() => false)
      .finally(() => this.asking.delete(backfillId));
    this.asking.set(backfillId, ask);
    return ask;
  }

  /** Withdraws the delivery of a cancelled backfill; answers what its lane let go, for the caller to enqueue. */
  async withdraw(key: DeliveryKey, backfillId: string): Promise<ReleasedDelivery[]> {
    return (await this.ledger.withdrawBackfilled([key], `backfill ${backfillId} was cancelled before this was sent`)).released;
  }
}
