import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubMetrics, SCRAPE_GAUGES } from './metrics';

const RULES = join(__dirname, '..', '..', '..', 'infra', 'prometheus', 'alerts.yml');
const text = readFileSync(RULES, 'utf8');

/** The rules as the file lists them, read line by line (each `expr:` is one line, by house rule). */
function rules(): { group: string; alert: string; expr: string }[] {
  const found: { group: string; alert: string; expr: string }[] = [];
  let group = '';
  let alert = '';
  for (const line of text.split('\n')) {
    const g = /^\s*- name:\s*(\S+)\s*$/.exec(line);
    if (g) group = g[1];
    const a = /^\s*- alert:\s*(\S+)\s*$/.exec(line);
    if (a) alert = a[1];
    const e = /^\s*expr:\s*(.+?)\s*$/.exec(line);
    if (e) found.push({ group, alert, expr: e[1].replace(/^(['"])(.*)\1$/, '$2') });
  }
  return found;
}

/** Every series name the hub exports, with its labels: the registry's metrics and the scrape-time gauges. */
function exported(): Map<string, readonly string[]> {
  const names = new Map<string, readonly string[]>();
  const registry = hubMetrics().registry;
  for (const m of registry.getMetricsAsArray()) {
    const labels = ((m as unknown as { labelNames?: string[] }).labelNames ?? []) as readonly string[];
    const { name } = m as unknown as { name: string };
    names.set(name, labels);
    // Histograms are exported as their buckets, sum and count.
    for (const suffix of ['_bucket', '_sum', '_count']) names.set(`${name}${suffix}`, [...labels, 'le']);
  }
  for (const g of Object.values(SCRAPE_GAUGES)) names.set(g.name, g.labels);
  return names;
}

describe('Prometheus alert rules (infra/prometheus/alerts.yml)', () => {
  const all = rules();

  it('has the delivery group, each rule with one expression', () => {
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((r) => r.group))).toContain('delivery');
    expect(all.map((r) => r.alert)).toEqual(expect.arrayContaining(['HubTargetBreakerOpen', 'HubDeadLettersGrowing']));
    expect((text.match(/^\s*- alert:/gm) ?? []).length).toBe(all.length);
  });

  it.each(all.map((r) => [r.alert, r.expr]))('%s names only metrics the hub exports, by labels they have', (_alert, expr) => {
    const names = exported();
    const used = [...new Set(expr.match(/\bhub_[a-z0-9_]+\b/g) ?? [])];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((n) => !names.has(n))).toEqual([]);
    const labels = new Set(used.flatMap((n) => names.get(n) ?? []));
    const grouped = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()).filter(Boolean));
    const matched = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((s) => s.split(/[=!~]/)[0].trim()).filter(Boolean));
    expect([...grouped, ...matched].filter((l) => !labels.has(l))).toEqual([]);
  });
});
