import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiSession, orgByName, setupAdmin } from './api.ts';
import {
  atBothWidths,
  confirmStep,
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  pickOption,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const RUMOUR = '群里说湘西又有山体滑坡埋了人，配了一段视频';
const DEBUNK = '“湘西山体滑坡、多人被埋”视频系多年前旧闻';

describeWithBrowser('debunks journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let office: ApiSession;

  async function as(session: ApiSession | null, phone = false) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    if (session) await context.addCookies(session.cookieList(server.baseUrl));
    page = await context.newPage();
    if (phone) await page.setViewportSize({ width: 360, height: 780 });
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    office = await setupAdmin(server.baseUrl, server.setupUrl!);
    // The demo world is there: the office's unit exists.
    expect((await orgByName(office, '自然资源部科普工作办公室')).id).toBeTruthy();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('a visitor reports a rumour from a phone, without an account', async () => {
    screenshotOnFailure(() => page, 'debunks-report');
    await as(null, true);
    await page.goto('/debunks');
    await page.getByRole('heading', { level: 1, name: '辟谣' }).waitFor();
    await page.getByRole('link', { name: DEBUNK }).waitFor();
    await expectNoAxeViolations(page, 'debunks channel at 360 px');
    await page.getByRole('link', { name: '举报谣言' }).first().click();
    await page.getByRole('heading', { level: 1, name: '举报谣言' }).waitFor();
    await expectNoAxeViolations(page, 'report form at 360 px');
    await page.getByLabel('您看到的说法').fill(RUMOUR);
    await page.getByLabel('在哪里看到').fill('微信群');
    await page.getByLabel('联系方式（选填）').fill('13900000000');
    // A screenshot, chosen as a file (a tiny PNG made here).
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.getByLabel('截图（选填）').setInputFiles({
      name: '截图.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await page.getByRole('button', { name: '提交举报' }).click();
    await page.getByText('已收到您的举报，谢谢！', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'report sent');
    await atBothWidths(page, 'debunks-report');
  });

  it('the office triages the report and links it to the debunk', async () => {
    screenshotOnFailure(() => page, 'debunks-triage');
    await as(office);
    await page.goto('/admin/rumour-reports');
    await page.getByRole('heading', { level: 1, name: '谣言举报' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: RUMOUR });
    await row.getByText('13900000000').waitFor();
    await row.getByRole('link', { name: '查看截图' }).waitFor();
    await expectNoAxeViolations(page, 'report triage');
    await row.getByRole('button', { name: '受理' }).click();
    await row.getByText('已受理', { exact: true }).waitFor();
    await row.getByRole('button', { name: '关联辟谣' }).click();
    const dialog = page.getByRole('dialog', { name: '关联辟谣' });
    await pickOption(page, dialog, '关联到哪条辟谣', DEBUNK, '旧闻');
    await expectNoAxeViolations(page, 'link dialog');
    await dialog.getByRole('button', { name: '关联辟谣' }).click();
    await confirmStep(page, /把这条举报关联到/, '关联辟谣');
    await row.getByText('已关联辟谣', { exact: true }).waitFor();
    await row.getByRole('link', { name: /关联：/ }).click();
    await page.getByRole('heading', { level: 1, name: '编辑辟谣条目' }).waitFor();
    await page.getByText('相关举报 2 条', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'debunk editor');
  });

  it('the debunk page and the rumour board show at 360 px', async () => {
    screenshotOnFailure(() => page, 'debunks-page');
    await as(null);
    await page.goto('/debunks');
    await page.getByRole('link', { name: DEBUNK }).click();
    await page.getByRole('heading', { level: 1, name: DEBUNK }).waitFor();
    await page.getByRole('heading', { level: 2, name: '谣言' }).waitFor();
    await page.getByText('湖南省自然资源厅、湘西州应急管理局').waitFor();
    // The named expert has a public page: linked from the entry.
    await page.getByRole('link', { name: '王强' }).waitFor();
    await expectNoAxeViolations(page, 'debunk page');
    await atBothWidths(page, 'debunk-page');
    await page.getByRole('link', { name: '流言榜' }).first().click();
    await page.getByRole('heading', { level: 1, name: /流言榜/ }).waitFor();
    await expectNoAxeViolations(page, 'rumour board');
    await atBothWidths(page, 'rumour-board');
  });
});
