import fc from 'fast-check';
import { dataProblems } from '@hub/events';
import { MAX_JSON_DEPTH, parseStrictJson as parseBytes } from './strict-json';

const parseStrictJson = (text: string) => parseBytes(Buffer.from(text, 'utf8'));

const at = (text: string) => parseStrictJson(text).problems.map((p) => p.at);

describe('parseStrictJson', () => {
  it('answers what JSON.parse answers, with no problems, for ordinary JSON', () => {
    const text = '{"id":"e-1","time":"10:00:00","data":{"a":[1,{"b":"x\\":y"}],"c":{}},"n":null}';
    expect(parseStrictJson(text)).toEqual({ value: JSON.parse(text), problems: [], mayHoldUncarriable: false });
  });

  it('names a duplicate key by its JSON Pointer segments, at any depth and in arrays', () => {
    expect(at('{"tenant":"fen","id":"1","tenant":"moor"}')).toEqual([['tenant']]);
    expect(at('[{"a":1},{"data":{"x":[{"k":1,"k":2}]}}]')).toEqual([[1, 'data', 'x', 0, 'k']]);
    expect(parseStrictJson('{"a":1,"a":2}').problems[0].message).toMatch(/duplicate key.*keep only the last "a"/);
  });

  it('sees through escapes, whitespace and quotes inside strings', () => {
    expect(at('{"\\u0061":1, "a" :2}')).toEqual([['a']]);
    expect(at('{ "s" : "\\\\" , "t":"\\"a\\":1", "s":3 }')).toEqual([['s']]);
    expect(at('{"a\\"b":1,"a\\"b":2}')).toEqual([['a"b']]);
  });

  it('refuses names that reach Object.prototype, escaped or not', () => {
    expect(at('{"data":{"__proto__":{"x":1}}}')).toEqual([['data', '__proto__']]);
    expect(at('{"\\u005f_proto__":1}')).toEqual([['__proto__']]);
    expect(parseStrictJson('[{"constructor":1},{"prototype":2}]').problems).toEqual([
      { at: [0, 'constructor'], message: '"constructor" is not allowed as a property name' },
      { at: [1, 'prototype'], message: '"prototype" is not allowed as a property name' },
    ]);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, however deep`, () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseStrictJson(ok).problems).toEqual([]);
    for (const depth of [MAX_JSON_DEPTH + 1, 300_000]) {
      const { problems } = parseStrictJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
      expect(problems).toEqual([{ at: Array(MAX_JSON_DEPTH).fill('a'), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` }]);
    }
  });

  it('stops at 20 problems, however many duplicates', () => {
    const text = `{${Array.from({ length: 5000 }, () => '"k":1').join(',')}}`;
    expect(parseStrictJson(text).problems).toHaveLength(20);
  });

  it('throws JSON.parse’s SyntaxError for text that is not JSON', () => {
    expect(() => parseStrictJson('{"a":')).toThrow(SyntaxError);
  });

  it('property: any JSON text JSON.stringify writes reads back whole, with no problems', () => {
    const noDanger = (v: unknown): boolean =>
      Array.isArray(v) ? v.every(noDanger) : v !== null && typeof v === 'object' ? Object.entries(v).every(([k, x]) => !['__proto__', 'constructor', 'prototype'].includes(k) && noDanger(x)) : true;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }).filter(noDanger), fc.integer({ min: 0, max: 2 }), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        const read = parseStrictJson(text);
        expect(read.problems).toEqual([]);
        expect(read.value).toEqual(JSON.parse(text));
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it('property: a key written twice into any object is found, at its pointer', () => {
    const key = fc.string({ unit: 'grapheme', maxLength: 6 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 }), fc.array(key, { maxLength: 4 }), (object, nesting) => {
        const [first] = Object.keys(object);
        const inner = JSON.stringify(object).replace(/}$/, `,${JSON.stringify(first)}:true}`);
        const text = nesting.reduceRight((acc, k) => `{${JSON.stringify(k)}:${acc}}`, inner);
        expect(at(text)).toEqual([[...nesting, first]]);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it.each([
    ['an escaped NUL', '{"a":"x\\u0000"}'],
    ['an escaped lone surrogate', '{"a":["\\ud800"]}'],
    ['any other \\u escape, even a harmless one', '{"\\u0061":1}'],
    ['an exponent', '{"amountMinor":1e30}'],
    ['a capital exponent', '[1E400]'],
    ['an integer of 16 digits', '{"n":9007199254740993}'],
  ])('says a text with %s may hold what the hub cannot carry', (_, text) => {
    expect(parseStrictJson(text).mayHoldUncarriable).toBe(true);
  });

  it('says a text of short numbers, letters and escapes other than \\u cannot', () => {
    expect(parseStrictJson('{"e":true,"f":false,"n":null,"x":-123456789012345.5,"s":"1e5 \\n\\" \\\\","d":"9007199254740993"}').mayHoldUncarriable).toBe(false);
  });

  it('property: whenever the text is said to hold nothing uncarriable, dataProblems finds nothing in its value', () => {
    const awkward = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\u0000', '\ud800', 'a\udc00b', '\u{1F600}'),
      fc.double(),
      fc.integer(),
      fc.constantFrom(2 ** 53, -(2 ** 53), 1e300, 0.1 + 0.2, 123456789012345.6),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => Number(n)),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, awkward, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), tie('node'), { maxKeys: 4 })),
    })).node;
    let screened = 0;
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        if (text === undefined || !Buffer.from(text).equals(Buffer.from(Buffer.from(text).toString('utf8')))) return;
        const read = parseStrictJson(text);
        if (!read.mayHoldUncarriable) {
          screened++;
          expect(dataProblems(read.value)).toEqual([]);
        }
      }),
      { seed: 12, numRuns: 1000 },
    );
    expect(screened).toBeGreaterThan(100);
  });
});
