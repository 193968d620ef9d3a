import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfig } from '@hub/config';
import { DeliveryErrorCode, exchangeFile, PermanentDeliveryError, TransientDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { rejection } from '@hub/testing';
import { DmsConnector } from '../target/dms.connector';
import { DmsExportFileSource } from '../source/dms-export.source';
import { dmsImportFile } from '../target/dms-import.file';
import { dmsImportRecord } from '../target/dms-import.mapper';
import { DMS_SOURCE } from '../dms.manifest';
import { annualLeave, earlyShift } from '../testing/samples';
import { DmsSimulator } from './dms-simulator';

const joiner = (employeeId = 'FEN-10234'): CanonicalEvent => ({
  specversion: '1.0',
  id: `j-${employeeId}`,
  source: 'urn:erp-hub:source:hr',
  type: 'hr.employee.joined.v1',
  subject: employeeId,
  tenant: 'fen',
  data: {
    employeeId,
    name: { forename: 'Amira', surname: 'Okafor' },
    dateOfBirth: '1994-03-17',
    employment: { workerType: 'officer', rank: 'Constable', jobTitle: 'Police Constable', grade: 'PC-1', orgUnit: { code: 'NPT-03', name: 'NPT 3' }, costCentre: 'FEN4410', fte: 1, annualSalary: { amountMinor: 2996100, currency: 'GBP' } },
    effectiveFrom: '2026-12-01',
  },
});

const leaver = (employeeId = 'FEN-10234'): CanonicalEvent => ({
  ...joiner(employeeId),
  id: `l-${employeeId}`,
  type: 'hr.employee.left.v1',
  data: { employeeId, reason: 'resignation', lastWorkingDay: '2027-03-31', effectiveFrom: '2027-04-01' },
});

describe('DmsSimulator', () => {
  const dms = new DmsConnector();
  let sim: DmsSimulator;
  let target: TargetConfig;
  const deliver = (e: CanonicalEvent, key: string) => dms.deliver(e, { target, idempotencyKey: key, attempt: 1, extensions: {} });
  /** Drops hand-made content as an import file and returns the simulator's refusal. */
  const refusal = async (fileName: string, content: string) => rejection(exchangeFile(sim.url, fileName, content, { timeoutMs: 2000 }));

  beforeEach(async () => {
    sim = await new DmsSimulator('fen', undefined, () => new Date('2026-12-19T18:30:00Z')).start();
    target = { id: 'dms-fen', tenant: 'fen', connector: 'dms', endpoint: sim.url, timeoutMs: 2000, concurrency: 1, ordering: 'none', retry: { attempts: 1, backoffMs: 1, maxBackoffMs: 1 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } };
  });
  afterEach(() => sim.destroy());

  it('imports a joiner delivered by the connector, keyed by the batch reference, and answers a repeat from the first import without taking it twice', async () => {
    const first = await deliver(joiner(), 'dms-fen.k1');
    const again = await deliver(joiner(), 'dms-fen.k1');

    expect(first).toEqual({ status: 200, reference: 'DMS-FEN-000001' });
    expect(again).toEqual(first);
    expect(sim.imports).toEqual(['DMSIMP_FEN_dms-fen.k1.DAT']);
    expect(sim.calls.map((c) => c.request.headers['idempotency-key'])).toEqual(['dms-fen.k1', 'dms-fen.k1']);
    expect(readdirSync(join(sim.url, 'out'))).toEqual([]);
    expect(sim.staff.get('FEN-10234')).toEqual({
      employeeNo: 'FEN-10234',
      surname: 'Okafor',
      forenames: 'Amira',
      knownAs: '',
      startDate: '20261201',
      category: 'OFF',
      rank: 'Constable',
      unitCode: 'NPT-03',
      fte: '10000',
      costCentre: 'FEN4410',
      batchRef: 'dms-fen.k1',
    });
  });

  it('marks a known employee as left, with the dates and reason of the LF', async () => {
    await deliver(joiner(), 'k-join');
    await deliver(leaver(), 'k-leave');
    expect(sim.staff.get('FEN-10234')?.left).toEqual({ lastWorkingDay: '20270331', leavingDate: '20270401', reason: 'RS' });
    expect(sim.snapshot()).toMatchObject({ force: 'FEN', imports: ['DMSIMP_FEN_k-join.DAT', 'DMSIMP_FEN_k-leave.DAT'], staff: [expect.objectContaining({ employeeNo: 'FEN-10234' })] });
  });

  it('refuses a leaver it does not know, which the connector classifies as permanent', async () => {
    const err = await rejection(deliver(leaver('FEN-99999'), 'k-unknown'));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, message: expect.stringContaining('line 2: LF for unknown employee FEN-99999') });
    expect(sim.imports).toEqual([]);
  });

  it('refuses a second JN for someone already on the staff list, but takes an amendment', async () => {
    await deliver(joiner(), 'k1');
    expect((await rejection(deliver(joiner(), 'k2'))).message).toContain('employee FEN-10234 is already on the staff list');
    const correction = joiner();
    (correction.data as any).corrects = { source: 'urn:erp-hub:source:hr', id: 'j-FEN-10234', reason: 'rank' };
    (correction.data as any).employment.rank = 'Sergeant';
    await deliver(correction, 'k3');
    expect(sim.staff.get('FEN-10234')).toMatchObject({ rank: 'Sergeant', batchRef: 'k3' });
  });

  it("refuses another force's file", async () => {
    const moor = dmsImportFile('moor', 'k-moor', dmsImportRecord(joiner()));
    const err = await refusal(moor.fileName.replace('_MOOR_', '_FEN_'), moor.content);
    expect(err.message).toContain('line 1: this DMS serves force FEN, not MOOR');
    expect(sim.staff.size).toBe(0);
  });

  it('refuses a file whose trailer does not count its records', async () => {
    const file = dms.map(joiner(), 'k-count');
    const err = await refusal(file.fileName, file.content.replace('TR0000001', 'TR0000002'));
    expect(err.message).toContain('trailer counts "0000002" records, the file has 1');
  });

  it('refuses a JN without its required fields, naming them', async () => {
    const file = dms.map(joiner(), 'k-missing');
    const lines = file.content.split('\r\n');
    lines[1] = lines[1].slice(0, 23) + ' '.repeat(30) + lines[1].slice(53, 113) + ' '.repeat(8) + lines[1].slice(121);
    const err = await refusal(file.fileName, lines.join('\r\n'));
    expect(err.message).toContain('line 2: JN missing surname, startDate');
  });

  it('takes a batch whole or not at all', async () => {
    const head = dms.map(joiner('FEN-00001'), 'k-batch').content.split('\r\n');
    const unknownLeaver = dms.map(leaver('FEN-99999'), 'x').content.split('\r\n')[1];
    const content = [head[0], head[1], unknownLeaver, 'TR0000002', ''].join('\r\n');
    const err = await refusal('DMSIMP_FEN_k-batch.DAT', content);
    expect(err.message).toContain('line 3: LF for unknown employee FEN-99999');
    expect(sim.staff.size).toBe(0);
  });

  it('is down while stopped: the connector gets a transient unreachable, and the file is taken after start', async () => {
    await sim.stop();
    const err = await rejection(deliver(joiner(), 'k-down'));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnreachable });
    await sim.start();
    expect(await deliver(joiner(), 'k-down')).toMatchObject({ status: 200 });
  });

  it('exports like the DMS: atomically, under a new name and sequence each time, and the source connector reads it', async () => {
    const drop = join(sim.dir, 'drop', 'inbox');
    const first = await sim.exportFile(drop, [earlyShift(), annualLeave()]);
    const second = await sim.exportFile(drop, [earlyShift()], { controlTotal: 1 });

    expect(readdirSync(drop).sort()).toEqual(['DMSEXP_FEN_20261219183000.DAT', 'DMSEXP_FEN_20261219183001.DAT']);
    expect(readFileSync(second, 'utf8')).toMatch(/^HDFEN 20261219183001000002\r\n/);
    const source = new DmsExportFileSource();
    const read = (path: string) => {
      const content = readFileSync(path, 'utf8');
      return source.parseFile(content, { tenant: 'fen', source: DMS_SOURCE, fileName: path.split('/').pop()!, fileHash: createHash('sha256').update(content).digest('hex') });
    };
    expect(read(first).records.flatMap((r) => ('events' in r ? r.events.map((e) => e.type) : []))).toEqual(['dms.shift.rostered.v1', 'dms.leave.booked.v1']);
    expect(read(second).fileError).toMatch(/control total/);
    expect(sim.snapshot().exports).toBe(2);
    expect(existsSync(join(sim.dir, 'in'))).toBe(true);
  });
});
