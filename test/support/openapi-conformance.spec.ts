import { OpenApiConformance, WireAnswer } from './openapi-conformance';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const doc = {
  openapi: '3.1.0',
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '401': { content: problem, headers: { 'WWW-Authenticate': { required: true } } },
          '404': { content: problem },
        },
      },
      delete: { responses: { '204': {} } },
    },
    '/things/special': { get: { responses: { '200': { content: { 'text/plain': { schema: { type: 'string' } } } } } } },
    '/things': {
      post: {
        requestBody: { content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } } },
        responses: { '202': { content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, count: { type: ['integer', 'null'] } } },
      Problem: { type: 'object', required: ['type', 'status'], properties: { type: { type: 'string', format: 'uri-reference' }, status: { type: 'integer' } } },
    },
  },
};

const json = (status: number, body: unknown, type = 'application/json; charset=utf-8'): WireAnswer => ({ status, headers: { 'content-type': type }, text: JSON.stringify(body) });

describe('OpenApiConformance', () => {
  const sut = () => new OpenApiConformance(doc);

  it('passes an answer the document declares: status, content type, schema (2020-12 type arrays included)', () => {
    expect(sut().check('GET', '/things/a1?x=1', json(200, { id: 'a1', count: null }))).toEqual([]);
    expect(sut().check('DELETE', '/things/a1', { status: 204, headers: {}, text: '' })).toEqual([]);
  });

  it('prefers a literal path segment over a parameter', () => {
    expect(sut().check('GET', '/things/special', { status: 200, headers: { 'content-type': 'text/plain' }, text: 'hi' })).toEqual([]);
  });

  it('fails a status the operation does not declare', () => {
    expect(sut().check('GET', '/things/a1', json(500, { type: '/problems/internal', status: 500 }))).toEqual([expect.stringContaining('answered 500, which the document does not declare')]);
  });

  it('fails an operation the document does not have', () => {
    expect(sut().check('PUT', '/things/a1', json(200, {}))).toEqual(['PUT /things/a1: no such operation in the document']);
    expect(sut().check('GET', '/elsewhere', json(200, {}))).toEqual(['GET /elsewhere: no such operation in the document']);
  });

  it('fails a content type the response does not declare: a problem sent as application/json', () => {
    expect(sut().check('GET', '/things/a1', json(404, { type: '/problems/not-found', status: 404 }))).toEqual([expect.stringContaining('content type "application/json", the document declares application/problem+json')]);
  });

  it('fails a body that does not match the schema, naming where', () => {
    expect(sut().check('GET', '/things/a1', json(200, { count: 'many' }))).toEqual(
      expect.arrayContaining([expect.stringContaining("(body) must have required property 'id'"), expect.stringContaining('/count must be integer,null')]),
    );
    expect(sut().check('GET', '/things/a1', { status: 200, headers: { 'content-type': 'application/json' }, text: '{nope' })).toEqual([expect.stringContaining('is not JSON')]);
  });

  it('fails a body where the response declares none, and a declared required header that is missing', () => {
    expect(sut().check('DELETE', '/things/a1', { status: 204, headers: { 'content-type': 'text/plain' }, text: 'ok' })).toEqual([expect.stringContaining('a body (text/plain) where the document declares none')]);
    expect(sut().check('GET', '/things/a1', json(401, { type: '/problems/unauthenticated', status: 401 }, 'application/problem+json'))).toEqual([expect.stringContaining('no WWW-Authenticate header')]);
  });

  it('fails a request that succeeded with a body the document does not declare', () => {
    const ok = json(202, {});
    expect(sut().check('POST', '/things', ok, { contentType: 'application/json', text: '[{"id":"a"}]' })).toEqual([]);
    expect(sut().check('POST', '/things', ok, { contentType: 'application/json', text: '{"id":"a"}' })).toEqual([expect.stringContaining('request: (body) must be array')]);
    expect(sut().check('POST', '/things', ok, { contentType: 'text/csv', text: 'id\na' })).toEqual([expect.stringContaining('succeeded with a text/csv body')]);
  });

  it('lists the operations no checked answer came from', () => {
    const c = sut();
    c.check('GET', '/things/a1', json(200, { id: 'a1' }));
    expect(c.unexercised()).toEqual(['DELETE /things/{id}', 'GET /things/special', 'POST /things']);
  });

  it('refuses a document whose schemas are not JSON Schema 2020-12', () => {
    expect(() => new OpenApiConformance({ ...doc, openapi: '3.0.0' })).toThrow(/only 3.1/);
  });
});
