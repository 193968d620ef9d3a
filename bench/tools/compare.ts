// Two bench result files side by side: the median of every figure both have, and after ÷ before.
//   node dist/bench/tools/compare.js bench/results/before-hot-path.json bench/results/latest.json
import { readFileSync } from 'node:fs';
import type { Row } from '../scenarios/context';

interface Result {
  rows: Row[];
}

const fmt = (x: number, unit: string) => (!Number.isFinite(x) ? 'n/a' : unit === 'ms' ? x.toFixed(1) : unit === 's' ? x.toFixed(2) : Math.round(x).toLocaleString('en-GB'));

export function compare(before: Result, after: Result): string {
  const was = new Map(before.rows.map((r) => [r.id, r]));
  const lines = ['| figure | unit | before | after | after ÷ before |', '| --- | --- | ---: | ---: | ---: |'];
  for (const r of after.rows) {
    const b = was.get(r.id);
    if (!b) continue;
    const ratio = b.summary.median ? r.summary.median / b.summary.median : NaN;
    lines.push(`| ${r.label} | ${r.unit} | ${fmt(b.summary.median, r.unit)} | ${fmt(r.summary.median, r.unit)} | ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : ''} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [a, b] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Result);
  console.log(compare(a, b));
}
