import { join } from 'node:path';
import { ConnectorManifest, DeliveryErrorCode, PermanentDeliveryError, TargetConnector } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import type { DeliveryRecord, DeliveryState } from '@hub/ledger';
import { SchemaRegistry } from '@hub/schema-registry';
import { validSamples } from '@hub/testing';
import { CloudErpConnector } from '@connectors/cloud-erp';
import { PayrollConnector } from '@connectors/payroll';
import { canonicalFieldsOf, compareFields, compareOutcomes, comparePair, MESSAGE_LIMIT, outcomeOf, sideOf } from './compare-pair';

const registry = SchemaRegistry.load(join(__dirname, '..', '..', '..', '..', 'schemas'));
const bureau = new PayrollConnector();
const erp = new CloudErpConnector();
const at = '2026-11-23T09:00:00.000Z';

const sample = (type: string, name: string) => structuredClone(validSamples(registry, type).find((s) => s.name === name)!.data as Record<string, any>);
const event = (data: Record<string, any>, type = 'hr.employee.joined.v1'): CanonicalEvent => ({ specversion: '1.0', id: 'evt-1', source: 'urn:erp-hub:source:hr', type, subject: data.employeeId, tenant: 'fen', data });
const fenJoiner = (change: (d: Record<string, any>) => void = () => undefined) => {
  const d = sample('hr.employee.joined.v1', 'fixture full.json');
  d.employeeId = 'FEN-004711';
  change(d);
  return event(d);
};
const delivery = (target: string, state: DeliveryState, over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({ eventKey: 'k1', target, tenant: 'fen', state, attempts: 1, updatedAt: at, replays: 0, ...over });
const pair = (e: CanonicalEvent, primary: DeliveryRecord, shadow: DeliveryRecord, connectors: { primary?: TargetConnector; shadow?: TargetConnector } = { primary: bureau, shadow: erp }) =>
  comparePair({ eventKey: 'k1', acceptedAt: at, event: e, primary, shadow, primaryConnector: connectors.primary, shadowConnector: connectors.shadow });

describe('outcomeOf and sideOf', () => {
  it.each([
    ['delivered', 'acknowledged'],
    ['dead-lettered', 'rejected'],
    ['discarded', 'rejected'],
    ['queued', 'pending'],
    ['retrying', 'pending'],
    ['held', 'pending'],
    ['replaying', 'pending'],
  ] as const)('%s is %s', (state, outcome) => {
    expect(outcomeOf(state)).toBe(outcome);
  });

  it("keeps a refusal's reason, status, field and message, and drops a delivered one's old error (history, not the outcome)", () => {
    const refused = delivery('cloud-erp-fen', 'dead-lettered', { reason: 'target-rejected', status: 422, field: '/data/employment/grade', message: 'grade SC is not in the grade catalogue' });
    expect(sideOf(refused)).toEqual({ target: 'cloud-erp-fen', outcome: 'rejected', state: 'dead-lettered', error: { code: 'target-rejected', status: 422, field: '/data/employment/grade', message: 'grade SC is not in the grade catalogue' } });
    expect(sideOf(delivery('payroll-fen', 'delivered', { reason: 'target-unavailable', status: 503 }))).toEqual({ target: 'payroll-fen', outcome: 'acknowledged', state: 'delivered' });
    expect(sideOf(delivery('x', 'retrying', { reason: 'target-unreachable', message: 'x'.repeat(2000) })).error!.message).toHaveLength(MESSAGE_LIMIT);
  });
});

describe('compareOutcomes', () => {
  const side = (outcome: 'acknowledged' | 'rejected' | 'pending') => ({ target: 't', outcome, state: 'delivered' as const });
  it.each([
    ['acknowledged', 'acknowledged', undefined],
    ['rejected', 'rejected', undefined],
    ['acknowledged', 'rejected', 'outcome'],
    ['rejected', 'acknowledged', 'outcome'],
    ['acknowledged', 'pending', 'pending'],
    ['pending', 'acknowledged', 'pending'],
    ['rejected', 'pending', 'pending'],
    ['pending', 'pending', 'pending'],
  ] as const)('primary %s, shadow %s: %s', (p, s, reason) => {
    expect(compareOutcomes(side(p), side(s))).toBe(reason);
  });
});

describe('compareFields', () => {
  it('lists the paths both carry with two values, and the paths only one carries, each sorted', () => {
    expect(compareFields({ '/b': 1, '/a': 'x', '/only-p': true, '/same': null }, { '/a': 'y', '/b': 1, '/only-s': 0, '/same': null })).toEqual({
      differing: [{ path: '/a', primary: 'x', shadow: 'y' }],
      onlyPrimary: ['/only-p'],
      onlyShadow: ['/only-s'],
    });
  });

  it('compares values exactly: 0.8333 is not 0.83, "1" is not 1, false is not null', () => {
    expect(compareFields({ '/f': 0.8333, '/n': '1', '/b': false }, { '/f': 0.83, '/n': 1, '/b': null }).differing.map((d) => d.path)).toEqual(['/b', '/f', '/n']);
  });
});

describe('comparePair: the payroll bureau beside the cloud ERP', () => {
  it('agrees when both acknowledged a joiner that reads back the same, listing what only one format holds', () => {
    const c = pair(fenJoiner(), delivery('payroll-fen', 'delivered'), delivery('cloud-erp-fen', 'delivered', { role: 'shadow' }));
    expect(c).toMatchObject({ eventKey: 'k1', tenant: 'fen', domain: 'hr', type: 'hr.employee.joined.v1', eventId: 'evt-1', subject: 'FEN-004711', reasons: [], fieldsCompared: true, differing: [] });
    expect(c.onlyPrimary).toEqual(['/tenant']);
    expect(c.onlyShadow).toEqual(expect.arrayContaining(['/data/email', '/data/employment/workerType']));
    expect(c.primary).toEqual({ target: 'payroll-fen', outcome: 'acknowledged', state: 'delivered' });
  });

  it("names the shadow's refusal when the ERP refuses a special constable's grade the bureau took", () => {
    const e = event(sample('hr.employee.joined.v1', 'fixture special-constable.json'));
    const c = pair(e, delivery('payroll-fen', 'delivered'), delivery('cloud-erp-fen', 'dead-lettered', { reason: 'target-rejected', status: 422, field: '/data/employment/grade', message: 'grade SC is not in the grade catalogue' }));
    expect(c.reasons).toEqual(['outcome']);
    expect(c.shadow).toMatchObject({ outcome: 'rejected', error: { code: 'target-rejected', status: 422, field: '/data/employment/grade' } });
    expect(c.differing).toEqual([]);
  });

  it('finds the FTE the ERP holds to two decimals, with both values', () => {
    const c = pair(fenJoiner((d) => (d.employment.fte = 0.8333)), delivery('payroll-fen', 'delivered'), delivery('cloud-erp-fen', 'delivered'));
    expect(c.reasons).toEqual(['fields']);
    expect(c.differing).toEqual([{ path: '/data/employment/fte', primary: 0.8333, shadow: 0.83 }]);
  });

  it("finds the bureau's joined forenames: a forename with a space reads back split elsewhere", () => {
    const c = pair(fenJoiner((d) => (d.name = { forename: 'Mary Ann', middleNames: 'Grace', surname: 'Okafor' })), delivery('payroll-fen', 'delivered'), delivery('cloud-erp-fen', 'delivered'));
    expect(c.differing).toEqual([
      { path: '/data/name/forename', primary: 'Mary', shadow: 'Mary Ann' },
      { path: '/data/name/middleNames', primary: 'Ann Grace', shadow: 'Grace' },
    ]);
  });

  it('says pending, naming the side still under way, and still compares the fields', () => {
    const c = pair(fenJoiner((d) => (d.employment.fte = 0.8333)), delivery('payroll-fen', 'delivered'), delivery('cloud-erp-fen', 'retrying', { reason: 'target-unreachable', message: 'ECONNREFUSED' }));
    expect(c.reasons).toEqual(['pending', 'fields']);
    expect(c.shadow).toEqual({ target: 'cloud-erp-fen', outcome: 'pending', state: 'retrying', error: { code: 'target-unreachable', message: 'ECONNREFUSED' } });
  });

  it('agrees on outcomes when both refused', () => {
    expect(pair(fenJoiner(), delivery('payroll-fen', 'dead-lettered', { reason: 'target-rejected' }), delivery('cloud-erp-fen', 'discarded', { reason: 'target-rejected' })).reasons).toEqual([]);
  });
});

describe('comparePair: when fields cannot be compared', () => {
  const manifest = (name: string) => ({ name, consumes: ['hr.employee.joined.v1'] }) as unknown as ConnectorManifest;
  const outcomesOnly: TargetConnector = { manifest: manifest('dms'), map: () => ({}), deliver: async () => ({ status: 200 }) };
  const cannotMap: TargetConnector = {
    manifest: manifest('strict'),
    map: () => {
      throw new PermanentDeliveryError(DeliveryErrorCode.MappingFailed, 'an FTE that rounds to 0.00', undefined, '/data/employment/fte');
    },
    canonicalFields: () => ({}),
    deliver: async () => ({ status: 200 }),
  };

  it('compares outcomes only when a connector does not say what its records carry', () => {
    const c = pair(fenJoiner(), delivery('dms-fen', 'delivered'), delivery('cloud-erp-fen', 'dead-lettered', { reason: 'target-rejected' }), { primary: outcomesOnly, shadow: erp });
    expect(c).toMatchObject({ reasons: ['outcome'], fieldsCompared: false, fieldsNote: expect.stringContaining('the dms connector does not say what its records carry'), differing: [], onlyPrimary: [], onlyShadow: [] });
  });

  it('says why when a connector cannot map the event, or is not configured here', () => {
    expect(canonicalFieldsOf(cannotMap, fenJoiner(), 'strict-fen')).toEqual({ note: 'the strict connector (strict-fen) cannot map the event: an FTE that rounds to 0.00' });
    expect(canonicalFieldsOf(undefined, fenJoiner(), 'gone-fen')).toEqual({ note: 'target gone-fen is not configured here: outcomes only' });
    expect(pair(fenJoiner(), delivery('payroll-fen', 'delivered'), delivery('strict-fen', 'dead-lettered', { reason: 'mapping-failed' }), { primary: bureau, shadow: cannotMap })).toMatchObject({ reasons: ['outcome'], fieldsCompared: false });
  });
});
