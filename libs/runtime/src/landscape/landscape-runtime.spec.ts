import { HubConfig, HubConfigError } from '@hub/config';
import type { LandscapeVersionRecord, NewLandscapeVersion } from '@hub/ledger';
import { LandscapeVersionConflict } from '@hub/ledger';
import { waitFor } from '@hub/testing';
import { LandscapeRuntime, LandscapeStore } from './landscape-runtime';

/** A ledger of versions in memory, with the seeding rule of DeliveryLedger.seedLandscape, and its announcements. */
function fakeLedger() {
  const versions: LandscapeVersionRecord[] = [];
  const record = (v: Omit<NewLandscapeVersion, 'basedOn'>): LandscapeVersionRecord => {
    const r = { version: versions.length + 1, createdAt: new Date().toISOString(), ...v };
    versions.push(r);
    return r;
  };
  let on: { version: (n: number) => void; lost: (err: Error) => void } | undefined;
  const ledger = {
    versions,
    listens: 0,
    store: {
      closed: false,
      seedLandscape: async (file, describe = () => ({})) => {
        const lastFile = [...versions].reverse().find((v) => v.change.kind === 'file');
        if (lastFile && lastFile.change.sha256 === file.sha256) return { version: versions.length, inserted: false };
        record({ landscape: file.document, actor: 'boot', reason: 'file', change: { kind: 'file', sha256: file.sha256, ...describe(versions.at(-1)?.landscape) } });
        return { version: versions.length, inserted: true };
      },
      appendLandscapeVersion: async (v) => {
        if (v.basedOn !== undefined && v.basedOn !== versions.length) throw new LandscapeVersionConflict(versions.length, v.basedOn);
        return record(v);
      },
      latestLandscapeVersionNumber: async () => versions.length,
      latestLandscapeVersion: async () => versions.at(-1),
      landscapeVersion: async (v) => versions[v - 1],
      close: async () => void (ledger.store.closed = true),
    } as LandscapeStore & { closed: boolean },
    listen: async (version: (n: number) => void, lost: (err: Error) => void) => {
      ledger.listens++;
      on = { version, lost };
      return { close: async () => undefined };
    },
    /** Another process appends a version; announced unless told otherwise. */
    publish(landscape: Record<string, unknown>, tell = true) {
      const r = record({ landscape, actor: 'someone', reason: 'test', change: { kind: 'document' } });
      if (tell) on?.version(r.version);
      return r.version;
    },
    announce: (version: number) => on?.version(version),
    lose: () => on?.lost(new Error('terminating connection due to administrator command')),
  };
  return ledger;
}

/** Validation as at boot: a document with `bad` fails; `name` is carried through as the tenant's name. */
const validate = (doc: unknown) => {
  const d = doc as { bad?: string; name?: string };
  if (d.bad) throw new HubConfigError([d.bad]);
  return { config: { tenants: [{ code: 'fen', name: d.name ?? 'file' }] } as HubConfig, credentials: new Map<string, string>() };
};

function setup(ledger: ReturnType<typeof fakeLedger>, o: { file?: Record<string, unknown>; pollMs?: number } = {}) {
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const file = o.file ?? { name: 'file', tenants: [{ code: 'fen', name: 'Fenland' }] };
  const runtime = new LandscapeRuntime({
    file: { document: file, path: 'landscape.json', sha256: JSON.stringify(file) },
    validate,
    pollMs: o.pollMs ?? 3_600_000,
    logger,
    connect: () => ({ store: ledger.store, listen: ledger.listen }),
    relistenMs: { initial: 10, max: 20 },
  });
  return { runtime, logger };
}

const nameOf = (r: LandscapeRuntime) => r.current().config.tenants[0].name;

describe('LandscapeRuntime', () => {
  let ledger: ReturnType<typeof fakeLedger>;
  beforeEach(() => {
    ledger = fakeLedger();
  });
  const publish = (landscape: Record<string, unknown>, tell = true) => ledger.publish(landscape, tell);

  it('puts the file in an empty ledger as version 1 and applies it; the same file again adds nothing, a changed one a new version', async () => {
    const { runtime } = setup(ledger);
    await runtime.acquire();
    expect(runtime.current().version).toBe(1);
    expect(ledger.versions[0]).toMatchObject({ actor: 'boot', change: { kind: 'file', diff: [{ change: 'added', entity: 'tenant' }] } });
    await runtime.release();
    expect(ledger.store.closed).toBe(true);

    const again = setup(ledger);
    await again.runtime.acquire();
    expect(ledger.versions).toHaveLength(1);
    await again.runtime.release();

    // An API change, then a process booting with a changed file: the file wins, as a new version.
    ledger.publish({ name: 'api' }, false);
    const changed = setup(ledger, { file: { name: 'edited' } });
    await changed.runtime.acquire();
    expect(ledger.versions.map((v) => v.change.kind)).toEqual(['file', 'document', 'file']);
    expect(changed.runtime.current()).toMatchObject({ version: 3, config: { tenants: [{ name: 'edited' }] } });
    await changed.runtime.release();
  });

  it('starts once for all the roles of a process, and stops when the last one lets go', async () => {
    const { runtime } = setup(ledger);
    await Promise.all([runtime.acquire(), runtime.acquire()]);
    expect(ledger.listens).toBe(1);
    await runtime.release();
    expect(ledger.store.closed).toBe(false);
    await runtime.release();
    expect(ledger.store.closed).toBe(true);
  });

  it('applies an announced newer version and tells each listener, in order, with the version before', async () => {
    const { runtime } = setup(ledger);
    await runtime.acquire();
    const seen: string[] = [];
    runtime.onChange(async (next, previous) => void seen.push(`a ${previous.version}→${next.version}`));
    const off = runtime.onChange((next) => void seen.push(`b ${next.version}`));
    publish({ name: 'v2' });
    await waitFor('version 2', async () => runtime.current().version === 2, 2_000, 5);
    expect(seen).toEqual(['a 1→2', 'b 2']);
    off();
    // An announcement of a version it has already is nothing new.
    ledger.announce(1);
    ledger.announce(2);
    publish({ name: 'v3' });
    await waitFor('version 3', async () => runtime.current().version === 3, 2_000, 5);
    expect(seen).toEqual(['a 1→2', 'b 2', 'a 2→3']);
    expect(nameOf(runtime)).toBe('v3');
    await runtime.release();
  });

  it('finds a version nobody announced by asking every pollMs', async () => {
    const { runtime } = setup(ledger, { pollMs: 20 });
    await runtime.acquire();
    publish({ name: 'quiet' }, false);
    await waitFor('the polled version', async () => runtime.current().version === 2, 2_000, 5);
    await runtime.release();
  });

  it('listens again when the connection is lost, and asks for what it missed meanwhile', async () => {
    const { runtime } = setup(ledger);
    await runtime.acquire();
    ledger.lose();
    publish({ name: 'while away' }, false);
    await waitFor('listening again and catching up', async () => ledger.listens === 2 && runtime.current().version === 2, 2_000, 5);
    publish({ name: 'after' });
    await waitFor('version 3', async () => runtime.current().version === 3, 2_000, 5);
    await runtime.release();
  });

  it('stays on its version when a new one fails its checks, says so, and takes the next one that passes', async () => {
    const { runtime, logger } = setup(ledger);
    await runtime.acquire();
    const told = jest.fn();
    runtime.onChange(told);
    publish({ bad: 'target "cloud-erp-fen" names credential CLOUD_ERP_TOKEN_FEN, which is not set in the environment' });
    await waitFor('the failure logged', async () => logger.error.mock.calls.length === 1, 2_000, 5);
    expect(runtime.current().version).toBe(1);
    expect(told).not.toHaveBeenCalled();
    expect(logger.error.mock.calls[0][0]).toMatchObject({ version: 2, staying: 1, problems: [expect.stringContaining('CLOUD_ERP_TOKEN_FEN')] });
    publish({ name: 'fixed' });
    await waitFor('version 3', async () => runtime.current().version === 3, 2_000, 5);
    expect(told).toHaveBeenCalledTimes(1);
    await runtime.release();
  });

  it('refuses to start on a latest version that fails its checks, as on a bad file', async () => {
    const { runtime: first } = setup(ledger);
    await first.acquire();
    await first.release();
    ledger.publish({ bad: 'route fen/hr.* sends to unknown target "x"' }, false);
    const { runtime } = setup(ledger);
    await expect(runtime.acquire()).rejects.toThrow(/unknown target "x"/);
    expect(ledger.store.closed).toBe(true);
  });

  it('appends a change only once it passes the boot checks, and applies it at once', async () => {
    const { runtime } = setup(ledger);
    await runtime.acquire();
    await expect(runtime.append({ landscape: { bad: 'route fen/hr.* covers no known event type' }, actor: 'a', reason: 'r', change: { kind: 'document' } })).rejects.toThrow(HubConfigError);
    expect(ledger.versions).toHaveLength(1);
    const { record, applied } = await runtime.append({ landscape: { name: 'cut over' }, actor: 'fen-operator', reason: 'r', change: { kind: 'cutover' }, basedOn: 1 });
    expect(record.version).toBe(2);
    expect(applied.version).toBe(2);
    expect(nameOf(runtime)).toBe('cut over');
    await expect(runtime.append({ landscape: { name: 'stale' }, actor: 'a', reason: 'r', change: { kind: 'document' }, basedOn: 1 })).rejects.toThrow(LandscapeVersionConflict);
    await runtime.release();
  });

  it('answers an older version for events accepted under it, loading it once, and none for a version the ledger lacks', async () => {
    const { runtime: first } = setup(ledger);
    await first.acquire();
    await first.release();
    publish({ name: 'v2' }, false);
    const { runtime } = setup(ledger);
    await runtime.acquire();
    expect(runtime.current().version).toBe(2);
    const spy = jest.spyOn(ledger.store, 'landscapeVersion');
    const [a, b] = await Promise.all([runtime.at(1), runtime.at(1)]);
    expect(a).toBe(b);
    expect(a?.config.tenants[0].name).toBe('file');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await runtime.at(9)).toBeUndefined();
    expect((await runtime.at(2))?.version).toBe(2);
    await runtime.release();
  });
});
