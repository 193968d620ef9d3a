import { validSamples } from '@hub/testing';
import { cloudErpManifest } from '../cloud-erp.manifest';
import { DEFAULT_GRADE_CATALOGUE, GRADE_LEFT_OUT } from './grade-catalogue';
import { canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();

/** Every value of a `grade` field anywhere in a document (employment.grade, from/to.grade, grade). */
function gradesIn(value: unknown, into: Set<string>): Set<string> {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'grade' && typeof v === 'string') into.add(v);
      else gradesIn(v, into);
    }
  }
  return into;
}

describe('the default grade catalogue', () => {
  const inFixtures = new Set<string>();
  for (const type of cloudErpManifest.consumes) for (const s of validSamples(registry, type)) gradesIn(s.data, inFixtures);

  it('holds every grade of the fixtures the ERP is sent, but the one left out for the demo', () => {
    expect(inFixtures.has(GRADE_LEFT_OUT)).toBe(true);
    expect([...DEFAULT_GRADE_CATALOGUE].sort()).toEqual([...inFixtures].filter((g) => g !== GRADE_LEFT_OUT).sort());
  });
});
