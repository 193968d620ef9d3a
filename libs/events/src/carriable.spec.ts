import { attributeProblem, canonicalAttributeProblems, carryProblems, dataProblems, displayCopy, escapeAttribute, eventAttributeProblems, extensionProblem, pointerSegment } from './carriable';
import type { CanonicalEvent } from './canonical-event';

const event: CanonicalEvent = {
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:erp-hub:source:hr',
  type: 'hr.employee.joined.v1',
  subject: 'FEN-000001',
  tenant: 'fen',
  data: { name: { forename: 'Zoë', surname: "O'Brien 名前 😀" }, salary: { amountMinor: 3_150_000 } },
};

describe('what the hub can carry exactly', () => {
  it('takes an ordinary event, accents, other scripts and astral characters included', () => {
    expect(carryProblems(event)).toEqual([]);
  });

  it.each([
    ['NUL', '\u0000'],
    ['TAB', '\t'],
    ['CR LF', '\r\n'],
    ['ESC', '\u001b'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udc00'],
    ['a noncharacter', '\ufffe'],
  ])('refuses %s in an attribute, naming the attribute and the code point', (_, ch) => {
    const problems = carryProblems({ ...event, subject: `FEN${ch}1` });
    expect(problems).toEqual([{ path: '/subject', message: expect.stringMatching(/control characters, surrogates or noncharacters \(found U\+[0-9A-F]{4} at 3\)/) }]);
  });

  it('checks every string attribute, and refuses one that is not a string', () => {
    expect(carryProblems({ ...event, id: 'a\u0000', source: 'urn:x\n', time: 5 as unknown as string }).map((p) => p.path)).toEqual(['/id', '/source', '/time']);
  });

  it('refuses NUL and lone surrogates anywhere in data, keys included, with the JSON Pointer of each', () => {
    const data = { name: { surname: 'Smith\u0000' }, notes: ['ok', 'bad \ud83d'], 'a/b~c': { 'k\u0000': 1 } };
    expect(dataProblems(data)).toEqual([
      { path: '/data/name/surname', message: 'must not contain NUL (U+0000)' },
      { path: '/data/notes/1', message: 'must not contain a lone surrogate (U+D83D)' },
      { path: '/data/a~1b~0c/k\u0000', message: 'a property name must not contain NUL or a lone surrogate' },
    ]);
  });

  it('lets control characters other than NUL through in data: JSON and jsonb carry them escaped', () => {
    expect(dataProblems({ address: 'line 1\nline 2\ttab' })).toEqual([]);
  });

  it('refuses numbers it cannot carry exactly: past 2^53 − 1, or not finite', () => {
    const data = { a: 2 ** 53, b: -(2 ** 53), c: 1e30, d: Infinity, ok: Number.MAX_SAFE_INTEGER, fine: 0.1 };
    expect(dataProblems(data).map((p) => p.path)).toEqual(['/data/a', '/data/b', '/data/c', '/data/d']);
    // JSON.parse rounds 2^53 + 1 to 2^53 and 1e400 to Infinity: both are caught after parsing.
    expect(dataProblems(JSON.parse('{"x": 9007199254740993, "y": 1e400}')).map((p) => p.path)).toEqual(['/data/x', '/data/y']);
  });

  it('refuses property names that reach Object.prototype', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "x": {"constructor": 1, "prototype": 2}}');
    expect(dataProblems(data).map((p) => p.path)).toEqual(['/data/__proto__', '/data/x/constructor', '/data/x/prototype']);
  });

  it('stops after a bounded number of problems, however large the input', () => {
    expect(dataProblems(Array.from({ length: 10_000 }, () => '\u0000'))).toHaveLength(20);
  });

  it('escapes JSON Pointer segments as RFC 6901 says', () => {
    expect(pointerSegment('a/b~c')).toBe('a~1b~0c');
    expect(attributeProblem('plain')).toBeUndefined();
  });

  it('takes extension attributes of the CloudEvents types: strings, booleans, integers in range, and null as unset', () => {
    const e = { ...event, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', sampled: true, priority: -2_147_483_648, ceiling: 2_147_483_647, unsetone: null };
    expect(eventAttributeProblems(e)).toEqual([]);
    expect(eventAttributeProblems({ ...event, time: null, dataschema: undefined })).toEqual([]);
  });

  it('takes an attribute name longer than 20 characters: the spec advises against one (SHOULD NOT), it does not forbid it', () => {
    expect(extensionProblem('a'.repeat(21), 'x')).toBeUndefined();
    expect(eventAttributeProblems({ ...event, comexampleextensionattribute: 'x' })).toEqual([]);
  });

  it.each([
    ['not of the form', 'abc'],
    ['upper-case hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`],
    ['version 00 with a fifth field', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-00'],
  ])('refuses a traceparent extension that is %s (W3C Trace Context, the distributed-tracing extension)', (_, value) => {
    expect(eventAttributeProblems({ ...event, traceparent: value })).toEqual([{ path: '/traceparent', message: expect.stringContaining('must be a W3C traceparent') }]);
  });

  it('takes a later traceparent version with more fields, and a tracestate of W3C list members', () => {
    const traceparent = '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future';
    expect(eventAttributeProblems({ ...event, traceparent, tracestate: 'rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,,tenant@vendor=x' })).toEqual([]);
  });

  it.each([
    ['a member without =', 'rojo'],
    ['an upper-case key', 'Rojo=1'],
    ['a key given twice', 'rojo=1,rojo=2'],
    ['33 members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
  ])('refuses a tracestate with %s', (_, tracestate) => {
    expect(eventAttributeProblems({ ...event, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate })).toEqual([{ path: '/tracestate', message: expect.stringContaining('must be a W3C tracestate') }]);
  });

  it('refuses a tracestate without the traceparent the extension requires, and a traceparent that is not a string', () => {
    expect(eventAttributeProblems({ ...event, tracestate: 'rojo=1' })).toEqual([{ path: '/tracestate', message: expect.stringContaining('without traceparent') }]);
    expect(eventAttributeProblems({ ...event, traceparent: true })).toEqual([{ path: '/traceparent', message: 'must be a string' }]);
  });

  describe('an event as the hub holds it (extensions in `extensions`)', () => {
    it('takes extensions in their string form', () => {
      expect(carryProblems({ ...event, extensions: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', sampled: 'true', n: '5' } })).toEqual([]);
    });

    it('names an extension read from Kafka that is not a CloudEvents attribute (a foreign producer wrote ce_Foo), by its attribute path', () => {
      expect(carryProblems({ ...event, extensions: { Foo: 'x', ok: 'bad\u0000' } })).toEqual([
        { path: '/Foo', message: expect.stringContaining('not a CloudEvents attribute name') },
        { path: '/ok', message: expect.stringContaining('U+0000') },
      ]);
    });

    it('refuses a modelled attribute, or a value that is not a string, among the extensions', () => {
      expect(canonicalAttributeProblems({ ...event, extensions: { tenant: 'moor', n: 5 } })).toEqual([
        { path: '/tenant', message: '"tenant" is not an extension attribute' },
        { path: '/n', message: 'an extension attribute is carried as a string' },
      ]);
      expect(canonicalAttributeProblems({ ...event, extensions: ['x'] })).toEqual([{ path: '/extensions', message: expect.any(String) }]);
    });
  });

  it.each([
    ['an object', { a: 1 }],
    ['an array', ['a']],
    ['a fraction', 1.5],
    ['an integer past the CloudEvents Integer range', 2_147_483_648],
    ['an integer below it', -2_147_483_649],
    ['Infinity (JSON.parse of 1e400)', Infinity],
  ])('refuses an extension attribute whose value is %s', (_, value) => {
    expect(eventAttributeProblems({ ...event, ext: value })).toEqual([{ path: '/ext', message: expect.stringContaining('must be a string, a boolean or an integer') }]);
  });

  it('refuses control characters in extension strings as in every other attribute', () => {
    expect(eventAttributeProblems({ ...event, ext: 'a\r\nSet-Cookie: x' })).toEqual([{ path: '/ext', message: expect.stringMatching(/found U\+000D at 1/) }]);
  });

  it.each(['Upper', 'with_underscore', 'with-dash', '', 'é'])('refuses the attribute name %p', (name) => {
    expect(extensionProblem(name, 'x')).toMatch(/not a CloudEvents attribute name/);
    expect(eventAttributeProblems({ ...event, [name]: 'x' })).toEqual([{ path: `/${pointerSegment(name)}`, message: expect.any(String) }]);
  });

  it('refuses attribute names that reach Object.prototype, though they are lower-case letters', () => {
    expect(extensionProblem('constructor', 'x')).toBe('"constructor" is not allowed as an attribute name');
    expect(extensionProblem('prototype', 1)).toBe('"prototype" is not allowed as an attribute name');
    expect(eventAttributeProblems(JSON.parse('{"__proto__": "x"}'))).toEqual([{ path: '/__proto__', message: expect.stringContaining('not a CloudEvents attribute name') }]);
  });

  it('still requires the known string attributes to be strings', () => {
    expect(eventAttributeProblems({ ...event, subject: 7, tenant: true })).toEqual([
      { path: '/subject', message: 'must be a string' },
      { path: '/tenant', message: 'must be a string' },
    ]);
  });

  describe('escaping what cannot be carried, for display', () => {
    it('writes forbidden characters of an attribute out as \\uXXXX, each UTF-16 unit, and leaves the rest', () => {
      expect(escapeAttribute('FEN\u0000-1\ud800\t😀Zoë')).toBe('FEN\\u0000-1\\ud800\\u0009😀Zoë');
      expect(attributeProblem(escapeAttribute('a\u0000\udc00\u007f\ufffe'))).toBeUndefined();
    });

    it('escapes NUL and lone surrogates in data strings and keys, and cuts what is nested too deep', () => {
      const bad = JSON.parse('{"a\\u0000":"x\\ud800y","n":[1,{"t":"\\t"}],"__proto__":{"p":1}}');
      const copy = displayCopy(bad) as Record<string, unknown>;
      expect(JSON.stringify(copy)).toBe('{"a\\\\u0000":"x\\\\ud800y","n":[1,{"t":"\\t"}],"__proto__":{"p":1}}');
      expect(dataProblems(copy)).toEqual([{ path: '/data/__proto__', message: '"__proto__" is not allowed as a property name' }]);
      let deep: unknown = 'bottom';
      for (let i = 0; i < 10_000; i++) deep = [deep];
      expect(JSON.stringify(displayCopy(deep))).toContain('nested deeper than 64 levels');
    });
  });
});
