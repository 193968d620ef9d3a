import { randomUUID } from 'node:crypto';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { Logger } from 'pino';
import { HUB_LANDSCAPE, HubConfigModule, staticLandscape } from '@hub/config';
import { DeliveryModule } from '@hub/delivery';
import { EVENT_BUS, KafkajsEventBus } from '@hub/kafka';
import { SchemaRegistryModule } from '@hub/schema-registry';
import { DeliveryLedger } from '@hub/ledger';
import { HubContext } from './hub-context';
import { ledgerProviders } from './ledger.provider';

export const TARGET_CONNECTORS = Symbol('TARGET_CONNECTORS');

/**
 * pino-http's options for every role's HTTP server: one lean line a request, who asked what and
 * the answer. Not the headers: a credential, a cookie or a source's own headers then never reach a
 * log line, and the line costs a fraction of pino-http's default, which serialises and redacts
 * every header of every request (76 of a single-event POST's 564 µs of CPU; BENCHMARKS.md, "Where
 * a request's CPU goes"). The role is `logger`'s own binding, not a child made per request.
 */
export function requestLogOptions(logger: Logger): PinoHttpOptions {
  return {
    logger,
    autoLogging: { ignore: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/health') },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // The API's request guard has given the request its id (X-Request-Id) already; elsewhere a fresh one.
    genReqId: (req) => req.id ?? randomUUID(),
  };
}
export const HUB_LOGGER = Symbol('HUB_LOGGER');

/** Lets go of the process's landscape when the app shuts down (the last app of the process stops it). */
@Injectable()
class LandscapeLifecycle implements OnApplicationShutdown {
  constructor(@Inject(HUB_LANDSCAPE) private readonly landscape: { release?: () => Promise<void> }) {}

  async onApplicationShutdown(): Promise<void> {
    await this.landscape.release?.();
  }
}

/**
 * The landscape the app runs on. The api, router and worker hold the process's LandscapeRuntime:
 * the latest version in the ledger, applied while they run; it is loaded after the ledger's
 * migrations (the factory waits for the ledger). The gateway has no ledger: it runs on its file,
 * read at boot, and a change to its entries needs a gateway restart (docs/operations.md).
 */
function landscapeProviders(ctx: HubContext, role: string): Provider[] {
  if (role === 'gateway') return [{ provide: HUB_LANDSCAPE, useValue: staticLandscape(ctx.config, 0, ctx.credentials) }];
  return [
    {
      provide: HUB_LANDSCAPE,
      inject: [DeliveryLedger],
      useFactory: async () => {
        await ctx.landscape.acquire();
        return ctx.landscape;
      },
    },
    LandscapeLifecycle,
  ];
}

/** The shared base of every app: config, schemas, logging, Redis stores, the Kafka bus and (but for the gateway) the ledger. */
@Global()
@Module({})
export class HubCoreModule {
  static forRoot(ctx: HubContext, role: 'api' | 'router' | 'worker' | 'gateway'): DynamicModule {
    const logger = ctx.logger.child({ role });
    // The gateway only posts to the API; it never touches the ledger.
    const ledger = role === 'gateway' ? [] : ledgerProviders(logger);
    return {
      module: HubCoreModule,
      imports: [
        HubConfigModule.forRoot(ctx.settings, ctx.config),
        SchemaRegistryModule.forRoot(ctx.registry),
        DeliveryModule.forRoot(role, logger),
        LoggerModule.forRoot({
          pinoHttp: requestLogOptions(logger),
        }),
      ],
      providers: [
        { provide: HUB_LOGGER, useValue: logger },
        { provide: TARGET_CONNECTORS, useValue: ctx.connectors },
        { provide: EVENT_BUS, useValue: new KafkajsEventBus(ctx.settings.kafkaBrokers, `${ctx.settings.kafkaClientId}-${role}`, logger, ctx.settings.kafkaProducer) },
        ...ledger,
        ...landscapeProviders(ctx, role),
      ],
      exports: [HUB_LOGGER, TARGET_CONNECTORS, EVENT_BUS, HUB_LANDSCAPE, ...(ledger.length ? [DeliveryLedger] : [])],
    };
  }
}
