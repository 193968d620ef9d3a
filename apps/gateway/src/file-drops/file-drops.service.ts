import { stat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { HUB_CONFIG, HUB_SETTINGS, HubConfig, HubSettings } from '@hub/config';
import type { FileSourceConnector } from '@hub/connector-sdk';
import { HubRedis, REDIS } from '@hub/delivery';
import { hubMetrics } from '@hub/observability';
import { HUB_LOGGER } from '@hub/runtime';
import { SchemaRegistry } from '@hub/schema-registry';
import { GATEWAY_SOURCES, INGEST_CLIENT, SECRETS, SourceConnectors } from '../gateway.tokens';
import { IngestClient } from '../ingest.client';
import { DropDirectoryLock } from './drop-directory-lock';
import { dropDirs, FileDropProcessor, FileOutcome } from './file-drop.processor';
import { SeenFilesStore } from './seen-files.store';

interface Watched {
  id: string;
  inbox: string;
  pattern: RegExp;
  processor: FileDropProcessor;
  /** Only the gateway holding it reads the directory (several gateways may watch it). */
  lock: DropDirectoryLock;
  /** Size of each file at the last sweep: a file is read once its size stopped changing. */
  sizes: Map<string, number>;
}

/**
 * Looks into every configured drop directory every GATEWAY_POLL_MS and processes each new file
 * once it is complete. Polling, not inotify: drop directories are often network shares. Of several
 * gateways watching one directory, only the one holding its lock reads it (DropDirectoryLock).
 */
@Injectable()
export class FileDropsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly watched: Watched[] = [];
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private readonly metrics = hubMetrics();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(GATEWAY_SOURCES) sources: SourceConnectors,
    @Inject(SECRETS) secret: (ref: string) => string | undefined,
    @Inject(INGEST_CLIENT) ingest: IngestClient,
    @Inject(REDIS) redis: HubRedis,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
    registry: SchemaRegistry,
  ) {
    const seen = new SeenFilesStore(redis, settings.redisPrefix);
    for (const drop of config.gateway.fileDrops) {
      const connector = sources.get(drop.connector);
      if (!connector || !('parseFile' in connector)) throw new Error(`file drop "${drop.id}": connector "${drop.connector}" does not read files`);
      const token = secret(drop.tokenRef);
      if (!token) throw new Error(`file drop "${drop.id}": ${drop.tokenRef} is not set`);
      const processor = new FileDropProcessor(drop, connector as FileSourceConnector, token, registry, ingest, seen);
      const lock = new DropDirectoryLock(drop.dir, settings.gatewayDropLockStaleMs, logger.child({ drop: drop.id }));
      this.watched.push({ id: drop.id, inbox: dropDirs(drop.dir).inbox, pattern: (connector as FileSourceConnector).filePattern, processor, lock, sizes: new Map() });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const w of this.watched) await mkdir(w.inbox, { recursive: true });
    if (this.watched.length === 0) return;
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, this.settings.gatewayPollMs);
    this.logger.info({ drops: this.watched.map((w) => w.inbox) }, 'watching drop directories');
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
    await Promise.all(this.watched.map((w) => w.lock.release()));
  }

  /** One look into every drop directory (also called by tests that drive the gateway directly). */
  async sweep(): Promise<void> {
    for (const w of this.watched) {
      if (!(await w.lock.acquire())) {
        // Another gateway reads it; sizes seen now would be stale by the time this one takes over.
        w.sizes.clear();
        continue;
      }
      let names: string[];
      try {
        names = (await readdir(w.inbox)).filter((n) => !n.startsWith('.') && w.pattern.test(n)).sort();
      } catch (err) {
        this.logger.error({ err, drop: w.id }, 'cannot read drop directory');
        continue;
      }
      for (const name of names) {
        if (!w.lock.held) break;
        const size = (await stat(join(w.inbox, name)).catch(() => undefined))?.size;
        if (size === undefined) continue;
        if (w.sizes.get(name) !== size) {
          w.sizes.set(name, size);
          continue;
        }
        w.sizes.delete(name);
        await this.take(w, name);
      }
    }
  }

  private async take(w: Watched, name: string): Promise<void> {
    let result: FileOutcome;
    try {
      result = await w.processor.process(name);
    } catch (err) {
      this.logger.error({ err, drop: w.id, file: name }, 'file could not be processed; it stays in the inbox');
      return;
    }
    this.metrics.gatewayFiles.inc({ drop: w.id, outcome: result.outcome });
    const log = { drop: w.id, file: name, outcome: result.outcome };
    if (result.outcome === 'processed') {
      if (result.quarantined.length) this.metrics.gatewayRecordsQuarantined.inc({ drop: w.id }, result.quarantined.length);
      this.logger.info({ ...log, accepted: result.accepted, duplicates: result.duplicates, quarantined: result.quarantined.length, controlTotals: result.controlTotals }, 'file processed');
      if (typeof result.controlTotals === 'object') this.logger.error({ ...log, reason: result.controlTotals.refused }, "the hub refused the file's control totals: its events are posted, reconciliation will not show its trailer");
    } else if (result.outcome === 'retry-later') {
      this.logger.warn({ ...log, reason: result.reason }, 'hub unavailable; file left for the next sweep');
    } else if (result.outcome === 'quarantined') {
      this.logger.error({ ...log, reason: result.reason }, 'file quarantined');
    } else {
      this.logger.warn({ ...log, duplicateOf: result.of.fileName }, 'file seen before; not processed again');
    }
  }
}
