import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportedMetricNames, hubMetrics, SCRAPE_GAUGES } from './metrics';

// js-yaml is already installed (@nestjs/swagger depends on it); loaded with Node's require, untyped.
const { load } = require('js-yaml') as { load(text: string): unknown };

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const FILE = join(__dirname, '../../../infra/prometheus/alerts.yml');
const rules = ((load(readFileSync(FILE, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups ?? []).flatMap((g) => g.rules);
/** Series names as PromQL may write them: histograms add _bucket, _sum and _count. */
const metricsIn = (expr: string) => [...new Set([...expr.matchAll(/\bhub_[a-z0-9_]+\b/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, '')))];

describe('Prometheus alert rules (infra/prometheus/alerts.yml)', () => {
  it('has rules, each with a name, an expression, a severity and a summary', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(r.alert).toMatch(/^Hub[A-Za-z]+$/);
      expect(typeof r.expr).toBe('string');
      expect(['critical', 'warning', 'info']).toContain(r.labels?.severity);
      expect(r.annotations?.summary).toEqual(expect.any(String));
      if (r.for !== undefined) expect(r.for).toMatch(/^\d+[smhd]$/);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('names only metrics the hub exports, at least one in each rule', () => {
    const exported = new Set(exportedMetricNames());
    for (const r of rules) {
      const named = metricsIn(r.expr);
      expect({ alert: r.alert, named: named.length > 0 }).toEqual({ alert: r.alert, named: true });
      for (const m of named) expect({ alert: r.alert, metric: m, exported: exported.has(m) }).toEqual({ alert: r.alert, metric: m, exported: true });
    }
  });

  it('alerts on a stalled router, growing consumer lag and quarantined events', () => {
    const watched = new Set(rules.flatMap((r) => metricsIn(r.expr)));
    for (const m of ['hub_router_stalled', 'hub_router_consumer_lag', 'hub_quarantined_total']) expect(watched).toContain(m);
  });

  it('alerts on an open breaker, a flapping one, growing dead letters and a long pause', () => {
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['HubTargetBreakerOpen', 'HubTargetBreakerFlapping', 'HubDeadLettersGrowing', 'HubTargetPausedLong']));
  });

  it("keeps a parallel run's shadow dead letters out of every alert: the growing dead letters are the primaries'", () => {
    const growing = rules.find((r) => r.alert === 'HubDeadLettersGrowing')!;
    expect(metricsIn(growing.expr)).toEqual(['hub_dead_letters_open']);
    expect(rules.filter((r) => metricsIn(r.expr).includes(SCRAPE_GAUGES.shadowDeadLettersOpen.name)).map((r) => r.alert)).toEqual([]);
  });

  it('alerts on deliveries that stay unreconciled past the grace period, primaries only', () => {
    const rule = rules.find((r) => r.alert === 'HubUnreconciledDeliveries');
    expect(rule?.expr).toContain('hub_unreconciled_deliveries{role="primary"}');
    expect(rule?.annotations?.runbook).toBe('docs/operations.md#reconciling-a-stage');
  });

  it('groups and matches only by labels the metrics it names have', () => {
    const labelsOf = new Map<string, readonly string[]>();
    for (const m of hubMetrics().registry.getMetricsAsArray()) labelsOf.set((m as unknown as { name: string }).name, ((m as unknown as { labelNames?: string[] }).labelNames ?? []) as readonly string[]);
    for (const g of Object.values(SCRAPE_GAUGES)) labelsOf.set(g.name, g.labelNames);
    for (const r of rules) {
      // `instance` and `le` are Prometheus' own labels.
      const labels = new Set(['instance', 'le', ...metricsIn(r.expr).flatMap((n) => labelsOf.get(n) ?? [])]);
      const grouped = [...r.expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((x) => x.trim()).filter(Boolean));
      const matched = [...r.expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((x) => x.split(/[=!~]/)[0].trim()).filter(Boolean));
      expect({ alert: r.alert, unknown: [...grouped, ...matched].filter((l) => !labels.has(l)) }).toEqual({ alert: r.alert, unknown: [] });
    }
  });

  it('would catch a metric that is not exported', () => {
    expect(exportedMetricNames()).not.toContain('hub_router_stuck');
    expect(metricsIn('rate(hub_delivery_duration_seconds_bucket[5m]) > hub_router_stuck')).toEqual(['hub_delivery_duration_seconds', 'hub_router_stuck']);
  });
});
