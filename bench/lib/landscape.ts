import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashToken } from '@hub/config';
import { BENCH_SOURCE, Force, FORCES } from './events';
import { BENCH_DIR } from './processes';

export const BENCH_TOKEN = 'bench-source-token';
export const BENCH_OPS_TOKEN = 'bench-ops-token';

/** Joiners fan out by force: Fenland's to 1 target, Moorside's to 3, Vale's to 6. */
export const FANOUT: Record<Force, number> = { fen: 1, moor: 3, vale: 6 };

/** The targets a force's joiner goes to; its payroll first (the pay award's only target). */
export function joinerTargets(force: Force): string[] {
  return [`payroll-${force}`, ...Array.from({ length: FANOUT[force] - 1 }, (_, i) => `fan-${force}-${i + 2}`)];
}

/**
 * The bench's landscape: three forces, every target the payroll connector posting to the counting
 * sink under /t/<target>, as a production target would be configured (retries, timeout,
 * concurrency). Written to .bench/landscape.json for the hub's processes.
 */
export function writeBenchLandscape(sinkUrl: string, concurrency: number, ordering?: 'subject' | 'none'): string {
  const targetIds = FORCES.flatMap((f) => joinerTargets(f).map((id) => ({ id, tenant: f })));
  const landscape = {
    tenants: FORCES.map((code) => ({ code, name: `Bench ${code}` })),
    sources: [{ id: 'bench-hr', name: 'Bench HR system', tokenSha256: hashToken(BENCH_TOKEN), tenants: [...FORCES], types: ['hr.*', 'payroll.pay-change.requested.v1'], sourceUris: [BENCH_SOURCE] }],
    opsUsers: [{ id: 'bench-ops', tokenSha256: hashToken(BENCH_OPS_TOKEN), roles: ['viewer'], tenants: ['*'] }],
    targets: targetIds.map(({ id, tenant }) => ({
      id,
      tenant,
      connector: 'payroll',
      endpoint: `${sinkUrl}/t/${id}`,
      timeoutMs: 5000,
      concurrency,
      retry: { attempts: 5, backoffMs: 500, maxBackoffMs: 10000 },
      // The payroll connector keeps order per subject by default; the bench measures it off too.
      ...(ordering ? { ordering } : {}),
    })),
    routes: FORCES.flatMap((tenant) => [
      { tenant, type: 'payroll.pay-change.requested.v1', targets: [`payroll-${tenant}`] },
      { tenant, type: 'hr.employee.joined.v1', targets: joinerTargets(tenant) },
    ]),
  };
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, ordering ? `landscape-${ordering}.json` : 'landscape.json');
  writeFileSync(path, JSON.stringify(landscape, null, 2));
  return path;
}

/** An ops token that may start backfills (the bench's other ops user only views). */
export const BENCH_OPERATOR_TOKEN = 'bench-operator-token';

/**
 * The backfill scenarios' landscape: the bench's own (payroll per force, routed, where the
 * history goes as it happens), and `backfills` more targets of Fenland's, routed nowhere, each a
 * new system to seed from the ledger (one per measured run: a target that has the history already
 * would skip it all). Every target posts to the counting sink, without a rate limit.
 */
export function writeBackfillLandscape(sinkUrl: string, concurrency: number, backfills: string[], backfillConcurrency = concurrency): string {
  const base = JSON.parse(readFileSync(writeBenchLandscape(sinkUrl, concurrency), 'utf8'));
  base.opsUsers.push({ id: 'bench-operator', tokenSha256: hashToken(BENCH_OPERATOR_TOKEN), roles: ['viewer', 'operator'], tenants: ['*'] });
  for (const id of backfills) {
    base.targets.push({ id, tenant: 'fen', connector: 'payroll', endpoint: `${sinkUrl}/t/${id}`, timeoutMs: 5000, concurrency: backfillConcurrency, retry: { attempts: 5, backoffMs: 500, maxBackoffMs: 10000 } });
  }
  const path = join(BENCH_DIR, 'landscape-backfill.json');
  writeFileSync(path, JSON.stringify(base, null, 2));
  return path;
}

/** Tenants of the cutover rows, one per measured run (warm-up included): each is cut over once. */
export const cutoverTenants = (repeats: number) => Array.from({ length: repeats + 1 }, (_, i) => `cut${String.fromCharCode(97 + i)}`);

/**
 * The staged-replacement scenarios' landscape: the bench's own, with Fenland's pay changes in a
 * parallel run (payroll-fen the primary, erp-fen the shadow) and Moorside's to payroll only, so
 * the two are measured side by side in one hub; and `cutovers` more tenants, each with its pay
 * changes in a parallel run and a migration step from its payroll to its ERP, to be cut over under
 * load. Every target is the payroll connector posting to the counting sink.
 */
export function writeStagedLandscape(sinkUrl: string, concurrency: number, cutovers: string[]): string {
  const base = JSON.parse(readFileSync(writeBenchLandscape(sinkUrl, concurrency), 'utf8'));
  const target = (id: string, tenant: string) => ({ id, tenant, connector: 'payroll', endpoint: `${sinkUrl}/t/${id}`, timeoutMs: 5000, concurrency, retry: { attempts: 5, backoffMs: 500, maxBackoffMs: 10000 } });
  const PAY = 'payroll.pay-change.requested.v1';
  base.opsUsers.push({ id: 'bench-operator', tokenSha256: hashToken(BENCH_OPERATOR_TOKEN), roles: ['viewer', 'operator'], tenants: ['*'] });
  base.targets.push(target('erp-fen', 'fen'));
  base.routes.find((r: { tenant: string; type: string }) => r.tenant === 'fen' && r.type === PAY).shadow = ['erp-fen'];
  base.migrations = [{ tenant: 'fen', domain: 'payroll', from: 'payroll-fen', to: 'erp-fen' }];
  for (const t of cutovers) {
    base.tenants.push({ code: t, name: `Bench ${t}` });
    base.sources[0].tenants.push(t);
    base.targets.push(target(`payroll-${t}`, t), target(`erp-${t}`, t));
    base.routes.push({ tenant: t, type: PAY, targets: [`payroll-${t}`], shadow: [`erp-${t}`] });
    base.migrations.push({ tenant: t, domain: 'payroll', from: `payroll-${t}`, to: `erp-${t}` });
  }
  const path = join(BENCH_DIR, 'landscape-staged.json');
  writeFileSync(path, JSON.stringify(base, null, 2));
  return path;
}
