import { RoleHealthRegistry } from './role-health';

describe('RoleHealthRegistry', () => {
  it('runs the checks of the roles registered, a throwing one as down, and forgets one removed', async () => {
    const r = new RoleHealthRegistry();
    const remove = r.register('router', () => ({ up: true, details: { partitions: 3 } }));
    r.register('router', async () => {
      throw new Error('no answer');
    });
    expect(await r.run()).toEqual([
      ['router', { up: true, details: { partitions: 3 } }],
      ['router-2', { up: false, message: 'no answer' }],
    ]);
    remove();
    expect((await r.run()).map(([name]) => name)).toEqual(['router-2']);
  });
});
