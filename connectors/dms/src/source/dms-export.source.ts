import { checkDropFileName, FileSourceConnector, FileSourceContext, ParsedFile, refusedFile } from '@hub/connector-sdk';
import { forceOf } from '../dms.codes';
import { dmsManifest } from '../dms.manifest';
import { parseExportDetail } from './dms-export.mapper';
import { hoursOf, readDmsExport } from './dms-export.reader';

/** DMSEXP_<FORCE>_<YYYYMMDDHHMMSS>.DAT; group 1 is the force. */
export const DMS_EXPORT_FILE = /^DMSEXP_([A-Z0-9]{1,4})_\d{14}\.DAT$/;

/**
 * Reads the DMS's export files: SH records become dms.shift.rostered.v1, LV records
 * dms.leave.booked.v1. A bad record is reported with its line and reason while the others go
 * through; a file whose header, trailer, force or control total is wrong is refused whole, with
 * no records, so nothing of it can be posted.
 */
export class DmsExportFileSource implements FileSourceConnector {
  readonly manifest = dmsManifest;
  readonly filePattern = DMS_EXPORT_FILE;

  parseFile(content: string, ctx: FileSourceContext): ParsedFile {
    const force = forceOf(ctx.tenant);
    const named = checkDropFileName(ctx, force, { pattern: DMS_EXPORT_FILE, form: 'DMSEXP_<FORCE>_<YYYYMMDDHHMMSS>.DAT', what: 'export' });
    if ('fileError' in named) return refusedFile(named.fileError);
    const read = readDmsExport(content, force);
    if ('fileError' in read) return refusedFile(read.fileError);
    const { details, trailer } = read.file;
    return {
      records: details.map((d) => ({ ...parseExportDetail(d, force, ctx), ...(hoursOf(d) === undefined ? {} : { controlAmount: hoursOf(d) }) })),
      // The trailer, as checked: reconciliation shows it beside what the hub took of the file.
      control: { kind: 'DMS_EXPORT', records: trailer.recordCount, total: trailer.controlTotal, unit: 'hundredths-of-an-hour' },
    };
  }
}
