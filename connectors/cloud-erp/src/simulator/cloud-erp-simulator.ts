import { HttpSimulator, SimAnswer, SimRequest } from '@hub/connector-sdk';
import { CloudErpRecord } from '../cloud-erp.format';

/** The cloud-erp system's API as far as the hub uses it: stores records once per idempotency key. */
export class CloudErpSimulator extends HttpSimulator {
  readonly records = new Map<string, CloudErpRecord>();

  constructor(readonly tenant: string, port = 0, host = '127.0.0.1') {
    super('cloud-erp-' + tenant, port, host);
  }

  protected handle(req: SimRequest): SimAnswer {
    if (req.method !== 'POST' || req.path !== '/api/records') return { status: 404, body: { error: 'not found' } };
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) return { status: 400, body: { error: 'Idempotency-Key header is required' } };
    if (!this.records.has(key)) this.records.set(key, req.body as CloudErpRecord);
    return { status: 201, body: { stored: key } };
  }

  protected clear(): void {
    this.records.clear();
  }

  protected snapshot(): unknown {
    return { records: [...this.records.values()] };
  }
}
