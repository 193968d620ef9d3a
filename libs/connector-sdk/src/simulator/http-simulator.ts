import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SimRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface SimAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the simulator is told to do with the next calls (control API: POST /_sim/faults). */
export interface Faults {
  /** Answer the next `failNext` business calls with `failStatus` (default 503). */
  failNext?: number;
  failStatus?: number;
  /** Down for a while: answer every business call with `failStatus` for this long from now (0 ends it). */
  failForMs?: number;
  /** Sent as Retry-After with each `failStatus` answer (seconds or an HTTP-date); '' sends none. */
  retryAfter?: string;
  /** Answer the next `rejectNext` business calls with `rejectStatus` (default 422). */
  rejectNext?: number;
  rejectStatus?: number;
  /** Added to every business call. */
  delayMs?: number;
  /**
   * Answer the next `count` business calls about one record (whose path or body contains
   * `contains`, e.g. an employee number) with `status`: a fault of one person's record, while
   * every other call goes through.
   */
  failMatching?: { contains: string; count: number; status: number };
}

/** The faults in force: every knob set, `failMatching` only when asked for. */
export type ActiveFaults = Required<Omit<Faults, 'failMatching' | 'failForMs'>> & Pick<Faults, 'failMatching'>;

/**
 * A small, real HTTP server standing in for a proprietary system. Subclasses implement `handle`;
 * this base adds fault injection (fail, reject, slow down), going down and up again on the same
 * port, and a record of every business call, all reachable in-process and over `/_sim/*`.
 */
export abstract class HttpSimulator {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private faults: ActiveFaults = { failNext: 0, failStatus: 503, retryAfter: '', rejectNext: 0, rejectStatus: 422, delayMs: 0 };
  /** Until when every business call fails (failForMs). */
  private failUntil = 0;
  /** Every business call answered, in order, with the status it got. */
  readonly calls: { request: SimRequest; status: number; at: string }[] = [];
  /** Business calls being answered right now, and the most there have been at once since the last reset. */
  inFlight = 0;
  peakInFlight = 0;
  private port: number;

  protected constructor(readonly name: string, port = 0, private readonly host = '127.0.0.1') {
    this.port = port;
  }

  protected abstract handle(req: SimRequest): SimAnswer | Promise<SimAnswer>;
  /** Forget everything stored (the control API's reset). */
  protected abstract clear(): void;

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  setFaults(f: Faults): void {
    const { failForMs, ...rest } = f;
    this.faults = { ...this.faults, ...rest };
    if (failForMs !== undefined) this.failUntil = Date.now() + failForMs;
  }

  reset(): void {
    this.faults = { failNext: 0, failStatus: 503, retryAfter: '', rejectNext: 0, rejectStatus: 422, delayMs: 0, failMatching: undefined };
    this.failUntil = 0;
    this.calls.length = 0;
    this.peakInFlight = this.inFlight;
    this.clear();
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Goes down for real: the port refuses connections until start() is called again. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      /* kept as text; handlers decide */
    }
    const path = (req.url ?? '/').split('?')[0];
    const request: SimRequest = { method: req.method ?? 'GET', path, headers: req.headers, body };
    const answer = path.startsWith('/_sim/') ? this.control(request) : await this.business(request);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  private async business(request: SimRequest): Promise<SimAnswer> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      return await this.answer(request);
    } finally {
      this.inFlight--;
    }
  }

  private async answer(request: SimRequest): Promise<SimAnswer> {
    if (this.faults.delayMs > 0) await new Promise((r) => setTimeout(r, this.faults.delayMs));
    let answer: SimAnswer;
    const matching = this.faults.failMatching;
    const down = Date.now() < this.failUntil;
    if (matching && matching.count > 0 && (request.path.includes(matching.contains) || JSON.stringify(request.body ?? '').includes(matching.contains))) {
      matching.count--;
      answer = { status: matching.status, body: { error: `simulated fault of ${matching.contains}` } };
    } else if (down || this.faults.failNext > 0) {
      if (!down) this.faults.failNext--;
      answer = { status: this.faults.failStatus, body: { error: 'simulated outage' }, ...(this.faults.retryAfter ? { headers: { 'retry-after': this.faults.retryAfter } } : {}) };
    } else if (this.faults.rejectNext > 0) {
      this.faults.rejectNext--;
      answer = { status: this.faults.rejectStatus, body: { error: 'simulated rejection' } };
    } else {
      answer = await this.handle(request);
    }
    this.calls.push({ request, status: answer.status, at: new Date().toISOString() });
    return answer;
  }

  private control(req: SimRequest): SimAnswer {
    if (req.method === 'POST' && req.path === '/_sim/faults') {
      this.setFaults((req.body ?? {}) as Faults);
      return { status: 200, body: { ...this.faults, failUntil: this.failUntil ? new Date(this.failUntil).toISOString() : null } };
    }
    if (req.method === 'POST' && req.path === '/_sim/reset') {
      this.reset();
      return { status: 204 };
    }
    if (req.method === 'GET' && req.path === '/_sim/calls') return { status: 200, body: this.calls };
    if (req.method === 'GET' && req.path === '/_sim/state') return { status: 200, body: this.snapshot() };
    return { status: 404, body: { error: `no control endpoint ${req.method} ${req.path}` } };
  }

  /** What the simulated system holds now, for the control API and the demo. */
  protected abstract snapshot(): unknown;
}
