import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const folders = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${dir}/${d.name}`);
const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as { root: string; projects: Record<string, { type: string; root: string; sourceRoot: string; entryFile?: string }> };
const projects = Object.values(nest.projects);

describe('nest-cli.json is true to the repository', () => {
  it('lists every app as an application with its entry file, and every library and connector as a library', () => {
    const listed = (type: string) => projects.filter((p) => p.type === type).map((p) => p.root).sort();
    expect(listed('application')).toEqual(folders('apps').sort());
    expect(listed('library')).toEqual([...folders('libs'), ...folders('connectors')].sort());
  });

  it('gives each project the root and source root that exist, and each app the main it starts from', () => {
    for (const p of projects) {
      expect(p.sourceRoot).toBe(`${p.root}/src`);
      expect(existsSync(join(root, p.sourceRoot))).toBe(true);
      if (p.type === 'application') expect(existsSync(join(root, p.sourceRoot, `${p.entryFile}.ts`))).toBe(true);
    }
    expect(nest.projects.hub.root).toBe(nest.root);
  });
});
