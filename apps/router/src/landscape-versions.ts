import type { AppliedLandscape, LiveLandscape } from '@hub/config';
import { type InboundMessage, landscapeVersionOf } from '@hub/kafka';

/** The version a message names (undefined: none, null: not a version) and, when the ledger has it, that version as applied here. */
export interface MessageVersion {
  named: number | null | undefined;
  applied?: AppliedLandscape;
}

/**
 * The landscape version each message of a batch is routed by: the one the API stamped it with, or
 * the latest for a message without a stamp (an older API's, or one released from the quarantine
 * from before versions). Each version is loaded once per batch; a store that cannot answer throws.
 */
export async function versionsOf(messages: readonly InboundMessage[], landscape: LiveLandscape): Promise<Map<InboundMessage, MessageVersion>> {
  const named = new Map(messages.map((m) => [m, landscapeVersionOf(m.headers)] as const));
  const numbers = [...new Set([...named.values()].filter((v): v is number => typeof v === 'number'))];
  const loaded = new Map(await Promise.all(numbers.map(async (v) => [v, await landscape.at(v)] as const)));
  const current = landscape.current();
  return new Map(
    messages.map((m) => {
      const v = named.get(m)!;
      if (v === undefined) return [m, { named: v, applied: current }];
      if (v === null) return [m, { named: v }];
      const applied = loaded.get(v);
      return [m, applied ? { named: v, applied } : { named: v }];
    }),
  );
}
