// The cloud ERP beside the payroll bureau, as a force's parallel run compares them: field by field
// on what each was sent (canonicalFields), and on what each answered.
import type { TargetConfig } from '@hub/config';
import { ComparableValue, DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { rejection, validSamples } from '@hub/testing';
import { PayrollConnector, PayrollSimulator } from '@connectors/payroll';
import { CloudErpConnector } from './cloud-erp.connector';
import { CloudErpSimulator } from '../simulator/cloud-erp-simulator';
import { canonicalEvent, canonicalSchemas, forceOfEmployee } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const erp = new CloudErpConnector();
const bureau = new PayrollConnector();
const event = (type: string, data: Record<string, any>, id = 'e-1'): CanonicalEvent => canonicalEvent(type, data, { id, tenant: forceOfEmployee(data.employeeId) });
type Fields = Record<string, ComparableValue>;
const both = (e: CanonicalEvent): { bureau: Fields; erp: Fields } => ({ bureau: bureau.canonicalFields(bureau.map(e), e), erp: erp.canonicalFields(erp.map(e), e) });
const sample = (type: string, name: string) => structuredClone(validSamples(registry, type).find((s) => s.name === name)!.data as Record<string, any>);

const joinedText = (...parts: (ComparableValue | undefined)[]) => parts.filter((p) => p !== undefined && p !== null).join(' ');
const sameText = (a: string, b: string) => (bu: Fields, er: Fields) => joinedText(bu[a], bu[b]) === joinedText(er[a], er[b]);

/**
 * Where the two systems' formats really lose information, so the same event reads back differently
 * (connectors/cloud-erp/README.md): the pointers concerned, what still agrees between the two, and
 * an event that shows the difference.
 */
const KNOWN_DIFFERENCES: { name: string; pointers: string[]; agree: (bureau: Fields, erp: Fields) => boolean; shownBy: () => CanonicalEvent }[] = [
  {
    name: 'the ERP holds FTE to two decimals (0.8333 → 0.83), the bureau as sent',
    pointers: ['/data/employment/fte'],
    agree: (bu, er) => Math.abs((bu['/data/employment/fte'] as number) - (er['/data/employment/fte'] as number)) <= 0.005,
    shownBy: () => {
      const data = sample('hr.employee.joined.v1', 'fixture minimal.json');
      data.employment.fte = 0.8333;
      return event('hr.employee.joined.v1', data);
    },
  },
  {
    name: "the bureau holds v1's forename and middle names as one text (forenames), read back split at the first space",
    pointers: ['/data/name/forename', '/data/name/middleNames'],
    agree: sameText('/data/name/forename', '/data/name/middleNames'),
    shownBy: () => event('hr.employee.joined.v1', { ...sample('hr.employee.joined.v1', 'fixture full.json'), name: { forename: 'Mary Ann', middleNames: 'Grace', surname: 'Okafor' } }),
  },
  {
    name: "the bureau holds v2's legal forename and middle names as one text (forenames), read back split at the first space",
    pointers: ['/data/legalName/forename', '/data/legalName/middleNames'],
    agree: sameText('/data/legalName/forename', '/data/legalName/middleNames'),
    shownBy: () => event('hr.employee.joined.v2', { ...sample('hr.employee.joined.v2', 'fixture full.json'), legalName: { forename: 'Mary Ann', surname: 'Okafor' } }),
  },
  {
    name: 'the bureau holds the preferred forename and surname as one text (knownAs), read back split at the first space',
    pointers: ['/data/preferredName/forename', '/data/preferredName/surname'],
    agree: sameText('/data/preferredName/forename', '/data/preferredName/surname'),
    shownBy: () => event('hr.employee.joined.v2', { ...sample('hr.employee.joined.v2', 'fixture full.json'), preferredName: { forename: 'Mary Ann', surname: 'Okafor-Reid' } }),
  },
];
const knownDifference = (pointer: string) => KNOWN_DIFFERENCES.find((d) => d.pointers.includes(pointer));

/** What only one of the two records carries, per type (the comparison shows these as one-sided, never as disagreements). */
const ONE_SIDED: Record<string, { bureau: string[]; erp: string[] }> = {
  'hr.employee.joined.v1': { bureau: ['/tenant'], erp: ['/data/email', '/data/employment/jobTitle', '/data/employment/orgUnit/code', '/data/employment/rank', '/data/employment/workerType', '/data/name/title'] },
  'hr.employee.joined.v2': { bureau: ['/tenant'], erp: ['/data/email', '/data/employment/jobTitle', '/data/employment/orgUnit/code', '/data/employment/rank', '/data/employment/workerType'] },
  'hr.employee.moved.v1': { bureau: ['/tenant', '/data/to/orgUnit/name'], erp: [] },
  'hr.employee.left.v1': { bureau: ['/tenant'], erp: [] },
  'payroll.pay-change.requested.v1': { bureau: ['/tenant'], erp: [] },
};

describe('cloud ERP beside the payroll bureau: what each was sent', () => {
  const types = erp.manifest.consumes;
  const samples = types.flatMap((type) => validSamples(registry, type).map((s) => [`${type} ${s.name}`, type, s.data as Record<string, any>] as const));

  it('consumes exactly what the bureau consumes, so it can run beside it for a force', () => {
    expect([...erp.manifest.consumes].sort()).toEqual([...bureau.manifest.consumes].sort());
  });

  it.each(samples)('%s: where both carry a field they agree, but for the known differences', (_, type, data) => {
    const { bureau: bu, erp: er } = both(event(type, data));
    const shared = Object.keys(bu).filter((p) => p in er);
    expect(shared.length).toBeGreaterThan(3);
    expect(shared.filter((p) => !knownDifference(p) && bu[p] !== er[p]).map((p) => ({ p, bureau: bu[p], erp: er[p] }))).toEqual([]);
    expect(shared.map(knownDifference).filter((d) => d && !d.agree(bu, er)).map((d) => d!.name)).toEqual([]);
  });

  it('carries one-sided fields only where one format has no place for them', () => {
    for (const type of types) {
      const onlyBureau = new Set<string>();
      const onlyErp = new Set<string>();
      for (const s of validSamples(registry, type)) {
        const { bureau: bu, erp: er } = both(event(type, s.data as Record<string, any>));
        Object.keys(bu).filter((p) => !(p in er)).forEach((p) => onlyBureau.add(p));
        Object.keys(er).filter((p) => !(p in bu)).forEach((p) => onlyErp.add(p));
      }
      expect({ type, bureau: [...onlyBureau].sort(), erp: [...onlyErp].sort() }).toEqual({ type, bureau: [...ONE_SIDED[type].bureau].sort(), erp: [...ONE_SIDED[type].erp].sort() });
    }
  });

  // Each known difference shows on an event made to show it, and nothing else differs there.
  it.each(KNOWN_DIFFERENCES.map((d) => [d.name, d] as const))('shows "%s"', (_, difference) => {
    const { bureau: bu, erp: er } = both(difference.shownBy());
    const differing = Object.keys(bu).filter((p) => p in er && bu[p] !== er[p]);
    expect(differing.length).toBeGreaterThan(0);
    expect(differing).toEqual(difference.pointers.filter((p) => p in bu && p in er));
    expect(difference.agree(bu, er)).toBe(true);
  });
});

describe('cloud ERP beside the payroll bureau: what each answered', () => {
  const payroll = new PayrollSimulator('moor');
  const cloud = new CloudErpSimulator('moor');
  const target = (id: string, connector: string, endpoint: string): TargetConfig => ({ id, tenant: 'moor', connector, endpoint, timeoutMs: 2000, concurrency: 1, ordering: 'none', retry: { attempts: 1, backoffMs: 10, maxBackoffMs: 10 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } });
  beforeAll(async () => {
    await payroll.start();
    await cloud.start();
  });
  afterAll(async () => {
    await payroll.stop();
    await cloud.stop();
  });

  it('the one realistic disagreement: the bureau takes a special constable, the ERP has no grade SC in its catalogue (422 naming the grade)', async () => {
    const e = event('hr.employee.joined.v1', sample('hr.employee.joined.v1', 'fixture special-constable.json'), 'j-sc');
    const taken = await bureau.deliver(e, { target: target('payroll-moor', 'payroll', payroll.url), idempotencyKey: 'payroll-moor.j-sc', attempt: 1, extensions: {} });
    const refused = await rejection(erp.deliver(e, { target: target('cloud-erp-moor', 'cloud-erp', cloud.url), idempotencyKey: 'cloud-erp-moor.j-sc', attempt: 1, credential: 'cloud-erp-token', extensions: {} }));

    expect(taken).toEqual({ status: 201, reference: expect.stringMatching(/^PAY-MOOR-/) });
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    expect(refused).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 422, field: '/data/employment/grade' });
    expect(refused.message).toContain('grade SC is not in the grade catalogue');

    // Once the ERP's administrators add the grade, the same delivery (a replay: the same key) goes through.
    cloud.grades.add('SC');
    const replayed = await erp.deliver(e, { target: target('cloud-erp-moor', 'cloud-erp', cloud.url), idempotencyKey: 'cloud-erp-moor.j-sc', attempt: 1, credential: 'cloud-erp-token', extensions: {} });
    expect(replayed).toEqual({ status: 201, reference: expect.stringMatching(/^wrk_moor_/) });
  });
});
