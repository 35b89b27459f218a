import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { startTestStack, type TestStack } from '../support/testStack';

/**
 * The explorer in a real browser (Debian's Chromium, headless): served by the gateway from its own
 * bundle, it asks nothing but the gateway. Every request to a host other than loopback is blocked
 * and counted, and the count must be zero. A persona is picked, the citizen overview run, and the
 * result pane shows data from all four legacy systems. With the explorer off (production's default)
 * a browser gets no explorer.
 */
const CHROMIUM = '/usr/bin/chromium';
// ../shared/SERVICES.md: the machine has no internet; without these flags Chromium keeps trying to reach it.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT = path.join(__dirname, '..', '..', 'test-output');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`explorer browser test SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);
const describeWithChromium = haveChromium ? describe : describe.skip;

// The page's own global, inside page.waitForFunction / page.evaluate callbacks (run in the browser).
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

async function openPage(browser: Browser, blocked: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1800 } });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK.has(url.hostname)) return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return context.newPage();
}

describeWithChromium('explorer in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 30_000);
  afterAll(() => browser?.close());

  describe('on (outside production)', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startTestStack();
    }, 60_000);
    afterAll(() => stack?.stop());

    it('explorer-closed-network: a persona runs the citizen overview, data from all four legacy systems, no request leaves loopback', async () => {
      const blocked: string[] = [];
      const page = await openPage(browser, blocked);
      // A browser's GET of /graphql: the explorer from the gateway's own bundle (the first request may build it).
      await page.goto(stack.gatewayUrl, { timeout: 60_000 });
      await page.waitForSelector('#persona', { timeout: 30_000 });
      await page.waitForSelector('.graphiql-execute-button');

      await page.selectOption('#persona', 'ingrid');
      await page.waitForFunction(() => document.querySelector('#persona-status')?.textContent?.includes('signed in as ingrid'));
      const answered = page.waitForResponse(
        (r) => r.url() === stack.gatewayUrl && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('Overview'),
      );
      await page.click('.graphiql-execute-button');
      const response = await answered;
      expect(response.request().headers().authorization).toMatch(/^Bearer /);
      const body = (await response.json()) as { data: { citizen: Record<string, any> }; errors?: { path?: (string | number)[] }[] };
      // Partial data by design: her grown children's own data is theirs (FORBIDDEN); the four systems' fields all arrive.
      expect((body.errors ?? []).map((e) => e.path?.[1])).toEqual((body.errors ?? []).map(() => 'children'));
      await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('Ingrid Marie Holm'));
      // The pane's whole text from its CodeMirror editor (which draws only the lines in view).
      const pane = await page.evaluate(() =>
        (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
      );
      await page.screenshot({ path: path.join(OUTPUT, 'explorer-overview.png') });

      // One field from each legacy system, as the result pane shows them: register, tax, housing benefit, benefits payments.
      expect(pane).toContain('Ingrid Marie Holm');
      expect(pane).toContain('withholdingRate');
      expect(pane).toContain(String(body.data.citizen.preliminaryIncomeAssessment.withholdingRate.percent));
      expect(pane).toContain('housingBenefit');
      expect(pane).toContain(`"status": "${body.data.citizen.housingBenefit.status}"`);
      expect(pane).toContain('benefitPayments');
      expect(pane).toContain(`"totalCount": ${body.data.citizen.benefitPayments.totalCount}`);
      expect(body.data.citizen.benefitPayments.totalCount).toBeGreaterThan(0);
      expect(blocked).toEqual([]);
    }, 120_000);
  });

  describe('off (production default)', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startTestStack({ gateway: { explorer: { enabled: false } } });
    }, 60_000);
    afterAll(() => stack?.stop());

    it('explorer-off-in-production: a browser gets no explorer, no Apollo landing page, no persona tokens', async () => {
      const blocked: string[] = [];
      const page = await openPage(browser, blocked);
      const response = await page.goto(stack.gatewayUrl);
      await page.screenshot({ path: path.join(OUTPUT, 'explorer-off.png') });
      expect(response!.status()).toBe(400);
      expect(await page.$('#explorer')).toBeNull();
      // Apollo's landing page (Sandbox from its CDN) is off too: a GET without a query is a GraphQL request error.
      const content = await page.content();
      expect(content).not.toMatch(/sandbox|apollographql\.com|cdn\./i);
      const base = stack.gatewayUrl.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/explorer`)).status).toBe(404);
      expect((await fetch(`${base}/explorer/token`, { method: 'POST', body: '{"persona":"ingrid"}' })).status).toBe(404);
      expect(blocked).toEqual([]);
    }, 60_000);
  });
});
