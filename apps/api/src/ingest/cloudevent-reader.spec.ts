import { readCloudEvents } from './cloudevent-reader';
import { ProblemException } from '../problem/problem.exception';

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
    expect(readCloudEvents({ 'content-type': 'application/cloudevents+json; charset=utf-8' }, json(event))).toEqual({ mode: 'structured', candidates: [event] });
  });

  it('reads a batch as its events, in order', () => {
    const second = { ...event, id: 'e-2' };
    expect(readCloudEvents({ 'content-type': 'application/cloudevents-batch+json' }, json([event, second]))).toEqual({ mode: 'batch', candidates: [event, second] });
  });

  it('refuses an empty batch and a batch that is not an array with 400', () => {
    const headers = { 'content-type': 'application/cloudevents-batch+json' };
    expect(problem(() => readCloudEvents(headers, json([])))).toMatchObject({ status: 400, problemType: 'invalid-envelope' });
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
});
