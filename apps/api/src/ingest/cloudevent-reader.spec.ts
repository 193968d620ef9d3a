import { ProblemException } from '@hub/http-problem';
import { firstInvalidUtf8, readCloudEvents } from './cloudevent-reader';

const event = { specversion: '1.0', id: 'e-1', source: 'urn:erp-hub:source:hr', type: 'hr.employee.joined.v1', subject: 'FEN-1', tenant: 'fen', data: { a: 1 } };
const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');

function problem(run: () => unknown): ProblemException {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemException);
    return err as ProblemException;
  }
  throw new Error('readCloudEvents accepted the request');
}

describe('readCloudEvents', () => {
  it('reads one structured event', () => {
    expect(readCloudEvents({ 'content-type': 'application/cloudevents+json; charset=utf-8' }, json(event))).toEqual({ mode: 'structured', candidates: [event], mayHoldUncarriable: false });
  });

  it('reads a batch as its events, in order', () => {
    const second = { ...event, id: 'e-2' };
    expect(readCloudEvents({ 'content-type': 'application/cloudevents-batch+json' }, json([event, second]))).toEqual({ mode: 'batch', candidates: [event, second], mayHoldUncarriable: false });
  });

  it('reads an empty batch as no events: the JSON batch format allows one', () => {
    expect(readCloudEvents({ 'content-type': 'application/cloudevents-batch+json' }, json([]))).toEqual({ mode: 'batch', candidates: [], mayHoldUncarriable: false });
  });

  it('refuses a batch that is not an array with 400', () => {
    const headers = { 'content-type': 'application/cloudevents-batch+json' };
    expect(problem(() => readCloudEvents(headers, json(event)))).toMatchObject({ status: 400, problemType: 'invalid-envelope' });
  });

  it('reads binary mode: ce-* headers become attributes and the body becomes data', () => {
    const headers = {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': 'e-1',
      'ce-source': 'urn:erp-hub:source:hr',
      'ce-type': 'hr.employee.joined.v1',
      'ce-subject': 'FEN-1',
      'ce-tenant': 'fen',
      'ce-time': '2026-01-01T00:00:00Z',
      'x-other': 'ignored',
    };
    const { mode, candidates } = readCloudEvents(headers, json({ a: 1 }));
    expect(mode).toBe('binary');
    expect(candidates).toEqual([{ ...event, time: '2026-01-01T00:00:00Z' }]);
  });

  it('refuses application/json without ce-specversion with 400', () => {
    expect(problem(() => readCloudEvents({ 'content-type': 'application/json' }, json(event)))).toMatchObject({ status: 400, problemType: 'invalid-envelope' });
  });

  it('refuses other media types with 415', () => {
    expect(problem(() => readCloudEvents({ 'content-type': 'text/plain' }, json(event)))).toMatchObject({ status: 415, problemType: 'unsupported-media-type' });
    expect(problem(() => readCloudEvents({}, json(event)))).toMatchObject({ status: 415 });
  });

  it('refuses a charset other than UTF-8 with 415, naming it', () => {
    const p = problem(() => readCloudEvents({ 'content-type': 'application/cloudevents+json; charset=latin1' }, json(event)));
    expect(p.status).toBe(415);
    expect(p.detail).toContain('latin1');
  });

  it('refuses malformed JSON with 400 in every mode', () => {
    const bad = Buffer.from('{"id": ', 'utf8');
    for (const headers of [
      { 'content-type': 'application/cloudevents+json' },
      { 'content-type': 'application/cloudevents-batch+json' },
      { 'content-type': 'application/json', 'ce-specversion': '1.0' },
    ]) {
      expect(problem(() => readCloudEvents(headers, bad))).toMatchObject({ status: 400, problemType: 'malformed-request' });
    }
  });

  it('treats a missing body as malformed, not as an event', () => {
    expect(problem(() => readCloudEvents({ 'content-type': 'application/cloudevents+json' }, undefined))).toMatchObject({ status: 400 });
  });

  const structured = { 'content-type': 'application/cloudevents+json' };
  const batchHeaders = { 'content-type': 'application/cloudevents-batch+json' };
  const binaryHeaders = { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'e-1', 'ce-source': 'urn:erp-hub:source:hr', 'ce-type': 'hr.employee.joined.v1', 'ce-subject': 'FEN-1', 'ce-tenant': 'fen' };

  it.each([
    ['a lone continuation byte', Buffer.from([0x7b, 0x22, 0x80, 0x22, 0x7d])],
    ['an overlong encoding of "/"', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d])],
    ['an encoded surrogate (CESU-8)', Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
    ['a truncated sequence at the end', Buffer.from([0x7b, 0x22, 0xe2, 0x82])],
    ['Latin-1 text', Buffer.from('{"Üx":1}', 'latin1')],
  ])('refuses a body with %s with 400, naming where it breaks', (_, body) => {
    for (const headers of [structured, batchHeaders, binaryHeaders]) {
      const p = problem(() => readCloudEvents(headers, body));
      expect(p).toMatchObject({ status: 400, problemType: 'malformed-request', title: 'Body is not UTF-8' });
      expect(p.errors[0].message).toMatch(/starts at byte 2\)$/);
    }
  });

  it('finds the first invalid UTF-8 sequence, and none in valid text of every length of sequence', () => {
    expect(firstInvalidUtf8(Buffer.from('a é € 😀', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xf4, 0x90, 0x80, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xf5]))).toBe(0);
  });

  it('refuses a byte order mark with 400, saying so', () => {
    const p = problem(() => readCloudEvents(structured, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json(event)])));
    expect(p).toMatchObject({ status: 400, title: 'Body is not JSON' });
    expect(p.errors[0].message).toMatch(/byte order mark/);
  });

  it('refuses duplicate keys with 400, naming each by its pointer in the event, and the event of a batch by index', () => {
    const text = '{"specversion":"1.0","id":"e-1","tenant":"fen","tenant":"moor","data":{"a":1,"a":2}}';
    expect(problem(() => readCloudEvents(structured, Buffer.from(text))).errors).toEqual([
      { path: '/tenant', message: expect.stringContaining('duplicate key') },
      { path: '/data/a', message: expect.stringContaining('duplicate key') },
    ]);
    const batch = `[${JSON.stringify(event)},${text}]`;
    expect(problem(() => readCloudEvents(batchHeaders, Buffer.from(batch))).errors.map((e) => [e.index, e.path])).toEqual([[1, '/tenant'], [1, '/data/a']]);
    expect(problem(() => readCloudEvents(binaryHeaders, Buffer.from('{"x":{"k":1,"k":2}}'))).errors).toEqual([{ path: '/data/x/k', message: expect.stringContaining('duplicate key') }]);
  });

  it('refuses __proto__, constructor and prototype anywhere with 400', () => {
    const p = problem(() => readCloudEvents(structured, Buffer.from('{"constructor":"x","data":{"__proto__":{"admin":true}}}')));
    expect(p).toMatchObject({ status: 400, problemType: 'malformed-request' });
    expect(p.errors.map((e) => e.path)).toEqual(['/constructor', '/data/__proto__']);
  });

  it('says whether the data may hold what the hub cannot carry, for ingest to check it only then', () => {
    expect(readCloudEvents(structured, json(event)).mayHoldUncarriable).toBe(false);
    expect(readCloudEvents(structured, Buffer.from(JSON.stringify({ ...event, data: { n: 'a\u0000' } }))).mayHoldUncarriable).toBe(true);
    expect(readCloudEvents(binaryHeaders, Buffer.from('{"amountMinor":1e30}')).mayHoldUncarriable).toBe(true);
  });

  it('reads every ce-* header of binary mode as an attribute, percent-decoded', () => {
    const { candidates } = readCloudEvents({ ...binaryHeaders, 'ce-subject': 'FEN%2D1', 'ce-comment': 'Euro%20%E2%82%AC%20%F0%9F%98%80', 'ce-traceparent': '00-abc-01' }, json({ a: 1 }));
    expect(candidates[0]).toMatchObject({ subject: 'FEN-1', comment: 'Euro € 😀', traceparent: '00-abc-01', data: { a: 1 } });
  });

  it('decodes %0D%0A to CR LF, for the attribute rules to refuse', () => {
    const { candidates } = readCloudEvents({ ...binaryHeaders, 'ce-subject': 'FEN-1%0D%0ASet-Cookie:%20x' }, json({ a: 1 }));
    expect((candidates[0] as { subject: string }).subject).toBe('FEN-1\r\nSet-Cookie: x');
  });

  it.each([
    ['a bad percent sequence', '%ZZ'],
    ['a truncated one', 'FEN%2'],
    ['an overlong encoding', '%C0%A0'],
    ['bytes that are not UTF-8', '%FF'],
    ['an encoded surrogate', '%ED%A0%80'],
    ['a raw non-ASCII character', 'M\u00fcller'],
  ])('refuses a ce-* header with %s with 400, naming the attribute', (_, value) => {
    const p = problem(() => readCloudEvents({ ...binaryHeaders, 'ce-subject': value }, json({ a: 1 })));
    expect(p).toMatchObject({ status: 400, problemType: 'invalid-envelope' });
    expect(p.errors).toEqual([{ path: '/subject', message: expect.stringContaining('ce-subject header is not a valid percent-encoded UTF-8 value') }]);
  });

  it('refuses ce-datacontenttype and ce-data in binary mode: Content-Type and the body are those', () => {
    const p = problem(() => readCloudEvents({ ...binaryHeaders, 'ce-datacontenttype': 'text/plain', 'ce-data': '{}' }, json({ a: 1 })));
    expect(p.errors.map((e) => e.path).sort()).toEqual(['/data', '/datacontenttype']);
  });
});
