import type { CanonicalEvent } from '@hub/events';
import { bearerAuthorization, ComparableValue, DeliveryContext, HttpAnswer, OneCallConnector, SendCallOptions } from '@hub/connector-sdk';
import { canonicalFieldOfProblem, cloudErpCanonicalFields } from './cloud-erp.canonical-fields';
import type { CloudErpCall, ErpCreated } from './cloud-erp.format';
import { cloudErpManifest } from '../cloud-erp.manifest';
import { toCloudErpCall } from './cloud-erp.mapper';

/** Joiners, movers, leavers and pay changes → the SaaS ERP's REST API, one call per event. */
export class CloudErpConnector extends OneCallConnector<CloudErpCall> {
  readonly manifest = cloudErpManifest;

  protected toCall(event: CanonicalEvent): CloudErpCall {
    return toCloudErpCall(event);
  }

  protected override sendOptions(call: CloudErpCall, event: CanonicalEvent, ctx: DeliveryContext): SendCallOptions {
    return {
      headers: bearerAuthorization(ctx, "the ERP's API"),
      // A 422 (or 404, 409) lists the ERP fields at fault: the dead letter names the canonical one.
      rejectedField: (refusal) => canonicalFieldOfProblem(call, event, refusal.body),
    };
  }

  protected receiptOf(_call: CloudErpCall, answer: HttpAnswer): { reference?: string } {
    return { reference: (answer.body as Partial<ErpCreated> | undefined)?.id };
  }

  canonicalFields(call: CloudErpCall, event: CanonicalEvent): Record<string, ComparableValue> {
    return cloudErpCanonicalFields(call, event);
  }
}
