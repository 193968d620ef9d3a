// The dead-letter dashboard (/ops/dashboard) driven in a real headless Chromium (Debian's, through
// playwright-core) against the whole hub on real Kafka, Redis and PostgreSQL: login as for Bull
// Board, tenant scope, counts per fingerprint, replay and dry run for operators, none for viewers,
// and replay forms that another site cannot post.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { CanonicalEvent } from '@hub/events';
import { joiner, waitFor } from '@hub/testing';
import { Force, TestLandscape, TOKENS } from '@test/support';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const FEN_422 = 'target-rejected|payroll-fen|422';
const FEN_400 = 'target-rejected|payroll-fen|400';
const MOOR_422 = 'target-rejected|payroll-moor|422';

describe('ops dashboard in a browser', () => {
  let l: TestLandscape;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let fen422: CanonicalEvent[];
  let fen400: CanonicalEvent[];

  /** `n` joiners that the force's payroll rejects with `status`, each waited for until dead-lettered. */
  async function deadLetters(force: Force, status: number, n: number): Promise<CanonicalEvent[]> {
    l.payroll[force].setFaults({ rejectNext: n, rejectStatus: status });
    const events = Array.from({ length: n }, () => joiner(force));
    for (const e of events) expect((await l.post(e)).status).toBe(202);
    for (const e of events) await l.waitForTrace(e, 'dead-lettered');
    return events;
  }

  async function login(token: string): Promise<Page> {
    const context = await browser.newContext({ httpCredentials: { username: 'ops', password: token } });
    contexts.push(context);
    return context.newPage();
  }

  const url = (path = '/ops/dashboard') => `${l.hub.url}${path}`;
  const row = (page: Page, fingerprint: string) => page.locator(`tr[data-fingerprint="${fingerprint}"]`);
  const tenantsShown = (page: Page) => page.locator('section[data-tenant]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tenant')));
  const countOf = async (page: Page, fingerprint: string) => Number(await row(page, fingerprint).locator('td.count').textContent());

  beforeAll(async () => {
    [l, browser] = await Promise.all([
      TestLandscape.start(),
      chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] }),
    ]);
    fen422 = await deadLetters('fen', 422, 2);
    fen400 = await deadLetters('fen', 400, 1);
    await deadLetters('moor', 422, 1);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await l?.close();
  });

  it('asks for an ops token like Bull Board: 401 with a Basic challenge, then Bearer or Basic with the token as password', async () => {
    const anonymous = await fetch(url());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic realm="erp-hub ops"');
    const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`ops:${token}`).toString('base64')}` });
    expect((await fetch(url(), { headers: basic('not-a-token') })).status).toBe(401);
    expect((await fetch(url(), { headers: basic(TOKENS.hr) })).status).toBe(401);
    expect((await fetch(url(), { headers: basic(TOKENS.opsViewer) })).status).toBe(200);
    const bearer = await fetch(url(), { headers: { authorization: `Bearer ${TOKENS.fenOperator}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(bearer.headers.get('x-frame-options')).toBe('DENY');

    const wrong = await login('not-a-token');
    expect((await wrong.goto(url()))?.status()).toBe(401);
  });

  it("shows fen's operator only fen's dead letters, per target and fingerprint, with replay buttons", async () => {
    const page = await login(TOKENS.fenOperator);
    expect((await page.goto(url()))?.status()).toBe(200);
    expect(await page.title()).toContain('Dead letters');
    expect(await tenantsShown(page)).toEqual(['fen']);
    expect(await page.locator('section[data-target]').evaluateAll((els) => els.map((e) => e.getAttribute('data-target')))).toEqual(['payroll-fen']);
    expect(await page.locator('section[data-tenant="fen"] h2').textContent()).toBe('fen 3 open');
    expect(await page.locator('tr[data-fingerprint]').evaluateAll((els) => els.map((e) => e.getAttribute('data-fingerprint')))).toEqual([FEN_422, FEN_400]);
    expect(await countOf(page, FEN_422)).toBe(2);
    expect(await countOf(page, FEN_400)).toBe(1);
    expect(await page.content()).not.toContain('moor');
    // The landscape version the hub runs on, read-only.
    expect(await page.locator('#landscape h2').textContent()).toBe('Landscape version 1');
    for (const fp of [FEN_422, FEN_400]) {
      await expect(row(page, fp).getByRole('button', { name: 'Replay' }).isVisible()).resolves.toBe(true);
      await expect(row(page, fp).getByRole('button', { name: 'Dry run' }).isVisible()).resolves.toBe(true);
    }
    // The JSON link lists that group's dead letters (the API takes the token as Bearer).
    const json = await row(page, FEN_422).getByRole('link', { name: 'JSON' }).getAttribute('href');
    expect(json).toBe(`/v1/dead-letters?fingerprint=${encodeURIComponent(FEN_422)}`);
    const listed = await l.api('GET', json!, TOKENS.fenOperator);
    expect(listed.body.items.map((d: { subject: string }) => d.subject).sort()).toEqual(fen422.map((e) => e.subject).sort());
    // Bull Board is one click away, behind the same login.
    expect(await page.getByRole('link', { name: 'Queues (Bull Board)' }).getAttribute('href')).toBe('/ops/queues');

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('dry-runs, then replays one group: the page says how many, and the dead letters are delivered', async () => {
    const page = await login(TOKENS.fenOperator);
    await page.goto(url());

    await Promise.all([page.waitForURL(/dryRun=1/), row(page, FEN_422).getByRole('button', { name: 'Dry run' }).click()]);
    expect(await page.getByRole('status').textContent()).toBe(`Dry run for ${FEN_422} (fen): 2 of 2 open dead letters would be replayed.`);
    expect(await countOf(page, FEN_422)).toBe(2);
    expect((await l.api('GET', `/v1/dead-letters?fingerprint=${encodeURIComponent(FEN_422)}&state=dead-lettered`, TOKENS.fenOperator)).body.total).toBe(2);

    l.payroll.fen.setFaults({ rejectNext: 0 });
    await Promise.all([page.waitForURL(/replayed=2/), row(page, FEN_422).getByRole('button', { name: 'Replay' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain(`Replayed 2 of 2 dead letters for ${FEN_422} (fen).`);
    for (const e of fen422) await l.waitForTrace(e, 'delivered');
    for (const e of fen422) expect(l.payroll.fen.employees.has(e.subject)).toBe(true);

    // Once payroll acknowledged them the group leaves the page; the other group is untouched.
    await waitFor('the replayed group to leave the page', async () => {
      await page.reload();
      return (await row(page, FEN_422).count()) === 0;
    }, 30_000, 200);
    expect(await countOf(page, FEN_400)).toBe(1);
    expect(await page.locator('section[data-tenant="fen"] h2').textContent()).toBe('fen 1 open');
    expect((await l.trace(fen400[0])).body.status).toBe('dead-lettered');
    const audit = (await l.api('GET', '/v1/audit?limit=100')).body.items as { actor: string; action: string; filter?: Record<string, unknown> }[];
    expect(audit.filter((x) => x.actor === 'fen-operator').map((x) => [x.action, x.filter?.fingerprint])).toEqual(
      expect.arrayContaining([['dead-letter.replay-dry-run', FEN_422], ['dead-letter.replay-bulk', FEN_422]]),
    );
  });

  it('shows a viewer every tenant but no replay button, and refuses a viewer who posts the form anyway', async () => {
    const page = await login(TOKENS.opsViewer);
    await page.goto(url());
    expect(await tenantsShown(page)).toEqual(['fen', 'moor']);
    expect(await countOf(page, MOOR_422)).toBe(1);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.getByRole('button').count()).toBe(0);

    const post = await page.context().request.post(url('/ops/dashboard/replay'), { form: { tenant: 'fen', fingerprint: FEN_400, token: 'guessed' }, maxRedirects: 0 });
    expect(post.status()).toBe(403);
    expect((await post.json()).detail).toContain('operator');
    expect((await l.trace(fen400[0])).body.status).toBe('dead-lettered');
  });

  it("refuses a replay form without this dashboard's token, or posted from another site", async () => {
    const page = await login(TOKENS.fenOperator);
    await page.goto(url());
    const token = (await row(page, FEN_400).locator('input[name="token"]').getAttribute('value')) ?? '';
    expect(token).toMatch(/^\d+\.[\w-]{43}$/);
    const request = page.context().request;
    const post = (form: Record<string, string>, headers: Record<string, string> = {}) => request.post(url('/ops/dashboard/replay'), { form, headers, maxRedirects: 0 });

    const tokenless = await post({ tenant: 'fen', fingerprint: FEN_400 });
    expect(tokenless.status()).toBe(403);
    expect((await tokenless.json()).detail).toContain('reload the page');
    expect((await post({ tenant: 'fen', fingerprint: FEN_400, token: `${token}x` })).status()).toBe(403);
    const foreign = await post({ tenant: 'fen', fingerprint: FEN_400, token, action: 'dry-run' }, { origin: 'https://evil.example' });
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).detail).toContain('Origin');
    expect((await post({ tenant: 'fen', token })).status()).toBe(400);
    // With the token and from this origin it is taken (a dry run here, to change nothing).
    const ok = await post({ tenant: 'fen', fingerprint: FEN_400, token, action: 'dry-run' }, { origin: new URL(url()).origin });
    expect(ok.status()).toBe(303);
    expect(ok.headers().location).toMatch(/^\/ops\/dashboard\?tenant=fen&fingerprint=.+&dryRun=1&matched=1&replayed=1/);

    // Another site's page submitting a copy of the form (even with a leaked token) in the logged-in browser.
    await page.route('http://attacker.test/**', (r) => r.fulfill({
      contentType: 'text/html',
      body: `<form method="post" action="${url('/ops/dashboard/replay')}"><input name="tenant" value="fen"><input name="fingerprint" value="${FEN_400}"><input name="token" value="${token}"><button>go</button></form>`,
    }));
    await page.goto('http://attacker.test/');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/ops/dashboard/replay')), page.getByRole('button', { name: 'go' }).click()]);
    expect(answer.status()).toBe(403);
    expect((await answer.json()).detail).toContain('Origin');
    expect((await l.trace(fen400[0])).body.status).toBe('dead-lettered');
  });
});
