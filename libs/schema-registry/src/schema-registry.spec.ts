import { mkdtempSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry, SchemaRegistryError } from './schema-registry';
import { MASK } from './pii-mask';

const repoSchemas = join(__dirname, '..', '..', '..', 'schemas');

describe('SchemaRegistry', () => {
  const registry = SchemaRegistry.load(repoSchemas);
  const example = () => structuredClone((registry.get('hr.employee.joined.v1')!.schema.examples as any[])[0]);

  it('loads the canonical types with their versions', () => {
    expect(registry.get('hr.employee.joined.v1')).toMatchObject({ name: 'hr.employee.joined', domain: 'hr', version: 1 });
  });

  it('accepts the example and names the field that is wrong', () => {
    expect(registry.validate('hr.employee.joined.v1', example())).toEqual([]);
    const bad = example();
    bad.effectiveFrom = '01/12/2026';
    delete bad.name.surname;
    expect(registry.validate('hr.employee.joined.v1', bad, '/data')).toEqual(
      expect.arrayContaining([
        { path: '/data/effectiveFrom', message: 'must be a valid date' },
        { path: '/data/name/surname', message: 'is required' },
      ]),
    );
  });

  it('masks personal fields found through $ref, and only those', () => {
    const masked = registry.mask('hr.employee.joined.v1', example()) as any;
    expect(masked.name).toEqual({ forename: MASK, surname: MASK });
    expect(masked.dateOfBirth).toBe(MASK);
    expect(masked.niNumber).toBe(MASK);
    expect(masked.employeeId).toBe('FEN-10234');
    expect(masked.employment.costCentre).toBe('FEN4410');
  });

  it('says which canonical pointers name personal data, as mask() hides them: a field, or one inside a personal object', () => {
    const personal = (pointer: string, type = 'hr.employee.joined.v1') => registry.isPersonalPointer(type, pointer);
    expect(['/data/name/forename', '/data/name/middleNames', '/data/dateOfBirth', '/data/niNumber', '/data/employment/annualSalary/amountMinor'].filter((p) => !personal(p))).toEqual([]);
    expect(['/data/employeeId', '/data/employment/fte', '/data/employment/grade', '/data/effectiveFrom', '/tenant'].filter((p) => personal(p))).toEqual([]);
    expect(personal('/data/amount/amountMinor', 'payroll.pay-change.requested.v1')).toBe(true);
    expect(personal('/data/anything', 'no.such.type.v1')).toBe(true);
  });

  function withSchema(name: string, schema: object): string {
    const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
    mkdirSync(join(dir, 'defs'));
    cpSync(join(repoSchemas, 'defs'), join(dir, 'defs'), { recursive: true });
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(schema));
    return dir;
  }

  it('fails at load on a misspelt annotation', () => {
    const dir = withSchema('hr.thing.happened.v1', {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://erp-hub.example/schemas/hr.thing.happened.v1.json',
      title: 'hr.thing.happened.v1',
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string', 'x-pii': 'yes' } },
      examples: [{ name: 'x' }],
    });
    expect(() => SchemaRegistry.load(dir)).toThrow(SchemaRegistryError);
  });

  it('fails at load when an example does not pass its own schema', () => {
    const dir = withSchema('hr.thing.happened.v1', {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://erp-hub.example/schemas/hr.thing.happened.v1.json',
      title: 'hr.thing.happened.v1',
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: { type: 'string' } },
      examples: [{}],
    });
    expect(() => SchemaRegistry.load(dir)).toThrow(/examples\[0\] fails its own schema: \/name is required/);
  });
});
