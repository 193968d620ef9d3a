import { mappingFailed } from '@hub/connector-sdk';
import { forceOf } from '../dms.codes';
import type { DmsImportFile, DmsImportRecord } from '../dms.format';
import { EOL, IMPORT_LAYOUTS, writeRecord } from '../dms.layouts';

/** What a batch reference may be: it names the file and fills the header's 64 columns. */
const BATCH_REF = /^[A-Za-z0-9._-]{1,64}$/;

/** DMSIMP_<FORCE>_<batch reference>.DAT; groups: force, batch reference. */
export const DMS_IMPORT_FILE = /^DMSIMP_([A-Z0-9]{1,4})_([A-Za-z0-9._-]{1,64})\.DAT$/;

/**
 * One import file for the DMS: HD (force, batch reference), the record, TR (record count). The
 * batch reference is the delivery's idempotency key, so a retry drops the very same file.
 */
export function dmsImportFile(tenant: string, batchRef: string, record: DmsImportRecord): DmsImportFile {
  const force = forceOf(tenant);
  if (force.length > IMPORT_LAYOUTS.HD.force.length) throw mappingFailed(`tenant ${tenant} has no DMS force code (4 characters at most)`);
  if (!BATCH_REF.test(batchRef)) {
    throw mappingFailed(`"${batchRef}" cannot be a DMS batch reference (letters, digits, . _ -, at most 64)`);
  }
  const detail = record.recordType === 'JN' ? writeRecord(IMPORT_LAYOUTS.JN, record) : writeRecord(IMPORT_LAYOUTS.LF, record);
  const lines = [writeRecord(IMPORT_LAYOUTS.HD, { recordType: 'HD', force, batchRef }), detail, writeRecord(IMPORT_LAYOUTS.TR, { recordType: 'TR', recordCount: '1' })];
  return { fileName: `DMSIMP_${force}_${batchRef}.DAT`, content: lines.join(EOL) + EOL };
}
