import { createServer } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { HttpServerSettings } from '@hub/config';
import { answerClientError } from './client-error.listener';

/**
 * Nest's Express adapter with the hub's HTTP server: Node's timeouts set from HttpServerSettings
 * (the connections-checking interval can only be given when the server is created, so the server
 * is created here rather than by ExpressAdapter.initHttpServer) and 'clientError' answered as a
 * problem. Plain HTTP only: TLS ends at the load balancer, and neither app uses Nest's
 * forceCloseConnections, which this server would not honour, so asking for either stops the boot.
 */
export class HubExpressAdapter extends ExpressAdapter {
  /** `guardsHost`: the app refuses a request without Host itself (the API's request guard does). */
  constructor(private readonly settings: HttpServerSettings, private readonly guardsHost = false) {
    super();
  }

  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) {
      throw new Error('HubExpressAdapter serves plain HTTP without forceCloseConnections; httpsOptions or forceCloseConnections was asked for');
    }
    const s = this.settings;
    const server = createServer(
      {
        headersTimeout: s.headersTimeoutMs,
        requestTimeout: s.requestTimeoutMs,
        keepAliveTimeout: s.keepAliveTimeoutMs,
        connectionsCheckingInterval: s.connectionsCheckingIntervalMs,
        // The API's request guard answers a missing Host as a problem; Node's own 400 has an empty body.
        // The gateway has no guard: it keeps Node's check.
        requireHostHeader: !this.guardsHost,
      },
      this.getInstance(),
    );
    server.on('clientError', answerClientError);
    this.httpServer = server;
  }
}
