import type { Logger } from 'pino';
import { AppliedLandscape, diffLandscapes, HubConfigError, LandscapeDocument, LandscapeListener, LiveLandscape } from '@hub/config';
import type { DeliveryLedger, LandscapeFile, LandscapeVersionRecord, NewLandscapeVersion } from '@hub/ledger';
import { hubMetrics } from '@hub/observability';
import { keepTrying } from '../keep-trying';
import type { ValidatedLandscape } from './landscape-validation';

/** What the runtime needs of the ledger (DeliveryLedger on its own small pool). */
export type LandscapeStore = Pick<DeliveryLedger, 'seedLandscape' | 'appendLandscapeVersion' | 'latestLandscapeVersionNumber' | 'latestLandscapeVersion' | 'landscapeVersion' | 'close'>;

/** Announcements of new versions (PostgreSQL LISTEN): `onLost` once if the connection goes. */
export type ListenForVersions = (onVersion: (version: number) => void, onLost: (err: Error) => void) => Promise<{ close(): Promise<void> }>;

export interface LandscapeConnection {
  store: LandscapeStore;
  listen: ListenForVersions;
}

export interface LandscapeRuntimeOptions {
  /** The landscape file as read at boot: version 1 of an empty ledger, and a new version whenever it changes. */
  file: LandscapeFile;
  /** The boot check (validateLandscape with this process's schemas, connectors and environment). */
  validate: (document: unknown) => ValidatedLandscape;
  connect: () => LandscapeConnection;
  /** How often to ask for a newer version besides being told (LANDSCAPE_POLL_MS). */
  pollMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Older versions kept validated for events accepted under them (64). */
  keep?: number;
  /** Waits before listening again after the connection was lost (doubling from 500 ms to 30 s). */
  relistenMs?: { initial: number; max: number };
}

/**
 * The landscape of one process: the latest version in the ledger, validated here exactly as the
 * file is at boot, and replaced while the process runs. Started by the first role of the process
 * that needs it (acquire) and stopped when the last one lets go (release). At start it puts the
 * file in the ledger when it is new (seedLandscape) and applies the latest version: one that fails
 * here stops the role, as a bad file does. Afterwards it learns of new versions by LISTEN/NOTIFY
 * and, in case a notification is lost, by asking every `pollMs`. A version that fails here is not
 * applied: the process stays on the one before, says so in its log and in
 * hub_landscape_apply_failures_total, and takes the next version that passes. Listeners (the
 * router's routes, the worker's targets, the API's credentials) run in order, one version at a
 * time.
 */
export class LandscapeRuntime implements LiveLandscape {
  private refs = 0;
  private starting?: Promise<void>;
  private conn?: LandscapeConnection;
  private listener?: { close(): Promise<void> };
  private poll?: NodeJS.Timeout;
  private relisten?: NodeJS.Timeout;
  private relistenWait: number;
  private applied?: AppliedLandscape;
  /** The last version that failed here: not tried again (a later one is). */
  private failed?: number;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly versions = new Map<number, Promise<AppliedLandscape | undefined>>();
  private readonly listeners = new Set<LandscapeListener>();
  private readonly metrics = hubMetrics();

  constructor(private readonly o: LandscapeRuntimeOptions) {
    this.relistenWait = o.relistenMs?.initial ?? 500;
  }

  /** Starts it for one more role (the first starts it); rejects, and counts nothing, if it cannot start. */
  async acquire(): Promise<void> {
    this.refs++;
    try {
      await (this.starting ??= this.start());
    } catch (err) {
      await this.release();
      throw err;
    }
  }

  /** One role fewer; the last one stops listening and polling and closes its connections. */
  async release(): Promise<void> {
    this.refs = Math.max(0, this.refs - 1);
    if (this.refs > 0) return;
    const started = this.starting;
    this.starting = undefined;
    await started?.catch(() => undefined);
    await this.stop();
  }

  current(): AppliedLandscape {
    if (!this.applied) throw new Error('the landscape is not loaded yet: a role must acquire it first');
    return this.applied;
  }

  async at(version: number): Promise<AppliedLandscape | undefined> {
    if (this.applied?.version === version) return this.applied;
    // An event accepted under a version this process has not heard of yet: catch up meanwhile.
    if (this.applied && version > this.applied.version) void this.refresh().catch(() => undefined);
    let loading = this.versions.get(version);
    if (!loading) {
      loading = this.store().landscapeVersion(version).then((r) => r && this.validated(r));
      // A failed load (the store away, a version that fails here) is tried again next time.
      loading.catch(() => this.versions.delete(version));
      this.versions.set(version, loading);
      this.trim();
    } else {
      // Most recently used last.
      this.versions.delete(version);
      this.versions.set(version, loading);
    }
    return loading;
  }

  onChange(listener: LandscapeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The boot checks of a landscape document in this process (HubConfigError listing every problem). */
  validate(document: unknown): ValidatedLandscape {
    return this.o.validate(document);
  }

  /** Asks the ledger for the latest version and applies it if it is newer. */
  refresh(): Promise<void> {
    return this.serially(async () => {
      if (!this.conn || !this.applied) return;
      const latest = await this.store().latestLandscapeVersionNumber();
      if (latest <= this.applied.version || latest === this.failed) return;
      const record = await this.store().landscapeVersion(latest);
      if (record) await this.apply(record);
    });
  }

  /**
   * A change made in this process (the API): checked exactly as at boot first (HubConfigError),
   * appended (LandscapeVersionConflict when `basedOn` is not the latest any more), then applied
   * here at once, so the next event this process accepts is accepted under it.
   */
  async append(v: NewLandscapeVersion): Promise<{ record: LandscapeVersionRecord; applied: AppliedLandscape }> {
    this.o.validate(v.landscape);
    const record = await this.store().appendLandscapeVersion(v);
    await this.serially(async () => {
      if (!this.applied || record.version > this.applied.version) await this.apply(record);
    });
    const applied = this.current().version === record.version ? this.current() : await this.at(record.version);
    return { record, applied: applied! };
  }

  private async start(): Promise<void> {
    const { file, logger } = this.o;
    const conn = this.o.connect();
    this.conn = conn;
    const seeded = await keepTrying('putting the landscape file in the ledger', () => conn.store.seedLandscape(file, (previous) => ({ diff: diffLandscapes(previous, file.document) })), logger);
    if (seeded.inserted) logger.info({ version: seeded.version, path: file.path, sha256: file.sha256 }, 'landscape file stored as a new version');
    const latest = await keepTrying('reading the landscape', async () => {
      const r = await conn.store.latestLandscapeVersion();
      if (!r) throw new Error('the ledger has no landscape version');
      return r;
    }, logger);
    // A latest version this process cannot apply stops it, as a bad file does at boot.
    this.applied = this.validated(latest);
    this.versions.set(latest.version, Promise.resolve(this.applied));
    this.metrics.landscapeVersion.set(latest.version);
    logger.info({ version: latest.version, actor: latest.actor }, 'landscape loaded');
    await this.listen();
    this.poll = setInterval(() => void this.refresh().catch((err) => logger.warn({ err }, 'could not ask for a newer landscape version; asking again later')), this.o.pollMs);
    this.poll.unref();
  }

  private async stop(): Promise<void> {
    clearInterval(this.poll);
    clearTimeout(this.relisten);
    this.poll = this.relisten = undefined;
    const [conn, listener] = [this.conn, this.listener];
    this.conn = this.listener = undefined;
    await listener?.close();
    await this.chain.catch(() => undefined);
    await conn?.store.close();
    this.versions.clear();
  }

  private async listen(): Promise<void> {
    const conn = this.conn;
    if (!conn) return;
    const { logger } = this.o;
    try {
      const listener = await conn.listen(
        (version) => {
          if (!this.applied || version > this.applied.version) void this.refresh().catch((err) => logger.warn({ err, version }, 'could not load an announced landscape version; polling will'));
        },
        (err) => {
          logger.warn({ err }, 'landscape notifications lost; listening again (polling meanwhile)');
          this.listener = undefined;
          this.scheduleRelisten();
        },
      );
      if (this.conn !== conn) return void (await listener.close());
      this.listener = listener;
      this.relistenWait = this.o.relistenMs?.initial ?? 500;
    } catch (err) {
      logger.warn({ err }, 'cannot listen for landscape versions now; trying again (polling meanwhile)');
      this.scheduleRelisten();
    }
  }

  private scheduleRelisten(): void {
    if (!this.conn) return;
    const wait = this.relistenWait;
    this.relistenWait = Math.min(wait * 2, this.o.relistenMs?.max ?? 30_000);
    this.relisten = setTimeout(() => {
      // A version announced while nobody listened is found by asking.
      void this.listen().then(() => this.refresh()).catch(() => undefined);
    }, wait);
    this.relisten.unref();
  }

  private async apply(record: LandscapeVersionRecord): Promise<void> {
    const { logger } = this.o;
    let next: AppliedLandscape;
    try {
      next = this.validated(record);
    } catch (err) {
      if (!(err instanceof HubConfigError)) throw err;
      this.failed = record.version;
      this.metrics.landscapeApplyFailures.inc();
      logger.error({ version: record.version, staying: this.applied?.version, problems: err.problems }, `landscape version ${record.version} fails this process's checks: staying on version ${this.applied?.version}`);
      return;
    }
    const previous = this.applied!;
    this.applied = next;
    this.versions.set(next.version, Promise.resolve(next));
    this.trim();
    this.metrics.landscapeVersion.set(next.version);
    logger.info({ version: next.version, previous: previous.version, actor: record.actor, reason: record.reason, change: record.change.kind }, 'landscape version applied');
    for (const listener of [...this.listeners]) {
      try {
        await listener(next, previous);
      } catch (err) {
        logger.error({ err, version: next.version }, 'a landscape listener failed');
      }
    }
  }

  private validated(record: LandscapeVersionRecord): AppliedLandscape {
    const { config, credentials } = this.o.validate(record.landscape);
    return { version: record.version, config, credentials, document: record.landscape as LandscapeDocument };
  }

  private store(): LandscapeStore {
    if (!this.conn) throw new Error('the landscape is not running');
    return this.conn.store;
  }

  private trim(): void {
    const keep = (this.o.keep ?? 64) + 1;
    for (const v of this.versions.keys()) {
      if (this.versions.size <= keep) break;
      if (v !== this.applied?.version) this.versions.delete(v);
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
