import { randomUUID } from 'node:crypto';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { HubConfigModule } from '@hub/config';
import { DeliveryModule } from '@hub/delivery';
import { EVENT_BUS, KafkajsEventBus } from '@hub/kafka';
import { SchemaRegistryModule } from '@hub/schema-registry';
import { DeliveryLedger } from '@hub/ledger';
import { HubContext } from './hub-context';
import { ledgerProviders } from './ledger.provider';

export const TARGET_CONNECTORS = Symbol('TARGET_CONNECTORS');
export const HUB_LOGGER = Symbol('HUB_LOGGER');
export const TARGET_CREDENTIALS = Symbol('TARGET_CREDENTIALS');

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
          pinoHttp: {
            logger,
            autoLogging: { ignore: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/health') },
            customProps: () => ({ role }),
            // The API's request guard has given the request its id (X-Request-Id) already; elsewhere a fresh one.
            genReqId: (req) => req.id ?? randomUUID(),
          },
        }),
      ],
      providers: [
        { provide: HUB_LOGGER, useValue: logger },
        { provide: TARGET_CONNECTORS, useValue: ctx.connectors },
        { provide: TARGET_CREDENTIALS, useValue: ctx.credentials },
        { provide: EVENT_BUS, useValue: new KafkajsEventBus(ctx.settings.kafkaBrokers, `${ctx.settings.kafkaClientId}-${role}`, logger, ctx.settings.kafkaProducer) },
        ...ledger,
      ],
      exports: [HUB_LOGGER, TARGET_CONNECTORS, TARGET_CREDENTIALS, EVENT_BUS, ...(ledger.length ? [DeliveryLedger] : [])],
    };
  }
}
