import { Controller, Get, Header, Inject, OnApplicationShutdown, OnModuleInit, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppliedLandscape, HUB_LANDSCAPE, HUB_SETTINGS, HubSettings, LiveLandscape, scrapeAccess, ScrapeAccess } from '@hub/config';
import { BREAKER_GAUGE, DeliveryQueues, openSeconds, TargetStateStore } from '@hub/delivery';
import { EVENT_BUS, EventBus, TopicAdmin, topicFor } from '@hub/kafka';
import { DeliveryLedger, OPEN_DEAD_LETTER_STATES } from '@hub/ledger';
import { hubMetrics, SCRAPE_GAUGES } from '@hub/observability';
import { SchemaRegistry } from '@hub/schema-registry';
import { ProblemException } from '@hub/http-problem';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController implements OnModuleInit, OnApplicationShutdown {
  private readonly metrics = hubMetrics();
  private readonly admin: TopicAdmin;
  private derived?: { of: AppliedLandscape; access: (authorization: string | undefined) => ScrapeAccess; tenants: ReadonlySet<string>; targetIds: string[] };

  constructor(
    @Inject(HUB_LANDSCAPE) private readonly landscape: Pick<LiveLandscape, 'current'>,
    private readonly queues: DeliveryQueues,
    private readonly ledger: DeliveryLedger,
    private readonly registry: SchemaRegistry,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @Inject(EVENT_BUS) bus: EventBus,
    private readonly states: TargetStateStore,
  ) {
    this.admin = bus.admin();
  }

  /** Scrape credentials, tenants and targets of the latest landscape version. */
  private get latest() {
    const of = this.landscape.current();
    if (this.derived?.of !== of) this.derived = { of, access: scrapeAccess(of.config), tenants: new Set(of.config.tenants.map((t) => t.code)), targetIds: of.config.targets.map((t) => t.id) };
    return this.derived;
  }

  private get targetIds(): string[] {
    return this.latest.targetIds;
  }

  /** Gauges read at scrape time from BullMQ, Redis, the ledger and Kafka. */
  onModuleInit(): void {
    this.metrics.gauge(SCRAPE_GAUGES.queueJobs, async (g) => {
      for (const q of this.queues.all()) {
        // BullMQ 6 counts a paused queue's jobs as waiting (5 kept them in a `paused` list): they
        // are still told apart here, as `paused`, so a pause stays visible on the dashboards.
        const [counts, paused] = await Promise.all([q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'), q.isPaused()]);
        const held = { ...counts, waiting: paused ? 0 : counts.waiting, paused: paused ? counts.waiting : 0 };
        for (const [state, n] of Object.entries(held)) g.set({ queue: q.name, state }, n);
      }
    });
    // The breakers live in Redis, shared by every worker process: read them here, once for all.
    this.metrics.gauge(SCRAPE_GAUGES.breakerState, async (g) => {
      for (const [target, b] of await this.states.breakers(this.targetIds)) g.set({ target }, BREAKER_GAUGE[b.state]);
    });
    this.metrics.gauge(SCRAPE_GAUGES.breakerOpenSeconds, async (g) => {
      const now = Date.now();
      for (const [target, b] of await this.states.breakers(this.targetIds)) g.set({ target }, Math.round(openSeconds(b, now)));
    });
    this.metrics.gauge(SCRAPE_GAUGES.targetPaused, async (g) => {
      const paused = await Promise.all(this.targetIds.map((id) => this.queues.queue(id).isPaused()));
      this.targetIds.forEach((target, i) => g.set({ target }, paused[i] ? 1 : 0));
    });
    // One grouped query each (partial indexes): cheap at any number of dead letters. A parallel
    // run's shadow is counted apart, so HubDeadLettersGrowing only ever sees the primaries.
    this.metrics.gauge(SCRAPE_GAUGES.deadLettersOpen, async (g) => {
      for (const group of await this.ledger.groupDeadLetters({ tenants: '*', state: OPEN_DEAD_LETTER_STATES, role: 'primary' })) g.inc({ tenant: group.tenant, target: group.target }, group.count);
    });
    this.metrics.gauge(SCRAPE_GAUGES.shadowDeadLettersOpen, async (g) => {
      for (const group of await this.ledger.groupDeadLetters({ tenants: '*', state: OPEN_DEAD_LETTER_STATES, role: 'shadow' })) g.inc({ tenant: group.tenant, target: group.target }, group.count);
    });
    this.metrics.gauge(SCRAPE_GAUGES.unreconciledDeliveries, async (g) => {
      // One grouped count on a partial index of open deliveries (0012): settled ones never enter it.
      const before = new Date(Date.now() - this.settings.reconciliation.graceMs);
      for (const u of await this.ledger.unreconciledDeliveries(before)) g.set({ tenant: u.tenant, target: u.target, role: u.role }, u.deliveries);
    });
    this.metrics.gauge(SCRAPE_GAUGES.deliveriesHeld, async (g) => {
      for (const { target, held } of await this.ledger.heldPerTarget()) g.set({ target }, held);
    });
    this.metrics.gauge(SCRAPE_GAUGES.consumerLag, async (g) => {
      const topics = this.registry.types().map((t) => topicFor(this.settings.topicPrefix, t));
      g.set(await this.admin.lag(this.settings.routerGroupId, topics).catch(() => -1));
    });
    this.metrics.gauge(SCRAPE_GAUGES.quarantineOpen, async (g) => {
      // A tenant the landscape does not know (an escaped, unreadable one) is counted as unknown: labels stay few and known.
      for (const c of await this.ledger.openQuarantineCounts()) g.inc({ tenant: c.tenant && this.latest.tenants.has(c.tenant) ? c.tenant : 'unknown', reason: c.reason }, c.count);
    });
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Prometheus metrics', description: "Every force's series: only an ops credential with the metrics role for all tenants (`*`) may scrape." })
  @ApiResponse({ status: 200, description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 401, description: 'No credential, or an unknown one', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } })
  @ApiResponse({ status: 403, description: 'The credential has no metrics role for all tenants', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Req() req: Request): Promise<string> {
    const access = this.latest.access(req.headers.authorization);
    if (access === 'unauthenticated') throw new ProblemException(401, 'unauthenticated', 'Unauthenticated', [], 'send Authorization: Bearer <scrape token>');
    if (access === 'forbidden') throw new ProblemException(403, 'forbidden', 'Forbidden', [], 'scraping needs the metrics role for every tenant (*): the series name every force');
    return this.metrics.registry.metrics();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.close();
  }
}
