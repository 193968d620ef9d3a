import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CloudErpSimulator } from '@connectors/cloud-erp';
import { DmsSimulator } from '@connectors/dms';
import { LedgerSimulator } from '@connectors/finance';
import { HrSimulator } from '@connectors/hr';
import { PayrollSimulator } from '@connectors/payroll';
import { demoEnv, repoRoot } from './demo-env';

export const FORCES = ['fen', 'moor', 'vale'] as const;
export type Force = (typeof FORCES)[number];
const byForce = <T>(make: (f: Force, i: number) => T) => Object.fromEntries(FORCES.map((f, i) => [f, make(f, i)])) as Record<Force, T>;
/** The forces replacing their payroll bureau by the SaaS ERP (config/demo.json's `migrations`): Fenland only. */
export const ERP_FORCES = ['fen'] as const;
export type ErpForce = (typeof ERP_FORCES)[number];

/**
 * The systems of the demo landscape, one of each per force: payroll bureau, HR system, finance
 * ledger (HTTP simulators) and legacy duty management (a file-exchange directory), plus the drop
 * directories the payroll bureau, duty management and training administration export into. Fenland
 * also has the SaaS ERP that is to replace its payroll bureau (`erp`), with the default grade
 * catalogue (no `SC`: the demo's one disagreement of the parallel run).
 * `fixed` uses the ports and directories config/demo.json names (the demo); otherwise free ports and
 * a temporary directory (tests), with `configure` rewriting the demo configuration to match.
 */
export class DemoSystems {
  readonly payroll: Record<Force, PayrollSimulator>;
  readonly hr: Record<Force, HrSimulator>;
  readonly ledger: Record<Force, LedgerSimulator>;
  readonly dms: Record<Force, DmsSimulator>;
  readonly erp: Record<ErpForce, CloudErpSimulator>;
  /** Where the drop directories and DMS exchange directories live. */
  readonly root: string;

  constructor(private readonly fixed = false) {
    const env = demoEnv();
    this.root = fixed ? resolve(repoRoot(), 'var') : mkdtempSync(join(tmpdir(), 'hub-systems-'));
    this.payroll = byForce((f, i) => new PayrollSimulator(f, fixed ? 4101 + i : 0));
    this.hr = byForce((f, i) => new HrSimulator(f, fixed ? 4111 + i : 0, '127.0.0.1', env[`HR_API_TOKEN_${f.toUpperCase()}`]));
    this.ledger = byForce((f, i) => new LedgerSimulator(f, fixed ? 4121 + i : 0, '127.0.0.1', env[`LEDGER_API_TOKEN_${f.toUpperCase()}`]));
    this.dms = byForce((f) => new DmsSimulator(f, join(this.root, 'exchange', `dms-${f}`)));
    this.erp = { fen: new CloudErpSimulator('fen', fixed ? 4131 : 0, '127.0.0.1', { token: env.CLOUD_ERP_TOKEN_FEN }) };
  }

  /** A drop directory a system exports into (the gateway reads `<dir>/inbox`). */
  dropDir(system: 'payroll' | 'dms' | 'training', force: Force): string {
    return join(this.root, 'drop', `${system}-${force}`);
  }

  async start(): Promise<this> {
    await Promise.all([...this.all()].map((s) => s.start()));
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.all()].map((s) => s.stop()));
    if (!this.fixed) rmSync(this.root, { recursive: true, force: true });
  }

  private *all() {
    for (const f of FORCES) yield* [this.payroll[f], this.hr[f], this.ledger[f], this.dms[f]];
    for (const f of ERP_FORCES) yield this.erp[f];
  }

  /** config/demo.json with every endpoint and directory pointing at these simulators. */
  configure(): Record<string, any> {
    const config = JSON.parse(readFileSync(join(repoRoot(), 'config', 'demo.json'), 'utf8'));
    for (const t of config.targets) {
      const [system, force] = [t.connector as string, t.tenant as Force];
      if (system === 'payroll') t.endpoint = this.payroll[force].url;
      else if (system === 'hr') t.endpoint = this.hr[force].url;
      else if (system === 'finance') t.endpoint = this.ledger[force].url;
      else if (system === 'dms') t.endpoint = this.dms[force].url;
      else if (system === 'cloud-erp') {
        if (!(ERP_FORCES as readonly string[]).includes(force)) throw new Error(`target ${t.id}: the demo has no cloud ERP for ${force}`);
        t.endpoint = this.erp[force as ErpForce].url;
      }
    }
    for (const d of config.gateway.fileDrops) d.dir = this.dropDir(d.connector, d.tenant);
    return config;
  }
}
