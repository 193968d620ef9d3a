import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Which component a process is, by its command line; undefined for processes the bench ignores. */
export function componentOf(cmdline: string, benchPid: number, pid: number): string | undefined {
  if (pid === benchPid) return 'bench load';
  if (cmdline.includes('kafka.Kafka')) return 'kafka';
  if (cmdline.startsWith('redis-server')) return 'redis';
  if (cmdline.startsWith('postgres')) return 'postgresql';
  if (cmdline.includes('counting-sink')) return 'sink';
  if (cmdline.includes('handwritten-pipeline')) return 'hand-written pipeline';
  if (cmdline.includes('hub-peer')) return 'peer';
  if (cmdline.includes('apps/hub/src/main.js')) return 'hub';
  return undefined;
}

/** Cumulative CPU seconds (user + system) per component, read from /proc. */
export function cpuSeconds(roleOf: (pid: number) => string | undefined = () => undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      let name = componentOf(cmdline, process.pid, pid);
      if (name === 'hub') name = roleOf(pid) ?? 'hub';
      if (!name) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
      out.set(name, (out.get(name) ?? 0) + ticks / TICKS_PER_SECOND);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** Cores each component used between two readings over `seconds` of wall time, busiest first. */
export function coresUsed(before: Map<string, number>, after: Map<string, number>, seconds: number): Record<string, number> {
  const rows = [...after].map(([name, s]) => [name, (s - (before.get(name) ?? 0)) / seconds] as const).filter(([, c]) => c >= 0.005);
  return Object.fromEntries(rows.sort((a, b) => b[1] - a[1]).map(([n, c]) => [n, Math.round(c * 100) / 100]));
}
