import { DynamicModule, Global, Module } from '@nestjs/common';
import { HubConfig } from './hub-config';
import { HubSettings } from './settings';

export const HUB_SETTINGS = Symbol('HUB_SETTINGS');
export const HUB_CONFIG = Symbol('HUB_CONFIG');

/** Makes the already-validated settings and landscape injectable everywhere. */
@Global()
@Module({})
export class HubConfigModule {
  static forRoot(settings: HubSettings, config: HubConfig): DynamicModule {
    return {
      module: HubConfigModule,
      providers: [
        { provide: HUB_SETTINGS, useValue: Object.freeze(settings) },
        { provide: HUB_CONFIG, useValue: config },
      ],
      exports: [HUB_SETTINGS, HUB_CONFIG],
    };
  }
}
