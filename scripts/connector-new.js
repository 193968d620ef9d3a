#!/usr/bin/env node
// Scaffolds a target connector that looks like every other one and passes the contract-test kit:
//   npm run connector:new -- <name> [--consumes <canonical type>] [--no-register] [--json]
// Writes connectors/<name>/ (manifest, format, mapper, connector, simulator and its main.ts, contract spec, README)
// and, unless --no-register, adds its tsconfig path alias and its entry in connectors/registry.ts.
// Plain JavaScript so it runs before anything is built.
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--consumes');
const consumes = args.includes('--consumes') ? args[args.indexOf('--consumes') + 1] : 'hr.employee.joined.v1';
const register = !args.includes('--no-register');
const json = args.includes('--json');

function fail(message) {
  console.error(`connector:new: ${message}`);
  process.exit(2);
}

// Kebab-case: words of lower-case letters and digits joined by single hyphens. A trailing or doubled
// hyphen would leave an empty word, and no class name could be made of it.
if (!name || name.length < 2 || name.length > 41 || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) fail('usage: npm run connector:new -- <kebab-case-name> [--consumes <type>] [--no-register]');
if (!existsSync(join(root, 'schemas', `${consumes}.json`))) fail(`unknown canonical type "${consumes}" (see schemas/)`);
const dir = join(root, 'connectors', name);
if (existsSync(dir)) fail(`connectors/${name} exists already`);

const Pascal = name.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
const camel = Pascal[0].toLowerCase() + Pascal.slice(1);
const files = {
  'README.md': `# connectors/${name}\nTarget connector for the ${name} system: canonical \`${consumes}\` events become its records (\`POST /api/records\`), with an idempotency key on every call, and a simulator of that system (\`src/simulator/\`).\n`,
  [`src/${name}.manifest.ts`]: `import type { ConnectorManifest } from '@hub/connector-sdk';

export const ${camel}Manifest: ConnectorManifest = {
  name: '${name}',
  description: 'TODO: which system, and what it receives.',
  direction: 'target',
  transport: 'http',
  credential: 'none',
  consumes: ['${consumes}'],
  produces: [],
};
`,
  [`src/${name}.format.ts`]: `/** The ${name} system's own record, as its API takes it. TODO: the real fields. */
export interface ${Pascal}Record {
  reference: string;
  eventType: string;
  organisation: string;
  effectiveFrom: string | null;
}
`,
  [`src/${name}.mapper.ts`]: `import type { CanonicalEvent } from '@hub/events';
import { ${Pascal}Record } from './${name}.format';

/** Canonical event → the ${name} record. Throw PermanentDeliveryError(MappingFailed) for facts it cannot hold. */
export function map${Pascal}(event: CanonicalEvent): ${Pascal}Record {
  const data = event.data as { effectiveFrom?: string };
  return { reference: event.subject, eventType: event.type, organisation: event.tenant.toUpperCase(), effectiveFrom: data.effectiveFrom ?? null };
}
`,
  [`src/${name}.connector.ts`]: `import type { CanonicalEvent } from '@hub/events';
import { assertConsumes, DeliveryContext, DeliveryReceipt, sendJson, TargetConnector } from '@hub/connector-sdk';
import { ${Pascal}Record } from './${name}.format';
import { ${camel}Manifest } from './${name}.manifest';
import { map${Pascal} } from './${name}.mapper';

export class ${Pascal}Connector implements TargetConnector<${Pascal}Record> {
  readonly manifest = ${camel}Manifest;

  map(event: CanonicalEvent): ${Pascal}Record {
    assertConsumes(this.manifest, event);
    return map${Pascal}(event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const answer = await sendJson('POST', \`\${ctx.target.endpoint}/api/records\`, this.map(event), {
      timeoutMs: ctx.target.timeoutMs,
      headers: { 'idempotency-key': ctx.idempotencyKey },
    });
    return { status: answer.status };
  }
}
`,
  [`src/simulator/${name}-simulator.ts`]: `import { HttpSimulator, SimAnswer, SimRequest } from '@hub/connector-sdk';
import { ${Pascal}Record } from '../${name}.format';

/** The ${name} system's API as far as the hub uses it: stores records once per idempotency key. */
export class ${Pascal}Simulator extends HttpSimulator {
  readonly records = new Map<string, ${Pascal}Record>();

  constructor(readonly tenant: string, port = 0, host = '127.0.0.1') {
    super('${name}-' + tenant, port, host);
  }

  protected handle(req: SimRequest): SimAnswer {
    if (req.method !== 'POST' || req.path !== '/api/records') return { status: 404, body: { error: 'not found' } };
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) return { status: 400, body: { error: 'Idempotency-Key header is required' } };
    if (!this.records.has(key)) this.records.set(key, req.body as ${Pascal}Record);
    return { status: 201, body: { stored: key } };
  }

  protected clear(): void {
    this.records.clear();
  }

  protected snapshot(): unknown {
    return { records: [...this.records.values()] };
  }
}
`,
  [`src/simulator/main.ts`]: `// Runs one ${name} simulator as its own process (docker compose, manual testing):
//   FORCE=fen PORT=4900 node dist/connectors/${name}/src/simulator/main.js
import { ${Pascal}Simulator } from './${name}-simulator';

const force = process.env.FORCE ?? 'fen';
const port = Number(process.env.PORT ?? 4900);
const host = process.env.HOST ?? '127.0.0.1';

new ${Pascal}Simulator(force, port, host)
  .start()
  .then((s) => process.stdout.write(\`${name} simulator for \${force} on \${s.url}\\n\`))
  .catch((err) => {
    process.stderr.write(\`\${(err as Error).message}\\n\`);
    process.exit(1);
  });
`,
  [`src/${name}.contract.spec.ts`]: `import { describeTargetContract } from '@hub/testing';
import { ${Pascal}Connector } from './${name}.connector';
import { ${Pascal}Simulator } from './simulator/${name}-simulator';

describeTargetContract({
  connector: new ${Pascal}Connector(),
  simulator: (tenant) => new ${Pascal}Simulator(tenant),
  tenant: 'fen',
  checkRecord: (record, event) => expect(record.reference).toBe(event.subject),
});
`,
  'src/index.ts': `export * from './${name}.format';\nexport * from './${name}.manifest';\nexport * from './${name}.mapper';\nexport * from './${name}.connector';\nexport * from './simulator/${name}-simulator';\n`,
};

for (const [rel, text] of Object.entries(files)) {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

if (register) {
  const tsconfig = join(root, 'tsconfig.json');
  const ts = readFileSync(tsconfig, 'utf8');
  writeFileSync(tsconfig, ts.replace('"@connectors/registry":', `"@connectors/${name}": ["connectors/${name}/src"],\n      "@connectors/registry":`));
  const registry = join(root, 'connectors', 'registry.ts');
  const reg = readFileSync(registry, 'utf8')
    .replace('// connector imports: connector:new adds here', `import { ${Pascal}Connector } from '@connectors/${name}';\n// connector imports: connector:new adds here`)
    .replace('/* connector instances: connector:new adds here */', `new ${Pascal}Connector(), /* connector instances: connector:new adds here */`);
  writeFileSync(registry, reg);
}

if (json) console.log(JSON.stringify({ created: `connectors/${name}`, consumes, registered: register, files: Object.keys(files).map((rel) => `connectors/${name}/${rel}`) }, null, 2));
else
  console.log(`connectors/${name} created${register ? ', registered in connectors/registry.ts and tsconfig.json' : ''}.
Next: the real format, mapper and simulator; a target per force in config/*.json; routes; npx jest connectors/${name}.`);
