import { ProblemException } from '@hub/http-problem';
import { checkRequestShape, repeatedHeader } from './request-shape';

const request = (rawHeaders: string[], url = '/v1/events', httpVersion = '1.1') => {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i].toLowerCase()] ??= rawHeaders[i + 1];
  return { rawHeaders, headers, url, httpVersion };
};

function refusal(req: ReturnType<typeof request>): ProblemException {
  try {
    checkRequestShape(req);
  } catch (err) {
    if (err instanceof ProblemException) return err;
    throw err;
  }
  throw new Error('the request passed');
}

describe('checkRequestShape', () => {
  it('passes an ordinary request, repeated ordinary headers included', () => {
    expect(() => checkRequestShape(request(['Host', 'hub', 'Accept', 'a', 'Accept', 'b', 'X-Forwarded-For', '1', 'X-Forwarded-For', '2'], '/v1/dead-letters?tenant=fen&state=dead-lettered,replaying'))).not.toThrow();
  });

  it.each(['Host', 'Authorization', 'Content-Type', 'content-encoding', 'Content-Length', 'Transfer-Encoding', 'ce-id', 'CE-Subject', 'ce-traceparent'])('refuses %s given twice, whatever its case, naming it', (name) => {
    const p = refusal(request(['Host', 'hub', name, 'a', name.toUpperCase(), 'b'].slice(name.toLowerCase() === 'host' ? 2 : 0)));
    expect(p).toMatchObject({ status: 400, errors: [{ path: `/headers/${name.toLowerCase()}`, message: expect.stringContaining('more than once') }] });
  });

  it('finds the repeat among the raw headers only', () => {
    expect(repeatedHeader(['Host', 'a', 'Accept', 'x', 'host', 'b'])).toBe('host');
    expect(repeatedHeader(['Host', 'a', 'Accept', 'x'])).toBeUndefined();
  });

  it('refuses an HTTP/1.1 request without Host, not an HTTP/1.0 one', () => {
    expect(refusal(request([]))).toMatchObject({ status: 400, errors: [{ path: '/headers/host' }] });
    expect(() => checkRequestShape(request([], '/', '1.0'))).not.toThrow();
  });

  it.each(['gzip', 'deflate', 'br', 'identity', 'GZIP'])('takes Content-Encoding %s', (encoding) => {
    expect(() => checkRequestShape(request(['Host', 'hub', 'Content-Encoding', encoding]))).not.toThrow();
  });

  it.each(['zstd', 'compress', 'gzip, br', 'x-gzip'])('refuses Content-Encoding %p with 415', (encoding) => {
    expect(refusal(request(['Host', 'hub', 'Content-Encoding', encoding]))).toMatchObject({ status: 415, problemType: 'unsupported-content-encoding' });
  });

  it.each([
    ['a repeated parameter', '/v1/events/e-1?source=a&source=b', '/source', /more than once/],
    ['a repeated parameter, one of them empty', '/v1/audit?limit=&limit=5', '/limit', /more than once/],
    ['a parameter repeated under another encoding', '/v1/dead-letters?tenant=fen&%74enant=moor', '/tenant', /more than once/],
    ['a NUL in a value', '/v1/dead-letters?tenant=%00', '/tenant', /control characters/],
    ['CR LF in a name', '/v1/audit?a%0D%0Ab=1', '/a\r\nb', /control characters/],
    ['an invalid percent sequence', '/v1/audit?actor=%E0%A4%A', '/actor', /percent-encoded UTF-8/],
  ])('refuses %s with 400, naming the parameter', (_, url, path, message) => {
    expect(refusal(request(['Host', 'hub'], url))).toMatchObject({ status: 400, errors: [{ path, message: expect.stringMatching(message) }] });
  });

  it.each(['/v1/events/a%00b', '/v1/events/%ZZ', '/v1/dead-letters/%C0%AF'])('refuses the path %s', (url) => {
    expect(refusal(request(['Host', 'hub'], url))).toMatchObject({ status: 400, errors: [{ path: '', message: expect.stringContaining('URL path') }] });
  });
});
