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

/** A process's /proc/<pid>/stat fields after its command name: 11 utime, 12 stime, 19 starttime (clock ticks). */
export function procStat(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** A process's user and system CPU so far, in seconds. */
export function processCpu(pid: number): { user: number; system: number } {
  const fields = procStat(pid);
  return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
}

/** When a process started, epoch ms (10 ms resolution). */
export function processStartMs(pid: number): number {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - (uptime - Number(procStat(pid)[19]) / TICKS_PER_SECOND) * 1000;
}

/** Every live process the bench knows (componentOf), with its component; a hub process named by `roleOf` when it can. */
export function components(roleOf: (pid: number) => string | undefined = () => undefined): { pid: number; name: string }[] {
  const out: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const name = componentOf(cmdline, process.pid, pid);
      if (name) out.push({ pid, name: name === 'hub' ? (roleOf(pid) ?? 'hub') : name });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** Cumulative CPU seconds (user + system) per component, read from /proc. */
export function cpuSeconds(roleOf: (pid: number) => string | undefined = () => undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const { pid, name } of components(roleOf)) {
    try {
      const { user, system } = processCpu(pid);
      out.set(name, (out.get(name) ?? 0) + user + system);
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
