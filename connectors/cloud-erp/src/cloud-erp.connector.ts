import type { CanonicalEvent } from '@hub/events';
import { assertConsumes, DeliveryContext, DeliveryReceipt, sendJson, TargetConnector } from '@hub/connector-sdk';
import { CloudErpRecord } from './cloud-erp.format';
import { cloudErpManifest } from './cloud-erp.manifest';
import { mapCloudErp } from './cloud-erp.mapper';

export class CloudErpConnector implements TargetConnector<CloudErpRecord> {
  readonly manifest = cloudErpManifest;

  map(event: CanonicalEvent): CloudErpRecord {
    assertConsumes(this.manifest, event);
    return mapCloudErp(event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const answer = await sendJson('POST', `${ctx.target.endpoint}/api/records`, this.map(event), {
      timeoutMs: ctx.target.timeoutMs,
      headers: { 'idempotency-key': ctx.idempotencyKey },
    });
    return { status: answer.status };
  }
}
