// Writes docs/landscape.md from a hub configuration: the flows of the landscape, how many
// point-to-point interfaces they would need without the hub, how many connectors they need with
// it, where each force's domains stand in a staged replacement (old system only, parallel run, cut
// over), and a Mermaid drawing of the routes. `npm run docs:landscape`; a spec keeps the page current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetConnectors } from '@connectors/registry';
import { domainOf, HubConfig, isTypePattern, LandscapeDocument, MigrationStage, migrationStage, parseHubConfig, resolveRoute, RouteConfig, routeCovers } from '@hub/config';

export interface Flow {
  tenant: string;
  type: string;
  /** The system that emits the type: the connector that reads it, or the source posting directly. */
  from: string;
  /** The connector of the target system. */
  to: string;
  /** The target (one system of one force). */
  target: string;
  /** `shadow`: a parallel run's new system, getting the event beside the primaries. */
  role: 'primary' | 'shadow';
}

/** Per connector name, the types it takes as a target (its manifest's `consumes`); undefined when unknown. */
export type ConsumesOf = (connector: string) => readonly string[] | undefined;

/** The target connectors' `consumes`, from the registry the hub runs. */
export const registryConsumes: ConsumesOf = (() => {
  const connectors = targetConnectors();
  return (name: string) => connectors.get(name)?.manifest.consumes;
})();

/**
 * The exact types a route decides for: its own type, or, for a pattern (`hr.*`), every type one of
 * its targets' connectors takes that the pattern covers and for which no exact or more specific
 * route of the tenant decides instead (the router's `resolveRoute`). Without the connectors'
 * types, a pattern stands for itself.
 */
function typesOf(route: RouteConfig, routes: readonly RouteConfig[], connectorOf: (id: string) => string, consumes?: ConsumesOf): string[] {
  if (!isTypePattern(route.type)) return [route.type];
  if (!consumes) return [route.type];
  const covered = new Set<string>();
  for (const id of [...route.targets, ...(route.shadow ?? [])]) for (const t of consumes(connectorOf(id)) ?? []) if (routeCovers(route.type, t)) covered.add(t);
  return [...covered].filter((t) => resolveRoute(routes, route.tenant, t) === route).sort();
}

/**
 * Every (tenant, type, producing system, receiving system) the routes carry, primaries and shadows
 * (each after its route's primaries). A pattern route sends each type to those of its targets whose
 * connector takes it, as the router does.
 */
export function flowsOf(config: HubConfig, consumes?: ConsumesOf): Flow[] {
  const targets = new Map(config.targets.map((t) => [t.id, t]));
  const connectorOf = (id: string) => targets.get(id)?.connector ?? id;
  const viaGateway = new Map<string, string>();
  for (const w of config.gateway.webhooks) viaGateway.set(w.source, w.connector);
  for (const d of config.gateway.fileDrops) viaGateway.set(d.source, d.connector);
  const flows: Flow[] = [];
  for (const r of config.routes) {
    const pattern = isTypePattern(r.type);
    for (const type of typesOf(r, config.routes, connectorOf, consumes)) {
      // The system that owns the type: the first source (in file order) allowed to post it for the
      // tenant; a narrower feed listed after it (one force's local joiners feed) is not another system.
      const producer = config.sources.find((s) => (s.tenants.includes('*') || s.tenants.includes(r.tenant)) && s.types.some((p) => routeCovers(p, type)));
      const from = producer ? (viaGateway.get(producer.id) ?? producer.id) : 'unknown';
      const takes = (id: string) => !pattern || !consumes || type === r.type || (consumes(connectorOf(id)) ?? []).includes(type);
      for (const id of r.targets.filter(takes)) flows.push({ tenant: r.tenant, type, from, to: connectorOf(id), target: id, role: 'primary' });
      for (const id of (r.shadow ?? []).filter((s) => !r.targets.includes(s)).filter(takes)) flows.push({ tenant: r.tenant, type, from, to: connectorOf(id), target: id, role: 'shadow' });
    }
  }
  return flows;
}

/** How the page names a migration stage (libs/config's `migrationStage`). */
export const STAGE_LABELS: Record<MigrationStage, string> = {
  'old-only': 'old system only',
  'parallel-run': 'parallel run',
  'cut-over': 'cut over',
  mixed: 'mixed: part of the domain cut over',
  'not-routed': 'not routed',
};

/** One row of a force's stage table: a step of the migration plan, or a domain with none. */
export interface DomainStage {
  tenant: string;
  domain: string;
  /** The types of the domain the force's primaries take. */
  types: number;
  stage: string;
  /** The system being replaced, or, without a step, every system the domain's routes send to. */
  old: string[];
  /** The system replacing it; empty when none is planned. */
  new: string[];
  /** The domain's other primaries, which the step leaves as they are. */
  unchanged: string[];
  /** The point-to-point interfaces (pairs of systems) carrying the domain's types that the hub replaced. */
  interfaces: string[];
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/**
 * Per force, every domain its routes carry (the first part of the type: `hr` of
 * `hr.employee.joined.v1`), in the order the routes name them, and the domains of its migration
 * steps: a row per step, with its stage read off the routes by libs/config's `migrationStage`
 * (the function the API and `hub landscape show` use), or one row for a domain with no step. A
 * domain without a step but with shadows is in a parallel run nobody planned a cutover for.
 */
export function domainStagesOf(config: HubConfig, flows: readonly Flow[]): DomainStage[] {
  const document = config as unknown as LandscapeDocument;
  const rows: DomainStage[] = [];
  for (const tenant of config.tenants.map((t) => t.code)) {
    const routes = config.routes.filter((r) => r.tenant === tenant);
    const steps = config.migrations.filter((m) => m.tenant === tenant);
    for (const domain of unique([...routes.map((r) => domainOf(r.type)), ...steps.map((m) => m.domain)])) {
      const mine = routes.filter((r) => domainOf(r.type) === domain);
      const primaries = unique(mine.flatMap((r) => r.targets));
      const shadows = unique(mine.flatMap((r) => r.shadow ?? []));
      const domainFlows = flows.filter((f) => f.tenant === tenant && f.role === 'primary' && domainOf(f.type) === domain);
      const common = {
        tenant,
        domain,
        types: new Set(domainFlows.map((f) => f.type)).size,
        interfaces: unique(domainFlows.filter((f) => f.from !== f.to).map((f) => `${f.from} → ${f.to}`)).sort(),
      };
      const planned = steps.filter((m) => m.domain === domain);
      for (const m of planned) {
        const stage = migrationStage(document, m);
        const keptAsShadow = stage === 'cut-over' && shadows.includes(m.from);
        rows.push({ ...common, stage: keptAsShadow ? `${STAGE_LABELS[stage]} (old system kept as a shadow)` : STAGE_LABELS[stage], old: [m.from], new: [m.to], unchanged: primaries.filter((id) => id !== m.from && id !== m.to) });
      }
      if (planned.length) continue;
      if (shadows.length) rows.push({ ...common, stage: `${STAGE_LABELS['parallel-run']} (no migration step)`, old: primaries, new: shadows, unchanged: [] });
      else rows.push({ ...common, stage: STAGE_LABELS['old-only'], old: primaries, new: [], unchanged: [] });
    }
  }
  return rows;
}

export function renderLandscape(config: HubConfig, configName: string, consumes?: ConsumesOf): string {
  const all = flowsOf(config, consumes);
  const flows = all.filter((f) => f.role === 'primary');
  const shadows = all.filter((f) => f.role === 'shadow');
  const tenants = config.tenants.map((t) => t.code);
  const pairs = (tenant: string) => new Set(flows.filter((f) => f.tenant === tenant && f.from !== f.to).map((f) => `${f.from} → ${f.to}`));
  const feeds = (tenant: string) => flows.filter((f) => f.tenant === tenant).length;
  const p2p = tenants.reduce((n, t) => n + pairs(t).size, 0);
  const connectors = new Set([...config.targets.map((t) => t.connector), ...config.gateway.webhooks.map((w) => w.connector), ...config.gateway.fileDrops.map((d) => d.connector)]);
  const direct = [...new Set(flows.map((f) => f.from))].filter((s) => !connectors.has(s));
  const systems = new Set([...all.map((f) => f.from), ...all.map((f) => f.to)]);
  const shape = (tenant: string) => all.filter((f) => f.tenant === tenant).map((f) => `${f.type}|${f.from}|${f.to}|${f.role}`).sort().join('\n');
  const alike = tenants.every((t) => shape(t) === shape(tenants[0]));
  const list = (ids: readonly string[], none = '') => (ids.length ? ids.join(', ') : none);

  const lines = [
    '# The demo landscape: point-to-point interfaces against connectors',
    '',
    `Generated from \`config/${configName}\` by \`npm run docs:landscape\`; do not edit by hand.`,
    '',
    `${tenants.length} forces (${config.tenants.map((t) => t.name).join(', ')}) share ${systems.size} systems. The routes carry ${flows.length} flows (force × event type × receiving system)${shadows.length ? `, and ${shadows.length} more to the new systems of parallel runs, as shadows` : ''}.`,
    '',
    '| | Point to point | Through the hub |',
    '|---|---|---|',
    `| What has to be built | **${p2p} interfaces**: one per pair of systems that exchange data, per force (each force's systems are configured, secured and run apart) | **${connectors.size} connectors** (${[...connectors].sort().join(', ')}), each written once and configured per force; ${direct.length} system(s) post CloudEvents to the API directly (${direct.sort().join(', ') || 'none'}) |`,
    `| Adding a force | ${pairs(tenants[0]).size} more interfaces | configuration only: targets, routes, drops |`,
    `| Adding a system that takes one existing type | one interface per producer of it, per force | one connector and one route per force |`,
    '',
    "Counted per force: a pair of systems that exchange several event types is counted once (one interface carrying them all), so the point-to-point figure is the lower bound. A parallel run's shadow is not counted: it is the system being brought in, and takes the old one's place at the cutover.",
    '',
    '| Force | Pairs of systems (interfaces) | Flows |',
    '|---|---|---|',
    ...tenants.map((t) => `| ${t} | ${pairs(t).size}: ${[...pairs(t)].sort().join(', ')} | ${feeds(t)} |`),
    '',
    '## Staged replacement: where each force stands, domain by domain',
    '',
    "Per force, each domain its routes carry (the first part of the event type: `hr` of `hr.employee.joined.v1`) and each step of the landscape's migration plan (`migrations`), with the stage read off the routes by `migrationStage` (`libs/config/src/landscape/migration-stage.ts`, as `hub landscape show` does): **old system only**; **parallel run**, the new system a shadow beside the old one; **cut over**, the new system the primary. A domain with no step stays on its old systems, with nothing planned. The last column lists the point-to-point interfaces the hub replaced for the force (the table above) by the domain of the types they carry: a pair that carries two domains' types is listed under each. How a stage is run: [migration.md](migration.md).",
    '',
  ];
  const stages = domainStagesOf(config, all);
  for (const t of config.tenants) {
    lines.push(`### ${t.code}: ${t.name}`, '', '| Domain | Types | Stage | Old system | New system | Other targets, unchanged | Interfaces replaced |', '|---|---|---|---|---|---|---|');
    for (const s of stages.filter((x) => x.tenant === t.code)) {
      lines.push(`| ${s.domain} | ${s.types} | ${s.stage} | ${list(s.old, 'none')} | ${list(s.new, 'none planned')} | ${list(s.unchanged)} | ${list(s.interfaces, 'none')} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Routes',
    '',
    alike
      ? "Every force has the same routes to its own systems only (the hub refuses at boot a route to another force's target). Shown for one force; the others differ only in their endpoints."
      : `Every force's routes go to its own systems only (the hub refuses at boot a route to another force's target). Shown for ${tenants[0]}${shadows.some((f) => f.tenant === tenants[0]) ? ', with its parallel run dashed' : ''}; the forces' routes differ, and every one is listed below.`,
    '',
    '```mermaid',
    'flowchart LR',
  );
  const t0 = tenants[0];
  const node = (s: string) => s.replace(/[^a-z0-9]/gi, '_');
  const mine = all.filter((f) => f.tenant === t0);
  const primary = mine.filter((f) => f.role === 'primary');
  const shadow = mine.filter((f) => f.role === 'shadow');
  for (const s of [...new Set(mine.map((f) => f.from))].sort()) lines.push(`  src_${node(s)}["${s}"]`);
  lines.push('  hub(("hub: Kafka + BullMQ"))');
  for (const s of [...new Set(mine.map((f) => f.to))].sort()) lines.push(`  dst_${node(s)}["${s} · ${t0}${shadow.some((f) => f.to === s) && !primary.some((f) => f.to === s) ? ' (shadow)' : ''}"]`);
  const label = (types: string[]) => `"${[...new Set(types)].sort().join('<br/>')}"`;
  for (const s of [...new Set(mine.map((f) => f.from))].sort()) lines.push(`  src_${node(s)} -- ${label(mine.filter((f) => f.from === s).map((f) => f.type))} --> hub`);
  for (const s of [...new Set(primary.map((f) => f.to))].sort()) lines.push(`  hub -- ${label(primary.filter((f) => f.to === s).map((f) => f.type))} --> dst_${node(s)}`);
  for (const s of [...new Set(shadow.map((f) => f.to))].sort()) lines.push(`  hub -.->|${label(shadow.filter((f) => f.to === s).map((f) => f.type))}| dst_${node(s)}`);
  lines.push('```', '');
  lines.push('## Routes of every force', '', '| Force | Event type | From | To |', '|---|---|---|---|');
  for (const f of all) lines.push(`| ${f.tenant} | \`${f.type}\` | ${f.from} | ${f.target}${f.role === 'shadow' ? ' (shadow)' : ''} |`);
  lines.push('');
  return lines.join('\n');
}

export function landscapeDocFor(root: string, configName = 'demo.json'): string {
  const config = parseHubConfig(JSON.parse(readFileSync(join(root, 'config', configName), 'utf8')));
  return renderLandscape(config, configName, registryConsumes);
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  writeFileSync(join(root, 'docs', 'landscape.md'), landscapeDocFor(root));
  process.stdout.write('docs/landscape.md written\n');
}
