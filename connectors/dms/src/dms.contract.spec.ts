import { describeSourceContract, describeTargetContract } from '@hub/testing';
import { DmsConnector } from './target/dms.connector';
import { dmsExportFile } from './source/dms-export.writer';
import { DmsExportFileSource } from './source/dms-export.source';
import { IMPORT_LAYOUTS } from './dms.layouts';
import { annualLeave, earlyShift, overtimeNight, partDayToil } from './testing/samples';
import { DmsSimulator } from './simulator/dms-simulator';

/** The width of every record of a layout: one past its last column. */
const widthOf = (layout: Record<string, { start: number; length: number }>) => Math.max(...Object.values(layout).map((f) => f.start - 1 + f.length));

describeTargetContract({
  connector: new DmsConnector(),
  simulator: (tenant) => new DmsSimulator(tenant),
  tenant: 'fen',
  checkRecord: (file, event) => {
    const force = event.tenant.toUpperCase();
    expect(file.fileName).toBe(`DMSIMP_${force}_PREVIEW.DAT`);
    const [hd, detail, tr, end] = file.content.split('\r\n');
    expect(hd).toBe(`HD${force.padEnd(4)}${'PREVIEW'.padEnd(64)}`);
    const kind = event.type === 'hr.employee.left.v1' ? 'LF' : 'JN';
    expect(detail.slice(0, 2)).toBe(kind);
    expect(detail).toHaveLength(widthOf(IMPORT_LAYOUTS[kind]));
    expect(detail.slice(3, 23).trim()).toBe((event.data as { employeeId: string }).employeeId);
    expect([tr, end]).toEqual(['TR0000001', '']);
  },
});

const at = { exportedAt: '20261219183000' };
const good = dmsExportFile('fen', [earlyShift(), overtimeNight(), annualLeave(), partDayToil()], at);
const lines = good.content.split('\r\n');

describeSourceContract({
  connector: new DmsExportFileSource(),
  tenant: 'fen',
  samples: [
    { name: 'an export of shifts and leave', input: good.content, fileName: good.fileName },
    { name: 'an export with LF line ends and cancelled leave', input: dmsExportFile('fen', [annualLeave({ status: 'C' })], at).content.replaceAll('\r\n', '\n'), fileName: good.fileName },
  ],
  badInputs: [
    { name: 'a wrong control total', input: dmsExportFile('fen', [earlyShift()], { ...at, controlTotal: 1 }).content, fileName: good.fileName, reason: /control total of hours: the trailer says 000000000001/ },
    { name: 'a wrong record count', input: dmsExportFile('fen', [earlyShift()], { ...at, recordCount: 3 }).content, fileName: good.fileName, reason: /record count: the trailer says 0000003, the file has 1 detail records/ },
    { name: "another force's header", input: dmsExportFile('moor', [earlyShift()], at).content, fileName: good.fileName, reason: /header force MOOR is not this drop's force FEN/ },
    { name: 'a file without its trailer', input: lines.slice(0, -2).join('\r\n'), fileName: good.fileName, reason: /no TR trailer record/ },
    { name: 'an unknown leave type', input: dmsExportFile('fen', [earlyShift(), annualLeave({ leaveType: 'ZZ' })], at).content, fileName: good.fileName, reason: /line 3: LV leave type "ZZ" is not known/ },
    { name: "another force's record", input: dmsExportFile('fen', [earlyShift({ force: 'VALE' })], at).content, fileName: good.fileName, reason: /line 2: SH belongs to force VALE, not FEN/ },
  ],
});
