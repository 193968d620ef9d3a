// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, so a hot
// path's top costs can be read without a GUI.
//   node dist/bench/tools/profile-summary.js <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which package (or the project's own folder) a script URL belongs to. */
export function packageOf(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const dist = /\/dist\/((?:apps|libs|connectors)\/[^/]+)/.exec(url);
  return dist ? dist[1] : url.replace(/^file:\/\//, '');
}

export function summarise(profile: Profile) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + t);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => ({ name: k, pct: (v / total) * 100 }));
  return { totalMs: total / 1000, top: (n: number) => ({ functions: top(byFunction, n), packages: top(byPackage, n) }) };
}

if (require.main === module) {
  const [file, n = '25'] = process.argv.slice(2);
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const { functions, packages } = s.top(Number(n));
  console.log(`${file}: ${s.totalMs.toFixed(0)} ms sampled\n\nself time by package`);
  for (const p of packages) console.log(`${p.pct.toFixed(1).padStart(6)}%  ${p.name}`);
  console.log('\nself time by function');
  for (const f of functions) console.log(`${f.pct.toFixed(1).padStart(6)}%  ${f.name}`);
}
