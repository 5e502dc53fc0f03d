import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  atBothWidths,
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The office (周敏 of the 科普工作办公室) opens 热点预警: the demo's open alert — 地面塌陷 rising in
 * 湖南 — with its chart of 14 days against the baseline; asks for content, then dismisses it
 * (through the confirmation). The province (张伟, 湖南) sees the same alert in its list.
 */
describeWithBrowser('hotspot early warning', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let tokens: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const env: NodeJS.ProcessEnv = { ...process.env, KEPU_DATA_DIR: server.dataDir };
    delete env.DATABASE_URL;
    const out = execFileSync('npx', ['tsx', 'server/src/main.ts', 'demo', 'logins'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    tokens = [...out.matchAll(/\/sign-in-link#([\w-]+)/g)].map((m) => m[1]!);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function as(token: string) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    page = await context.newPage();
    await page.goto(`/sign-in-link#${token}`);
    await page.waitForURL(/\/admin/);
    return page;
  }

  it('the office sees the demo alert with its chart, asks for content and dismisses it', async () => {
    screenshotOnFailure(() => page, 'hotspots-office');
    const p = await as(tokens[4]!);
    await p.getByRole('link', { name: '热点预警' }).first().click();
    await p.getByRole('heading', { level: 1, name: '热点预警' }).waitFor();
    const row = p.getByRole('row', { name: /地面塌陷/ });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.innerText()).toContain('湖南省');
    await expect.poll(() => row.innerText()).toContain('待研判');
    await expectNoAxeViolations(p);
    await atBothWidths(p, 'hotspots-list');
    await p.setViewportSize({ width: 1280, height: 900 });

    await row.getByRole('link', { name: '地面塌陷' }).click();
    await p.getByRole('heading', { level: 1, name: /地面塌陷 · 湖南省/ }).waitFor();
    // The chart draws on a canvas labelled for screen readers; the figures are in a table too.
    await p.getByRole('img', { name: /“地面塌陷”近 14 天每日次数与基线的折线图/ }).waitFor();
    await expect.poll(() => p.locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => p.getByText('长沙').first().isVisible()).toBe(true);
    await expect.poll(() => p.getByRole('cell', { name: '地面塌陷 原因' }).count()).toBe(1);
    await expectNoAxeViolations(p);
    await atBothWidths(p, 'hotspots-alert');
    await p.setViewportSize({ width: 1280, height: 900 });

    await p.getByLabel('约稿说明（可选）').fill('请准备岩溶地面塌陷成因与防范的图文');
    await p.getByRole('button', { name: '约稿' }).click();
    await p.getByText('已通知相关单位准备内容').waitFor();
    await p.getByText('已约稿').first().waitFor();

    // Dismissing without a reason says what is missing, then asks before closing the alert.
    await p.getByRole('button', { name: '排除预警' }).click();
    await p.getByRole('alert').filter({ hasText: '请填写排除理由' }).waitFor();
    await p.getByLabel('排除理由').fill('新闻报道引起的短期关注，已约稿回应');
    await p.getByRole('button', { name: '排除预警' }).click();
    const dialog = p.getByRole('dialog', { name: /排除“地面塌陷”的预警/ });
    await dialog.waitFor();
    await expectNoAxeViolations(p);
    await dialog.getByRole('button', { name: '排除预警' }).click();
    await p.getByText('已排除预警').waitFor();
    await expect.poll(() => p.getByRole('heading', { level: 1 }).innerText()).toContain('已排除');
    await expect.poll(() => p.getByText('新闻报道引起的短期关注').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(p);
  });

  it('the province sees its own alert in its list', async () => {
    screenshotOnFailure(() => page, 'hotspots-province');
    const p = await as(tokens[2]!);
    await p.goto('/admin/hotspots');
    await p.getByRole('heading', { level: 1, name: '热点预警' }).waitFor();
    await expect
      .poll(() => p.getByRole('row', { name: /地面塌陷/ }).innerText())
      .toContain('已排除');
    await expectNoAxeViolations(p);
  });
});
