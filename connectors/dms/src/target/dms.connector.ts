import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { assertConsumes, DeliveryContext, DeliveryReceipt, exchangeDirs, exchangeFile, TargetConnector } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { DmsImportFile } from '../dms.format';
import { dmsImportFile } from './dms-import.file';
import { dmsImportRecord } from './dms-import.mapper';
import { dmsManifest } from '../dms.manifest';

/** The batch reference of a file mapped without a delivery (contract kit, previews). */
export const PREVIEW_BATCH_REF = 'PREVIEW';

/**
 * Consumes the DMS's ack once the importer has let go of the file (it leaves in/), so out/ does
 * not grow for ever. A repeat of the key then drops the file again and the DMS answers it from
 * its record of batch references, as an HTTP target answers a repeated Idempotency-Key. An ack
 * whose file is still held at the deadline stays, and a repeat is answered from it.
 */
async function consumeAck(endpoint: string, fileName: string, deadline: number): Promise<void> {
  const { inbox, outbox } = exchangeDirs(endpoint);
  while (existsSync(join(inbox, fileName))) {
    if (Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  await unlink(join(outbox, `${fileName}.ack`)).catch(() => undefined);
}

/** Joiners and leavers → one DMS import file each, dropped in the target's exchange directory. */
export class DmsConnector implements TargetConnector<DmsImportFile> {
  readonly manifest = dmsManifest;

  /** The file to drop; `batchRef` is the delivery's idempotency key, PREVIEW when there is none. */
  map(event: CanonicalEvent, batchRef = PREVIEW_BATCH_REF): DmsImportFile {
    assertConsumes(this.manifest, event);
    return dmsImportFile(event.tenant, batchRef, dmsImportRecord(event));
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const deadline = Date.now() + ctx.target.timeoutMs;
    const file = this.map(event, ctx.idempotencyKey);
    const { reference } = await exchangeFile(ctx.target.endpoint, file.fileName, file.content, { timeoutMs: ctx.target.timeoutMs });
    await consumeAck(ctx.target.endpoint, file.fileName, deadline);
    return { status: 200, reference };
  }
}
