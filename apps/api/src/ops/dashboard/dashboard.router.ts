import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { HUB_LOGGER } from '@hub/runtime';
import { answerError, ProblemException } from '@hub/http-problem';
import { CredentialsService } from '../../auth/credentials.service';
import { OpsPrincipal } from '../../auth/principal';
import { readStates } from '../../dead-letters/dead-letter-query';
import { DeadLettersService } from '../../dead-letters/dead-letters.service';
import { ParallelRunsService } from '../../parallel-runs/parallel-runs.service';
import { readActionReason } from '../../quarantine/quarantine-query';
import { QuarantineService } from '../../quarantine/quarantine.service';
import { readReason } from '../../targets/targets.controller';
import { TargetsService } from '../../targets/targets.service';
import { LandscapeService } from '../../landscape/landscape.service';
import { crossOrigin, dashboardPrincipal, FormTokens, mayReplay } from './dashboard-access';
import { DASHBOARD_PATH, renderDashboard } from './dashboard.view';
import { quarantineResultQuery, readQuarantineResult, readResult, resultQuery } from './replay-result';
import { readTargetResult, TARGET_PAUSE_PATH, TARGET_RESUME_PATH, targetResultQuery } from './targets.view';
import { PARALLEL_RUNS_PATH, renderParallelRuns } from './parallel-runs.view';
import { ReconciliationService } from '../../reconciliation/reconciliation.service';
import { RECONCILIATION_PATH, renderReconciliation } from './reconciliation.view';

/** The dashboard's default window: the last 7 UTC days, today included. */
export function lastWeek(now = new Date()): { from: string; to: string } {
  const from = new Date(now.getTime() - 6 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

// The page holds replay buttons, so it may not be framed (clickjacking), cached, or run any script.
const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

// The same bulk replay an operator would send to POST /v1/dead-letters/replay, throttled the same way.
const REPLAY = { max: 1000, batchSize: 100, pauseMs: 200 };

const urlencoded = express.urlencoded({ extended: false, limit: '16kb' });
/** Parsed inside the handler, after the role check, so its errors (413) are answered as problems too. */
const readForm = (req: Request, res: Response) => new Promise<void>((resolve, reject) => urlencoded(req, res, (err?: unknown) => (err ? reject(err) : resolve())));

const forbidden = (detail: string) => new ProblemException(403, 'forbidden', 'Forbidden', [], detail);

function formField(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof v !== 'string' || v.length === 0 || v.length > 500) throw new ProblemException(400, 'malformed-request', 'Bad form', [{ path: `/${name}`, message: 'required' }]);
  return v;
}

/**
 * The dead-letter dashboard at /ops/dashboard, beside Bull Board and behind the same login: groups by
 * fingerprint per tenant and target, and for operators a replay (or dry run) per group; below, the
 * open quarantined messages, with release and discard for operators. Reads and actions go through
 * DeadLettersService and QuarantineService, so tenant scope and audit are the API's.
 */
export function mountDashboard(app: INestApplication): void {
  const deadLetters = app.get(DeadLettersService);
  const quarantine = app.get(QuarantineService);
  const targets = app.get(TargetsService);
  const parallelRuns = app.get(ParallelRunsService);
  const landscape = app.get(LandscapeService);
  const reconciliation = app.get(ReconciliationService);
  const credentials = app.get(CredentialsService);
  const logger = app.get<Logger>(HUB_LOGGER);
  const tokens = app.get(FormTokens);

  const handle = (fn: (req: Request, res: Response, p: OpsPrincipal) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await fn(req, res, dashboardPrincipal(credentials, req.headers.authorization));
    } catch (err) {
      answerError(logger, req, res, err);
    }
  };

  const router = express.Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.set(PAGE_HEADERS);
    next();
  });

  router.get('/', handle(async (req, res, p) => {
    const [{ items }, open, mine, current] = await Promise.all([deadLetters.groups(p, {}, readStates(undefined)), quarantine.openSummaries(p), targets.list(p), landscape.current(p)]);
    const page = renderDashboard({
      principal: p,
      groups: items,
      targets: mine.items,
      landscape: { version: current.version, createdAt: current.createdAt, actor: current.actor, reason: current.reason, migrations: current.migrations },
      targetResult: readTargetResult(req.query),
      formToken: mayReplay(p) ? tokens.issue(p) : undefined,
      result: readResult(req.query),
      quarantine: { items: open.items, total: open.total },
      quarantineResult: readQuarantineResult(req.query),
    });
    res.type('html').send(page);
  }));

  // Read-only (no forms): each parallel run's agreement today, and the shadows' dead letters apart.
  router.get(PARALLEL_RUNS_PATH.slice(DASHBOARD_PATH.length), handle(async (_req, res, p) => {
    const [runs, shadows] = await Promise.all([parallelRuns.runs(p), deadLetters.groups(p, { role: 'shadow' }, readStates(undefined))]);
    res.type('html').send(renderParallelRuns({ principal: p, day: runs.day, runs: runs.items, shadowDeadLetters: shadows.items }));
  }));

  // Per tenant and day, drift highlighted: the caller's tenants (or the one asked for), the last week unless asked otherwise.
  router.get(RECONCILIATION_PATH.slice(DASHBOARD_PATH.length), handle(async (req, res, p) => {
    const q = req.query as Record<string, unknown>;
    const window = { ...lastWeek(), ...Object.fromEntries(['from', 'to'].filter((k) => q[k] !== undefined && q[k] !== '').map((k) => [k, q[k]])) } as { from: string; to: string };
    const asked = typeof q.tenant === 'string' && q.tenant !== '' ? q.tenant : undefined;
    const windows = (asked ? [asked] : reconciliation.tenantsOf(p)).map((tenant) => reconciliation.window(p, { ...q, ...window, tenant }));
    const reports = await Promise.all(windows.map((w) => reconciliation.reportAndDrift(w)));
    res.type('html').send(renderReconciliation({ principal: p, tenants: reconciliation.tenantsOf(p), window: { ...window, ...(asked ? { tenant: asked } : {}) }, reports }));
  }));

  /** An operator's form, posted from a page of ours: the role, the Origin and the form token are checked before anything is read. */
  const operatorForm = async (req: Request, res: Response, p: OpsPrincipal, what: string) => {
    if (!mayReplay(p)) throw forbidden(`${what} needs the operator role`);
    if (crossOrigin(req.headers.origin, req.headers.host)) throw forbidden(`${what} may only be posted from this dashboard (Origin differs)`);
    await readForm(req, res);
    if (!tokens.verify(p, req.body?.token)) throw forbidden('the form is stale or not from this dashboard: reload the page and try again');
  };

  router.post('/quarantine/release', handle(async (req, res, p) => {
    await operatorForm(req, res, p, 'releasing');
    const id = formField(req.body, 'id');
    const note = readActionReason(undefined, { reason: req.body.note || undefined }, false, 'it is released');
    let outcome: 'released' | 'not-released' = 'released';
    try {
      await quarantine.release(p, id, note);
    } catch (err) {
      // Kafka not taking it is an outcome to show; anything else (404, 409) is answered as a problem.
      if (!(err instanceof ProblemException && err.status === 503)) throw err;
      outcome = 'not-released';
    }
    res.redirect(303, `${DASHBOARD_PATH}?${quarantineResultQuery({ id, outcome })}`);
  }));

  router.post('/quarantine/discard', handle(async (req, res, p) => {
    await operatorForm(req, res, p, 'discarding');
    const id = formField(req.body, 'id');
    await quarantine.discard(p, id, readActionReason(undefined, { reason: req.body.reason }, true, 'this quarantined message is discarded')!);
    res.redirect(303, `${DASHBOARD_PATH}?${quarantineResultQuery({ id, outcome: 'discarded' })}`);
  }));

  // Pause and resume a target: the same checks as a replay, then TargetsService (scope, audit).
  for (const [path, done] of [[TARGET_PAUSE_PATH, 'paused'], [TARGET_RESUME_PATH, 'resumed']] as const) {
    router.post(path.slice(DASHBOARD_PATH.length), handle(async (req, res, p) => {
      await operatorForm(req, res, p, done === 'paused' ? 'pausing a target' : 'resuming a target');
      const target = formField(req.body, 'target');
      const reason = readReason(req.body);
      await (done === 'paused' ? targets.pause(p, target, reason) : targets.resume(p, target, reason));
      res.redirect(303, `${DASHBOARD_PATH}?${targetResultQuery({ target, done })}`);
    }));
  }

  router.post('/replay', handle(async (req, res, p) => {
    await operatorForm(req, res, p, 'replaying');
    const tenant = formField(req.body, 'tenant');
    const fingerprint = formField(req.body, 'fingerprint');
    const dryRun = req.body.action === 'dry-run';
    const a = await deadLetters.replayMatching(p, { tenant, fingerprint }, { dryRun, ...REPLAY });
    const query = resultQuery({ tenant, fingerprint, dryRun, matched: a.matched, replayed: dryRun ? a.considered : a.replayed, skipped: a.skipped, failed: a.failed.length });
    res.redirect(303, `${DASHBOARD_PATH}?${query}`);
  }));

  app.use(DASHBOARD_PATH, router);
}
