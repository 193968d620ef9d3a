import { DynamicModule, Global, Module } from '@nestjs/common';
import { SchemaRegistry } from './schema-registry';

@Global()
@Module({})
export class SchemaRegistryModule {
  static forRoot(registry: SchemaRegistry): DynamicModule {
    return { module: SchemaRegistryModule, providers: [{ provide: SchemaRegistry, useValue: registry }], exports: [SchemaRegistry] };
  }
}
