import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemException, ProblemType } from '../problem.exception';

/**
 * What Node's HTTP parser and connection checks report to 'clientError', each as the answer it
 * means. There is no request object yet (or no route has read it), so the answer is written to the
 * socket by hand, in the same problem+json as every other answer.
 */
const CLIENT_ERRORS: Record<string, [number, ProblemType, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request-timeout', 'Request timeout', 'the request did not arrive in time (headers within HTTP_HEADERS_TIMEOUT_MS, the whole request within HTTP_REQUEST_TIMEOUT_MS)'],
  HPE_HEADER_OVERFLOW: [431, 'headers-too-large', 'Request header fields too large', 'the header block is larger than the server accepts'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'payload-too-large', 'Payload too large', 'the chunk extensions are larger than the server accepts'],
};
const BAD_REQUEST: [number, ProblemType, string, string] = [400, 'malformed-request', 'Bad request', 'the request is not valid HTTP/1.1'];

/**
 * The 'clientError' listener of the API's and the gateway's servers: answers what Node would
 * (408 on a timeout, 431, 400 for unparsable HTTP) as application/problem+json with an
 * X-Request-Id, then closes the connection, as Node does. Nothing is written once part of an
 * answer is on the wire, or when the peer has gone (ECONNRESET).
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, type, title, detail] = CLIENT_ERRORS[err.code ?? ''] ?? BAD_REQUEST;
  // A request that timed out while its body trickled in was given an id by the request guard.
  const requestId = String(inFlight?.getHeader('x-request-id') ?? randomUUID());
  const body = JSON.stringify(new ProblemException(status, type, title, [], detail).toJSON());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
  // end() flushes and then closes; a peer that never reads must not keep the socket for ever.
  socket.once('finish', () => socket.destroy());
}
