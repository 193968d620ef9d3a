/** The cloud-erp system's own record, as its API takes it. TODO: the real fields. */
export interface CloudErpRecord {
  reference: string;
  eventType: string;
  organisation: string;
  effectiveFrom: string | null;
}
