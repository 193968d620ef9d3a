import type { CanonicalEvent } from '@hub/events';
import { assertConsumes, bearerAuthorization, ComparableValue, DeliveryContext, DeliveryReceipt, sendCall, TargetConnector } from '@hub/connector-sdk';
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
    const answer = await sendCall(call, ctx, {
      headers: bearerAuthorization(ctx, "the ERP's API"),
      // A 422 (or 404, 409) lists the ERP fields at fault: the dead letter names the canonical one.
      rejectedField: (refusal) => canonicalFieldOfProblem(call, event, refusal.body),
    });
    return { status: answer.status, reference: (answer.body as Partial<ErpCreated> | undefined)?.id };
  }
}
