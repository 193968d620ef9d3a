import type { CanonicalEvent } from '@hub/events';
import { CloudErpRecord } from './cloud-erp.format';

/** Canonical event → the cloud-erp record. Throw PermanentDeliveryError(MappingFailed) for facts it cannot hold. */
export function mapCloudErp(event: CanonicalEvent): CloudErpRecord {
  const data = event.data as { effectiveFrom?: string };
  return { reference: event.subject, eventType: event.type, organisation: event.tenant.toUpperCase(), effectiveFrom: data.effectiveFrom ?? null };
}
