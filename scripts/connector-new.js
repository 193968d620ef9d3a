#!/usr/bin/env node
// Scaffolds a connector that looks like every other one and passes the contract-test kits:
//   npm run connector:new -- <name> [--consumes <canonical type>] [--produces <canonical type>] [--no-register] [--json]
// Writes connectors/<name>/ in the one connector shape (docs/adding-a-connector.md):
//   src/<name>.manifest.ts, src/target/ (format, mapper, connector, mapper spec), src/source/ (with
//   --produces: the system's webhook → canonical events), src/simulator/ (simulator, its spec, main.ts),
//   src/testing/samples.ts, src/index.ts, src/<name>.contract.spec.ts and README.md,
// and, unless --no-register, adds its tsconfig path alias and its entries in connectors/registry.ts.
// Plain JavaScript so it runs before anything is built.
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--') && !['--consumes', '--produces'].includes(args[args.indexOf(a) - 1]));
const consumes = args.includes('--consumes') ? args[args.indexOf('--consumes') + 1] : 'hr.employee.joined.v1';
const produces = args.includes('--produces') ? args[args.indexOf('--produces') + 1] : undefined;
const register = !args.includes('--no-register');
const json = args.includes('--json');

function fail(message) {
  console.error(`connector:new: ${message}`);
  process.exit(2);
}

// Kebab-case: words of lower-case letters and digits joined by single hyphens. A trailing or doubled
// hyphen would leave an empty word, and no class name could be made of it.
if (!name || name.length < 2 || name.length > 41 || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) fail('usage: npm run connector:new -- <kebab-case-name> [--consumes <type>] [--no-register]');
for (const type of [consumes, produces].filter(Boolean)) if (!existsSync(join(root, 'schemas', `${type}.json`))) fail(`unknown canonical type "${type}" (see schemas/)`);
const dir = join(root, 'connectors', name);
if (existsSync(dir)) fail(`connectors/${name} exists already`);

const Pascal = name.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
const camel = Pascal[0].toLowerCase() + Pascal.slice(1);
const direction = produces ? 'both' : 'target';
// The source side's sample webhook carries a valid canonical fixture of the type it produces, so the
// generated source contract passes before the real mapping is written.
const fixture = (type) => {
  const dir = join(root, 'schemas', 'fixtures', type, 'valid');
  const first = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()[0];
  return JSON.parse(readFileSync(join(dir, first), 'utf8'));
};
const indent = (text, by) => text.split('\n').join(`\n${' '.repeat(by)}`);

const files = {
  'README.md': `# connectors/${name}
The ${name} system (manifest \`${name}\`, direction \`${direction}\`). TODO: which system, for which forces.

**Target** (\`${Pascal}Connector\`, \`src/target/\`): canonical \`${consumes}\` events become its records (\`POST /api/records\`), with an idempotency key on every call.
${produces ? `\n**Source** (\`${Pascal}WebhookSource\`, \`src/source/\`): the system's webhooks become \`${produces}\` events, their ids the webhook's own.\n` : ''}
**Simulator** (\`src/simulator/\`): \`FORCE=fen PORT=4900 node dist/connectors/${name}/src/simulator/main.js\`. Samples for specs and the demo: \`src/testing/samples.ts\`.

Laid out as every connector is: \`src/${name}.manifest.ts\`, \`src/target/\`${produces ? ', `src/source/`' : ''}, \`src/simulator/\`, \`src/testing/samples.ts\`, \`src/index.ts\` (docs/adding-a-connector.md).
`,
  [`src/${name}.manifest.ts`]: `import { ConnectorManifest, sourceUrn } from '@hub/connector-sdk';

export const ${camel}Manifest: ConnectorManifest = {
  name: '${name}',
  description: 'TODO: which system, and what it receives${produces ? ' and sends' : ''}.',
  direction: '${direction}',
  transport: 'http',
  credential: 'none',
  consumes: ['${consumes}'],
  produces: [${produces ? `'${produces}'` : ''}],
};

/** The CloudEvents \`source\` of events read from the ${name} system. */
export const ${camel.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()}_SOURCE = sourceUrn('${name}');
`,
  [`src/target/${name}.format.ts`]: `/** The ${name} system's own record, as its API takes it. TODO: the real fields. */
export interface ${Pascal}Record {
  reference: string;
  eventType: string;
  organisation: string;
  effectiveFrom: string | null;
}
`,
  [`src/target/${name}.mapper.ts`]: `import type { CanonicalEvent } from '@hub/events';
import type { ${Pascal}Record } from './${name}.format';

/** Canonical event → the ${name} record. Throw mappingFailed (@hub/connector-sdk) for a fact it cannot hold. */
export function map${Pascal}(event: CanonicalEvent): ${Pascal}Record {
  const data = event.data as { effectiveFrom?: string };
  return { reference: event.subject, eventType: event.type, organisation: event.tenant.toUpperCase(), effectiveFrom: data.effectiveFrom ?? null };
}
`,
  [`src/target/${name}.mapper.spec.ts`]: `import { sample${Pascal}Event } from '../testing/samples';
import { map${Pascal} } from './${name}.mapper';

describe('map${Pascal}', () => {
  it('makes the record of the event: its subject, type and force', () => {
    const event = sample${Pascal}Event();
    expect(map${Pascal}(event)).toMatchObject({ reference: event.subject, eventType: '${consumes}', organisation: 'FEN' });
  });
});
`,
  [`src/target/${name}.connector.ts`]: `import type { CanonicalEvent } from '@hub/events';
import { assertConsumes, DeliveryContext, DeliveryReceipt, sendCall, TargetConnector } from '@hub/connector-sdk';
import { ${camel}Manifest } from '../${name}.manifest';
import type { ${Pascal}Record } from './${name}.format';
import { map${Pascal} } from './${name}.mapper';

export class ${Pascal}Connector implements TargetConnector<${Pascal}Record> {
  readonly manifest = ${camel}Manifest;

  map(event: CanonicalEvent): ${Pascal}Record {
    assertConsumes(this.manifest, event);
    return map${Pascal}(event);
  }

  async deliver(event: CanonicalEvent, ctx: DeliveryContext): Promise<DeliveryReceipt> {
    const answer = await sendCall({ method: 'POST', path: '/api/records', body: this.map(event) }, ctx);
    return { status: answer.status };
  }
}
`,
  [`src/simulator/${name}-simulator.ts`]: `import { HttpSimulator, IdempotencyKeys, SimAnswer, SimRequest } from '@hub/connector-sdk';
import type { ${Pascal}Record } from '../target/${name}.format';

/** The ${name} system's API as far as the hub uses it: stores a record once per idempotency key. */
export class ${Pascal}Simulator extends HttpSimulator {
  readonly records = new Map<string, ${Pascal}Record>();
  private readonly keys = new IdempotencyKeys({ missing: () => ({ status: 400, body: { error: 'Idempotency-Key header is required' } }) });

  constructor(readonly tenant: string, port = 0, host = '127.0.0.1') {
    super('${name}-' + tenant, port, host);
  }

  protected handle(req: SimRequest): SimAnswer {
    if (req.method !== 'POST' || req.path !== '/api/records') return { status: 404, body: { error: 'not found' } };
    return this.keys.answer(req, () => {
      const reference = \`REC-\${this.records.size + 1}\`;
      this.records.set(reference, req.body as ${Pascal}Record);
      return { status: 201, body: { reference } };
    });
  }

  protected clear(): void {
    this.records.clear();
    this.keys.clear();
  }

  override snapshot(): unknown {
    return { records: [...this.records.values()], repeats: this.keys.repeats };
  }
}
`,
  [`src/simulator/${name}-simulator.spec.ts`]: `import { sample${Pascal}Record } from '../testing/samples';
import { ${Pascal}Simulator } from './${name}-simulator';

describe('${Pascal}Simulator', () => {
  let sim: ${Pascal}Simulator;
  beforeEach(async () => {
    sim = await new ${Pascal}Simulator('fen').start();
  });
  afterEach(() => sim.stop());

  const post = async (key?: string) => {
    const res = await fetch(\`\${sim.url}/api/records\`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(sample${Pascal}Record()) });
    return { status: res.status, body: await res.json() };
  };

  it('stores a record once per idempotency key, answering a repeat with the first answer', async () => {
    const first = await post('k-1');
    expect(first).toEqual({ status: 201, body: { reference: 'REC-1' } });
    expect(await post('k-1')).toEqual(first);
    expect(sim.records.size).toBe(1);
  });

  it('refuses a call without an idempotency key', async () => {
    expect((await post()).status).toBe(400);
    expect(sim.records.size).toBe(0);
  });
});
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
  [`src/testing/samples.ts`]: `// Samples of the ${name} system's records${produces ? ' and webhooks' : ''}, for specs and the demo. TODO: real ones.
import type { CanonicalEvent } from '@hub/events';
${produces ? `import type { ${Pascal}Webhook } from '../source/${name}-webhook.format';\n` : ''}import type { ${Pascal}Record } from '../target/${name}.format';

/** A \`${consumes}\` event for force fen, as the hub delivers it. */
export const sample${Pascal}Event = (): CanonicalEvent => ({
  specversion: '1.0',
  id: 'sample-${name}-1',
  source: 'urn:erp-hub:source:hr',
  type: '${consumes}',
  subject: 'FEN-10234',
  tenant: 'fen',
  data: { effectiveFrom: '2026-12-01' },
});

/** The record the connector makes of it. */
export const sample${Pascal}Record = (o: Partial<${Pascal}Record> = {}): ${Pascal}Record => ({ reference: 'FEN-10234', eventType: '${consumes}', organisation: 'FEN', effectiveFrom: '2026-12-01', ...o });
${produces ? `
/** A webhook of the system for force FEN, carrying a valid \`${produces}\`. */
export const sample${Pascal}Webhook = (o: Partial<${Pascal}Webhook> = {}): ${Pascal}Webhook => ({
  eventId: 'wh-${name}-1',
  occurredAt: '2026-11-20T10:15:00Z',
  organisation: 'FEN',
  subject: 'FEN-10234',
  data: ${indent(JSON.stringify(fixture(produces), null, 2), 2)},
  ...o,
});
` : ''}`,
  [`src/${name}.contract.spec.ts`]: `import { describe${produces ? 'Source' : ''}${produces ? 'Contract, describeTarget' : 'Target'}Contract } from '@hub/testing';
${produces ? `import { ${Pascal}WebhookSource } from './source/${name}-webhook.source';\n` : ''}import { ${Pascal}Simulator } from './simulator/${name}-simulator';
import { ${Pascal}Connector } from './target/${name}.connector';
${produces ? `import { sample${Pascal}Webhook } from './testing/samples';\n` : ''}
describeTargetContract({
  connector: new ${Pascal}Connector(),
  simulator: (tenant) => new ${Pascal}Simulator(tenant),
  tenant: 'fen',
  checkRecord: (record, event) => expect(record.reference).toBe(event.subject),
});
${produces ? `
describeSourceContract({
  connector: new ${Pascal}WebhookSource(),
  tenant: 'fen',
  samples: [{ name: 'a webhook', input: sample${Pascal}Webhook() }],
  badInputs: [
    { name: "another force's webhook", input: sample${Pascal}Webhook({ organisation: 'MOOR' }), reason: /\\/organisation MOOR is not FEN/ },
    { name: 'a webhook without its id', input: { ...sample${Pascal}Webhook(), eventId: undefined }, reason: /\\/eventId is missing/ },
  ],
});
` : ''}`,
  'src/index.ts': [`./${name}.manifest`, `./target/${name}.format`, `./target/${name}.mapper`, `./target/${name}.connector`, ...(produces ? [`./source/${name}-webhook.format`, `./source/${name}-webhook.source`] : []), `./simulator/${name}-simulator`, './testing/samples'].map((m) => `export * from '${m}';\n`).join(''),
};

if (produces) {
  files[`src/source/${name}-webhook.format.ts`] = `/** A webhook of the ${name} system, in its own shape. TODO: the real fields. */
export interface ${Pascal}Webhook {
  /** The system's own id of the notification: the same on every re-send. */
  eventId: string;
  occurredAt: string;
  /** The force, as the system codes it (FEN). */
  organisation: string;
  subject: string;
  data: Record<string, unknown>;
}
`;
  files[`src/source/${name}-webhook.source.ts`] = `import { SourceConnector, SourceContext, WebhookFields } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { ${camel}Manifest } from '../${name}.manifest';
import type { ${Pascal}Webhook } from './${name}-webhook.format';

/**
 * The ${name} system's webhooks → \`${produces}\`. The event id is the webhook's own, so a re-sent
 * webhook is de-duplicated; a webhook of another force than the tenant it came in for is refused.
 * TODO: map the system's fields onto the canonical ones (WebhookFields names each refusal's field).
 */
export class ${Pascal}WebhookSource implements SourceConnector<unknown> {
  readonly manifest = ${camel}Manifest;

  toEvents(input: unknown, ctx: SourceContext): CanonicalEvent[] {
    const hook = WebhookFields.of<${Pascal}Webhook>(input);
    const organisation = hook.text('organisation');
    if (organisation !== ctx.tenant.toUpperCase()) hook.fail('organisation', \`\${organisation} is not \${ctx.tenant.toUpperCase()}, the force this webhook was received for\`);
    hook.object('data');
    const { data } = input as ${Pascal}Webhook;
    return [{ specversion: '1.0', id: hook.text('eventId'), source: ctx.source, type: '${produces}', subject: hook.text('subject'), tenant: ctx.tenant, time: hook.dateTime('occurredAt'), data }];
  }
}
`;
}

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
    .replace('// connector imports: connector:new adds here', `import { ${Pascal}Connector${produces ? `, ${Pascal}WebhookSource` : ''} } from '@connectors/${name}';\n// connector imports: connector:new adds here`)
    .replace('/* connector instances: connector:new adds here */', `new ${Pascal}Connector(), /* connector instances: connector:new adds here */`)
    .replace('/* source connector instances: connector:new adds here */', produces ? `new ${Pascal}WebhookSource(), /* source connector instances: connector:new adds here */` : '/* source connector instances: connector:new adds here */');
  writeFileSync(registry, reg);
}

if (json) console.log(JSON.stringify({ created: `connectors/${name}`, consumes, ...(produces ? { produces } : {}), registered: register, files: Object.keys(files).map((rel) => `connectors/${name}/${rel}`) }, null, 2));
else
  console.log(`connectors/${name} created${register ? ', registered in connectors/registry.ts and tsconfig.json' : ''}.
Next: the real format, mapper${produces ? ', webhook mapping' : ''} and simulator; a target per force in config/*.json${produces ? ', a gateway webhook' : ''}; routes; npx jest connectors/${name}.`);
