import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { DmsConnector } from './dms.connector';
import { thrown } from '@hub/testing';
import { canonicalEvent, canonicalSchemas, schemaExample } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = (type: string) => schemaExample(type);
const dms = new DmsConnector();

const event = (type: string, data: Record<string, any>, tenant = 'fen'): CanonicalEvent => canonicalEvent(type, data, { tenant });

/** The file's records, without the final line end. */
const linesOf = (content: string) => {
  expect(content.endsWith('\r\n')).toBe(true);
  return content.slice(0, -2).split('\r\n');
};

const failure = (fn: () => unknown) => thrown(fn, PermanentDeliveryError, 'the mapping');

describe('DmsConnector.map: canonical events → DMS import files', () => {
  it("writes a v1 joiner as HD, JN and TR in the DMS's columns", () => {
    const file = dms.map(event('hr.employee.joined.v1', example('hr.employee.joined.v1')), 'dms-fen.0123abcd');
    expect(file.fileName).toBe('DMSIMP_FEN_dms-fen.0123abcd.DAT');
    expect(linesOf(file.content)).toEqual([
      'HD' + 'FEN ' + 'dms-fen.0123abcd'.padEnd(64),
      'JN' + 'N' + 'FEN-10234'.padEnd(20) + 'Okafor'.padEnd(30) + 'Amira'.padEnd(30) + ''.padEnd(30) + '20261201' + 'OFF' + 'Constable'.padEnd(20) + 'NPT-03'.padEnd(20) + '10000' + 'FEN4410'.padEnd(12),
      'TR0000001',
    ]);
  });

  it('writes a v2 joiner with the legal name and middle names as forenames, the preferred name as known-as', () => {
    const data = example('hr.employee.joined.v2');
    data.preferredName.surname = 'Okafor-Reid';
    data.employment.fte = 0.6;
    data.employment.workerType = 'staff';
    delete data.employment.rank;
    const jn = linesOf(dms.map(event('hr.employee.joined.v2', data)).content)[1];
    expect(jn).toBe('JN' + 'N' + 'FEN-10234'.padEnd(20) + 'Okafor'.padEnd(30) + 'Amirah Ngozi'.padEnd(30) + 'Amira Okafor-Reid'.padEnd(30) + '20261201' + 'STF' + ''.padEnd(20) + 'NPT-03'.padEnd(20) + '06000' + 'FEN4410'.padEnd(12));
  });

  it('writes a leaver as LF with its last working day, leaving date and reason code', () => {
    const file = dms.map(event('hr.employee.left.v1', example('hr.employee.left.v1'), 'moor'));
    expect(file.fileName).toBe('DMSIMP_MOOR_PREVIEW.DAT');
    expect(linesOf(file.content)).toEqual(['HD' + 'MOOR' + 'PREVIEW'.padEnd(64), 'LFN' + 'FEN-08811'.padEnd(20) + '20261231' + '20270101' + 'RT', 'TR0000001']);
  });

  it('sends a correcting event as an amendment (action A)', () => {
    const data = { ...example('hr.employee.left.v1'), corrects: { source: 'urn:erp-hub:source:hr', id: 'e-0', reason: 'wrong date' } };
    expect(linesOf(dms.map(event('hr.employee.left.v1', data)).content)[1].slice(0, 3)).toBe('LFA');
  });

  it.each([
    ['a surname longer than its 30 columns', 'hr.employee.joined.v1', (d: any) => (d.name.surname = 'Featherstonehaugh-Cholmondeley-Smythe'), '/data/name/surname', /is 37 characters, the DMS surname field holds 30/],
    ['middle names that make the forenames too long', 'hr.employee.joined.v2', (d: any) => (d.legalName.middleNames = 'Ngozi Adaeze Chiamaka Oluwaseun'), '/data/legalName/middleNames', /forenames field holds 30/],
    ['a rank longer than its 20 columns', 'hr.employee.joined.v1', (d: any) => (d.employment.rank = 'Temporary Detective Chief Inspector'), '/data/employment/rank', /rank field holds 20/],
    ['an FTE finer than the DMS holds', 'hr.employee.joined.v1', (d: any) => (d.employment.fte = 0.33333), '/data/employment/fte', /more decimals than the DMS holds/],
    ['a line break inside a name', 'hr.employee.joined.v1', (d: any) => (d.name.surname = 'Oka\nfor'), '/data/name/surname', /control character/],
  ])('refuses %s as a permanent mapping failure naming the field, never cutting it', (_, type, change, field, message) => {
    const data = example(type);
    change(data);
    const err = failure(() => dms.map(event(type, data)));
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field, message: expect.stringMatching(message) });
    expect(err.message).not.toContain('Featherstonehaugh');
  });

  it('refuses a type it does not consume as unsupported', () => {
    const err = failure(() => dms.map(event('dms.shift.rostered.v1', example('dms.shift.rostered.v1'))));
    expect(err.code).toBe(DeliveryErrorCode.UnsupportedEvent);
  });

  it('refuses an idempotency key that cannot name a file', () => {
    const err = failure(() => dms.map(event('hr.employee.left.v1', example('hr.employee.left.v1')), '../escape'));
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, message: expect.stringContaining('cannot be a DMS batch reference') });
  });
});
