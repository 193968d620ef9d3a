// Writes docs/landscape.md from a hub configuration: the flows of the landscape, how many
// point-to-point interfaces they would need without the hub, how many connectors they need with
// it, and a Mermaid drawing of the routes. `npm run docs:landscape`; a spec keeps the page current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubConfig, parseHubConfig } from '@hub/config';

export interface Flow {
  tenant: string;
  type: string;
  /** The system that emits the type: the connector that reads it, or the source posting directly. */
  from: string;
  /** The connector of the target system. */
  to: string;
}

const matches = (pattern: string, type: string) => (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type);

/** Every (tenant, type, producing system, receiving system) the routes carry. */
export function flowsOf(config: HubConfig): Flow[] {
  const targets = new Map(config.targets.map((t) => [t.id, t]));
  const viaGateway = new Map<string, string>();
  for (const w of config.gateway.webhooks) viaGateway.set(w.source, w.connector);
  for (const d of config.gateway.fileDrops) viaGateway.set(d.source, d.connector);
  const flows: Flow[] = [];
  for (const r of config.routes) {
    // The system that owns the type: the first source (in file order) allowed to post it for the
    // tenant; a narrower feed listed after it (one force's local joiners feed) is not another system.
    const producer = config.sources.find((s) => (s.tenants.includes('*') || s.tenants.includes(r.tenant)) && s.types.some((p) => matches(p, r.type)));
    const from = producer ? (viaGateway.get(producer.id) ?? producer.id) : 'unknown';
    for (const id of r.targets) flows.push({ tenant: r.tenant, type: r.type, from, to: targets.get(id)!.connector });
  }
  return flows;
}

export function renderLandscape(config: HubConfig, configName: string): string {
  const flows = flowsOf(config);
  const tenants = config.tenants.map((t) => t.code);
  const pairs = (tenant: string) => new Set(flows.filter((f) => f.tenant === tenant && f.from !== f.to).map((f) => `${f.from} → ${f.to}`));
  const feeds = (tenant: string) => flows.filter((f) => f.tenant === tenant).length;
  const p2p = tenants.reduce((n, t) => n + pairs(t).size, 0);
  const connectors = new Set([...config.targets.map((t) => t.connector), ...config.gateway.webhooks.map((w) => w.connector), ...config.gateway.fileDrops.map((d) => d.connector)]);
  const direct = [...new Set(flows.map((f) => f.from))].filter((s) => !connectors.has(s));
  const systems = new Set([...flows.map((f) => f.from), ...flows.map((f) => f.to)]);

  const lines = [
    '# The demo landscape: point-to-point interfaces against connectors',
    '',
    `Generated from \`config/${configName}\` by \`npm run docs:landscape\`; do not edit by hand.`,
    '',
    `${tenants.length} forces (${config.tenants.map((t) => t.name).join(', ')}) share ${systems.size} systems. The routes carry ${flows.length} flows (force × event type × receiving system).`,
    '',
    '| | Point to point | Through the hub |',
    '|---|---|---|',
    `| What has to be built | **${p2p} interfaces**: one per pair of systems that exchange data, per force (each force's systems are configured, secured and run apart) | **${connectors.size} connectors** (${[...connectors].sort().join(', ')}), each written once and configured per force; ${direct.length} system(s) post CloudEvents to the API directly (${direct.sort().join(', ') || 'none'}) |`,
    `| Adding a force | ${pairs(tenants[0]).size} more interfaces | configuration only: targets, routes, drops |`,
    `| Adding a system that takes one existing type | one interface per producer of it, per force | one connector and one route per force |`,
    '',
    'Counted per force: a pair of systems that exchange several event types is counted once (one interface carrying them all), so the point-to-point figure is the lower bound.',
    '',
    '| Force | Pairs of systems (interfaces) | Flows |',
    '|---|---|---|',
    ...tenants.map((t) => `| ${t} | ${pairs(t).size}: ${[...pairs(t)].sort().join(', ')} | ${feeds(t)} |`),
    '',
    '## Routes',
    '',
    'Every force has the same routes to its own systems only (the hub refuses at boot a route to another force\'s target). Shown for one force; the others differ only in their endpoints.',
    '',
    '```mermaid',
    'flowchart LR',
  ];
  const t0 = tenants[0];
  const node = (s: string) => s.replace(/[^a-z0-9]/gi, '_');
  const mine = flows.filter((f) => f.tenant === t0);
  for (const s of [...new Set(mine.map((f) => f.from))].sort()) lines.push(`  src_${node(s)}["${s}"]`);
  lines.push('  hub(("hub: Kafka + BullMQ"))');
  for (const s of [...new Set(mine.map((f) => f.to))].sort()) lines.push(`  dst_${node(s)}["${s} · ${t0}"]`);
  const edge = (from: string, to: string, types: string[]) => lines.push(`  ${from} -- "${[...new Set(types)].sort().join('<br/>')}" --> ${to}`);
  for (const s of [...new Set(mine.map((f) => f.from))].sort()) edge(`src_${node(s)}`, 'hub', mine.filter((f) => f.from === s).map((f) => f.type));
  for (const s of [...new Set(mine.map((f) => f.to))].sort()) edge('hub', `dst_${node(s)}`, mine.filter((f) => f.to === s).map((f) => f.type));
  lines.push('```', '');
  lines.push('## Routes of every force', '', '| Force | Event type | From | To |', '|---|---|---|---|');
  for (const f of flows) lines.push(`| ${f.tenant} | \`${f.type}\` | ${f.from} | ${f.to}-${f.tenant} |`);
  lines.push('');
  return lines.join('\n');
}

export function landscapeDocFor(root: string, configName = 'demo.json'): string {
  const config = parseHubConfig(JSON.parse(readFileSync(join(root, 'config', configName), 'utf8')));
  return renderLandscape(config, configName);
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  writeFileSync(join(root, 'docs', 'landscape.md'), landscapeDocFor(root));
  process.stdout.write('docs/landscape.md written\n');
}
