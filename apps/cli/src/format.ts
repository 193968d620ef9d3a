/** A plain text table: one row per item, the columns given, values cut to a readable width. */
export function table(rows: readonly object[], columns: string[], width = 48): string {
  if (rows.length === 0) return '(none)';
  const cell = (v: unknown) => {
    const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return s.length > width ? `${s.slice(0, width - 1)}…` : s;
  };
  const cells = rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** A span of seconds for people: `45s`, `12m 30s`, `3h 05m`, `2d 04h`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/** An ISO time as a short UTC clock: `2026-11-23 02:18:35Z`; empty for none. */
export function clock(iso?: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

/** A small object on one line, `replayed=2 failed=0`: for an audit entry's filter and counts. */
export function pairs(value: Record<string, unknown> | undefined | null): string {
  if (!value) return '';
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/** Every scalar of a JSON value with its JSON Pointer, depth first: `[['/employee/number', 'FEN-1'], …]`. */
export function leaves(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => leaves(v, `${path}/${i}`)) : [[path || '/', '[]']];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([k, v]) => leaves(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)) : [[path || '/', '{}']];
  }
  return [[path || '/', typeof value === 'string' ? value : JSON.stringify(value)]];
}

/** Labelled lines, the values lined up: `  label:  value`. Lines whose value is empty are left out. */
export function labelled(lines: [string, string | number | undefined | null][], indent = '  '): string[] {
  const shown = lines.filter(([, v]) => v !== undefined && v !== null && v !== '');
  const width = Math.max(0, ...shown.map(([k]) => k.length + 1));
  return shown.map(([k, v]) => `${indent}${`${k}:`.padEnd(width)}  ${v}`);
}
