import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditEntry, DeliveryLedger } from '@hub/ledger';
import { HUB_LOGGER } from '@hub/runtime';
import { scopeOf } from '../auth/ops.guard';
import type { OpsPrincipal } from '../auth/principal';

export type OpsAction =
  | 'dead-letter.replay'
  | 'dead-letter.replay-bulk'
  | 'dead-letter.replay-dry-run'
  | 'dead-letter.discard'
  | 'dead-letter.read-personal-data'
  | 'quarantine.release'
  | 'quarantine.discard'
  | 'quarantine.read-personal-data'
  | 'parallel-run.read-personal-data'
  | 'target.pause'
  | 'target.resume'
  | 'landscape.change'
  | 'landscape.change-dry-run'
  | 'landscape.cutover'
  | 'landscape.cutover-dry-run'

  | 'backfill.dry-run'
  | 'backfill.start'
  | 'backfill.pause'
  | 'backfill.resume'
  | 'backfill.cancel';

/**
 * Every ops action goes to the ledger's append-only audit table (who, what, when, in which tenants,
 * with which filter, and how many it touched), and to the log. The table is the record: if it
 * cannot be written, the caller fails, so nothing happens unaudited.
 */
@Injectable()
export class OpsAuditService {
  private readonly log: Logger;

  constructor(private readonly ledger: DeliveryLedger, @Inject(HUB_LOGGER) logger: Logger) {
    this.log = logger.child({ audit: true });
  }

  async record(p: OpsPrincipal, action: OpsAction, entry: Pick<AuditEntry, 'filter' | 'counts' | 'detail'> & { tenants?: AuditEntry['tenants'] }): Promise<void> {
    const tenants = entry.tenants ?? scopeOf(p);
    const record = await this.ledger.appendAudit({ actor: p.id, roles: p.roles, action, tenants, filter: entry.filter, counts: entry.counts, detail: entry.detail });
    this.log.info({ auditId: record.id, actor: p.id, action, tenants: record.tenants, filter: entry.filter, counts: entry.counts }, 'ops action');
  }
}
