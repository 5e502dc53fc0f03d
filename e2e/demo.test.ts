import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  confirmStep,
  describeWithBrowser,
  expectNoAxeViolations,
  hasHorizontalScroll,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * A newcomer follows the README: `npm start` on an empty database (the demo world), then
 * `npm run kepu -- demo logins`; each of the five people opens their link and finishes their top
 * task from PRODUCT.md by clicking and reading — never typing a code or an id.
 */
describeWithBrowser('the demo world, role by role', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let links: Record<string, string>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm run kepu -- demo logins');
    // The same embedded database the server runs on, whatever the shell points at.
    const env: NodeJS.ProcessEnv = { ...process.env, KEPU_DATA_DIR: server.dataDir };
    delete env.DATABASE_URL;
    const out = execFileSync('npx', ['tsx', 'server/src/main.ts', 'demo', 'logins'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    const tokens = [...out.matchAll(/\/sign-in-link#([\w-]+)/g)].map((m) => m[1]!);
    expect(tokens).toHaveLength(5);
    const [pub, staff, province, expert, office] = tokens;
    links = { pub: pub!, staff: staff!, province: province!, expert: expert!, office: office! };
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** Opens a person's one-time link in a fresh browser and waits to land. */
  async function signIn(who: string, width = 1280) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/sign-in-link#${links[who]}`);
    return page;
  }
  const todo = (p: Page, group: RegExp, name: string) =>
    p
      .getByRole('region', { name: '我的待办' })
      .getByRole('list', { name: group })
      .getByRole('link', { name });

  it('the public: from the home page, a 滑坡 work in two searches, on a phone', async () => {
    screenshotOnFailure(() => page, 'demo-public');
    const p = await signIn('pub', 360);
    await p.waitForURL(/\/me$/);
    await p.getByRole('heading', { level: 1 }).waitFor();
    await p.goto('/');
    await p.getByRole('heading', { level: 2, name: '最新作品' }).waitFor();
    await p.getByRole('heading', { level: 2, name: '身边的科普基地' }).waitFor();
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectNoAxeViolations(p, 'home (signed in, 360 px)');
    const search = p.getByRole('search').filter({ has: p.locator('#home-search-q') });
    await search.getByRole('searchbox').fill('滑坡');
    await search.getByRole('button', { name: '搜索' }).click();
    await p.waitForURL(/\/search\?q=/);
    const first = p.locator('main').getByRole('link', { name: /滑坡/ }).first();
    await first.waitFor();
    await first.click();
    await p.getByRole('heading', { level: 1, name: /滑坡/ }).waitFor();
    await expectNoAxeViolations(p, 'a work found by 滑坡');
  });

  it('base staff: submits the naming application waiting on the console home', async () => {
    screenshotOnFailure(() => page, 'demo-staff');
    const p = await signIn('staff');
    await p.waitForURL(/\/admin/);
    const draft = todo(p, /即将截止、尚未提交的申报/, '湖南省地质博物馆');
    await draft.waitFor();
    await expectNoAxeViolations(p, 'console home (base staff)');
    await draft.click();
    await p.getByRole('button', { name: '提交申报' }).click();
    await confirmStep(p, '提交申报“湖南省地质博物馆”？', '提交申报');
    await expect.poll(() => p.locator('h1 .review-status').textContent()).toBe('已提交');
    await expectNoAxeViolations(p, 'application submitted');
  });

  it('the provincial department: recommends the application waiting on it', async () => {
    screenshotOnFailure(() => page, 'demo-province');
    const p = await signIn('province');
    await p.waitForURL(/\/admin/);
    const waiting = todo(p, /待推荐的申报/, '湘西世界地质公园');
    await waiting.click();
    await p.getByRole('heading', { level: 1, name: /湘西世界地质公园/ }).waitFor();
    await p.getByRole('button', { name: '推荐', exact: true }).click();
    await p.getByLabel('意见（不同意时必填）').fill('材料真实，科普设施完善，同意推荐。');
    await p.getByRole('button', { name: '同意推荐' }).click();
    await confirmStep(p, '同意推荐“湘西世界地质公园”？', '同意推荐');
    await expect.poll(() => p.locator('h1 .review-status').textContent()).toBe('已推荐');
    await expectNoAxeViolations(p, 'recommended');
  });

  it('the expert: scores one assigned application and declares a conflict on the other', async () => {
    screenshotOnFailure(() => page, 'demo-expert');
    const p = await signIn('expert');
    await p.waitForURL(/\/admin/);
    await p.getByRole('link', { name: '评审任务' }).first().click();
    await p.getByRole('link', { name: '长兴“金钉子”地质遗迹保护区' }).click();
    await p.getByRole('heading', { level: 2, name: '评分' }).waitFor();
    const labels = ['科普内容与特色', '场地设施与展陈', '科普队伍与制度', '科普活动与成效'];
    for (const [i, l] of labels.entries())
      await p.getByLabel(new RegExp(`^${l}（`)).fill(String([86, 80, 78, 84][i]));
    await p.getByLabel('“科普活动与成效”评语').fill('“金钉子”剖面的解说深入浅出，研学活动有特色。');
    await expectNoAxeViolations(p, 'scoring (demo)');
    await p.getByRole('button', { name: '提交评分' }).click();
    await confirmStep(p, '提交对“长兴“金钉子”地质遗迹保护区”的评分？', '提交评分');
    await p
      .getByText(/评分已提交，加权总分/)
      .first()
      .waitFor();

    await p.getByRole('link', { name: '评审任务' }).first().click();
    await p.getByRole('link', { name: '玉龙雪山冰川地质公园' }).click();
    await p.getByRole('button', { name: '申请回避' }).click();
    const ask = p.getByRole('dialog', { name: '申请回避' });
    await ask.getByLabel('回避原因').fill('本人近三年参与过该公园的冰川监测合作项目。');
    await ask.getByRole('button', { name: '申请回避' }).click();
    await p.getByText('已回避').first().waitFor();
  });

  it('the ministry office: checks the recommended application and sees the naming target', async () => {
    screenshotOnFailure(() => page, 'demo-office');
    const p = await signIn('office');
    await p.waitForURL(/\/admin/);
    const waiting = todo(p, /待形式审查的申报/, '深圳大鹏半岛国家地质公园');
    await waiting.click();
    await p.getByRole('button', { name: '形式审查' }).click();
    await p.getByRole('button', { name: '通过', exact: true }).click();
    await confirmStep(p, '通过“深圳大鹏半岛国家地质公园”？', '通过');
    await expect.poll(() => p.locator('h1 .review-status').textContent()).toBe('形式审查通过');
    await expectNoAxeViolations(p, 'formal check passed');
    // The call shows its 文号; the bases dashboard, the plan's target of 100 national bases.
    await p.goto('/admin/bases/dashboard');
    await p.getByText(/100/).first().waitFor();
    await expectNoAxeViolations(p, 'bases dashboard (demo)');
  });
});
