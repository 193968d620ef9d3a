import type { CanonicalEvent } from '@hub/events';
import type { ConnectorManifest } from './connector-manifest';
import { HttpAnswer, HttpCall, sendCall, SendCallOptions } from './http-target-client';
import { assertConsumes, DeliveryContext, DeliveryReceipt, TargetConnector } from './target-connector';

/**
 * A target that takes one REST call per event, the shape of most of them. The contract:
 *  - map() is the manifest's guard (`unsupported-event` for a type it does not consume), then the
 *    connector's own toCall(), pure, which throws `mapping-failed` for what the system cannot hold;
 *  - deliver() sends that call with sendCall (the delivery's idempotency key, the target's endpoint
 *    and timeout; every failure classified where it happens: down and 5xx transient, 4xx permanent),
 *    and only an answer the system took reaches receiptOf(), which reads its reference from it.
 * A connector whose event makes several calls (hr: one per person of an incident) implements
 * TargetConnector itself.
 */
export abstract class OneCallConnector<TCall extends HttpCall> implements TargetConnector<TCall> {
  abstract readonly manifest: ConnectorManifest;

  /** The event as the system's call (the guard has passed). */
  protected abstract toCall(event: CanonicalEvent): TCall;

  /** What the receipt says besides the status: the system's reference, a file's totals. */
  protected abstract receiptOf(call: TCall, answer: HttpAnswer): Omit<DeliveryReceipt, 'status'>;

  /** Headers (a bearer token) and how a refusal names its field; none by default. */
  protected sendOptions(_call: TCall, _event: CanonicalEvent, _ctx: DeliveryContext): SendCallOptions {
    return {};
  }

  map(event: CanonicalEvent): TCall {
    assertConsumes(this.manifest, event);
    return this.toCall(event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const call = this.map(event);
    const answer = await sendCall(call, ctx, this.sendOptions(call, event, ctx));
    return { status: answer.status, ...this.receiptOf(call, answer) };
  }
}
