import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { SchemaRegistry } from '@hub/schema-registry';
import { json, problemContent, ProblemException } from '@hub/http-problem';

@ApiTags('schemas')
@Controller('v1/schemas')
export class SchemasController {
  constructor(private readonly registry: SchemaRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Every canonical event type and its versions' })
  @ApiResponse({ status: 200, description: 'The canonical types, each with its versions', ...json('SchemaList') })
  list() {
    const byName = new Map<string, { name: string; domain: string; description: string; versions: { version: number; type: string }[] }>();
    for (const t of this.registry.all()) {
      const entry = byName.get(t.name) ?? { name: t.name, domain: t.domain, description: t.description, versions: [] };
      entry.versions.push({ version: t.version, type: t.type });
      entry.description = t.description;
      byName.set(t.name, entry);
    }
    const types = [...byName.values()].map((e) => ({ ...e, versions: e.versions.sort((a, b) => a.version - b.version) }));
    return { types: types.sort((a, b) => a.name.localeCompare(b.name)) };
  }

  @Get(':type')
  @ApiOperation({ summary: 'The JSON Schema (draft 2020-12) of one type, with examples' })
  @ApiResponse({ status: 200, description: 'The JSON Schema, with examples', ...json('EventSchema') })
  @ApiResponse({ status: 404, description: 'No such type (GET /v1/schemas lists them)', ...problemContent() })
  get(@Param('type') type: string) {
    const t = this.registry.get(type);
    if (!t) throw new ProblemException(404, 'not-found', 'Unknown event type', [], `no schema for "${type}"; GET /v1/schemas lists the known types`);
    return t.schema;
  }
}
