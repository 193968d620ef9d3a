import type { CanonicalEvent } from '@hub/events';
import { assertConsumes, ComparableValue, DeliveryContext, DeliveryErrorCode, DeliveryReceipt, PermanentDeliveryError, sendJson, TargetConnector } from '@hub/connector-sdk';
import { canonicalFieldOfProblem, cloudErpCanonicalFields } from './cloud-erp.canonical-fields';
import type { CloudErpCall, ErpCreated } from './cloud-erp.format';
import { cloudErpManifest } from '../cloud-erp.manifest';
import { toCloudErpCall } from './cloud-erp.mapper';

/** Joiners, movers, leavers and pay changes → the SaaS ERP's REST API, one call per event. */
export class CloudErpConnector implements TargetConnector<CloudErpCall> {
  readonly manifest = cloudErpManifest;

  map(event: CanonicalEvent): CloudErpCall {
    assertConsumes(this.manifest, event);
    return toCloudErpCall(event);
  }

  canonicalFields(call: CloudErpCall, event: CanonicalEvent): Record<string, ComparableValue> {
    return cloudErpCanonicalFields(call, event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const call = this.map(event);
    // Checked before any call: without a token every call is refused, and a retry cannot help.
    if (!ctx.credential) throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, `target ${ctx.target.id} has no credential for the ERP's API (credentialRef)`);
    const answer = await sendJson(call.method, `${ctx.target.endpoint}${call.path}`, call.body, {
      timeoutMs: ctx.target.timeoutMs,
      headers: { 'idempotency-key': ctx.idempotencyKey, authorization: `Bearer ${ctx.credential}` },
      // A 422 (or 404, 409) lists the ERP fields at fault: the dead letter names the canonical one.
      rejectedField: (refusal) => canonicalFieldOfProblem(call, event, refusal.body),
    });
    return { status: answer.status, reference: (answer.body as Partial<ErpCreated> | undefined)?.id };
  }
}
