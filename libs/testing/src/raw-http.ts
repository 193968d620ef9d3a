import { connect, Socket } from 'node:net';
import { waitFor } from './wait-for';

/** An HTTP/1.1 answer as it came off the wire. */
export interface RawAnswer {
  status: number;
  /** Header names in lower case; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** The first complete answer in `text` (status line, headers, a Content-Length or chunked body), or undefined. */
export function parseRawAnswer(text: string): RawAnswer | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = text.slice(end + 4);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    const bytes = Buffer.from(rest, 'latin1');
    if (bytes.length < length) return undefined;
    return { status: Number(m[1]), headers, body: bytes.subarray(0, length).toString('utf8') };
  }
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    let body = '';
    let at = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(rest.slice(at, lineEnd), 16);
      if (size === 0) return { status: Number(m[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') };
      if (rest.length < lineEnd + 2 + size + 2) return undefined;
      body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
  return { status: Number(m[1]), headers, body: '' };
}

/**
 * One TCP connection to an HTTP server, written byte for byte: for what fetch will not send
 * (repeated Host, a header block that never ends, a body that trickles, bytes that are not HTTP).
 */
export class RawConnection {
  private received = Buffer.alloc(0);
  /** When the server closed the connection (ms since the epoch), once it has. */
  closedAt?: number;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.received = Buffer.concat([this.received, d])));
    socket.on('close', () => (this.closedAt = Date.now()));
    // A reset after the server's answer is how some servers close; the answer is what counts.
    socket.on('error', () => undefined);
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const url = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes bytes as they are; false once the server has closed the connection. */
  write(data: string | Buffer): boolean {
    if (this.socket.destroyed || !this.socket.writable) return false;
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    return true;
  }

  get text(): string {
    return this.received.toString('latin1');
  }

  /** Waits (polling, with a deadline) for the server's first complete answer. */
  answer(timeoutMs = 10_000): Promise<RawAnswer> {
    return waitFor('an HTTP answer', () => parseRawAnswer(this.text), timeoutMs, 10);
  }

  /** Waits (polling, with a deadline) for the server to close the connection; answers when it did. */
  closed(timeoutMs = 10_000): Promise<number> {
    return waitFor('the server to close the connection', () => this.closedAt, timeoutMs, 10);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Sends one request as raw text on a fresh connection and answers the server's reply. */
export async function rawRequest(baseUrl: string, request: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  const c = await RawConnection.open(baseUrl);
  try {
    c.write(request);
    return await c.answer(timeoutMs);
  } finally {
    c.close();
  }
}
