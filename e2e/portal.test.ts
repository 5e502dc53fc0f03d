import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerPerson } from './api.ts';
import {
  describeWithBrowser,
  expectNoAxeViolations,
  hasHorizontalScroll,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Journey-2024!';

describeWithBrowser('portal journeys', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a newcomer registers, lands logged in, logs out and logs back in', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');

    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('自然资源科普服务平台');
    await page.locator('.theme-day').first().waitFor();
    expect(await page.locator('.theme-day').count()).toBe(4);
    await expect.poll(() => page.locator('.area-card').count()).toBe(8);
    await expectNoAxeViolations(page, 'home');

    await page.getByRole('banner').getByRole('link', { name: '注册' }).click();
    await page.getByRole('heading', { level: 1, name: '注册' }).waitFor();
    await expectNoAxeViolations(page, 'register');

    // A birth year under the guardian-consent age (14 by default) asks for the guardian; an
    // adult's does not.
    await page.getByLabel('出生年份').fill(String(new Date().getFullYear() - 12));
    await page.getByLabel('监护人姓名').waitFor();
    await expectNoAxeViolations(page, 'register (minor)');
    await page.getByLabel('出生年份').fill('1990');
    await page.getByLabel('监护人姓名').waitFor({ state: 'detached' });

    // A Chinese name as username is refused in words, and the cursor goes back to the field.
    await page.getByLabel('用户名').fill('王小明');
    await page.getByLabel('姓名或昵称').fill('王小明');
    await page.getByRole('button', { name: '注册' }).click();
    await page
      .getByText('用户名只能包含英文字母、数字和 _ . -，长度 3 到 32 位，不能使用汉字或空格')
      .waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('register_username');
    await page.getByLabel('用户名').fill('newcomer');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码').fill(PASSWORD);
    // Registering needs consent to the privacy policy and the user agreement.
    await page.getByRole('button', { name: '注册' }).click();
    await page.getByText('请阅读并同意《隐私政策》和《用户协议》').waitFor();
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await page.getByRole('button', { name: '注册' }).click();

    await page.waitForURL('**/me');
    await page.getByRole('heading', { level: 1, name: '我的' }).waitFor();
    expect(await page.getByTestId('me-display-name').textContent()).toBe('王小明');
    await page.getByRole('banner').getByRole('link', { name: '我的（王小明）' }).waitFor();
    await expectNoAxeViolations(page, 'me');

    // Signing out loads the home page afresh (nothing of the session stays in memory) and says so.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByText('已退出登录').waitFor();
    await page.getByRole('banner').getByRole('link', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await expectNoAxeViolations(page, 'login');

    await page.getByLabel('用户名').fill('newcomer');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('banner').getByRole('link', { name: '我的（王小明）' }).waitFor();
    await expectNoAxeViolations(page, 'home (logged in)');
    await context.close();
  });

  it('switches language and 适老化 mode, and fits a 360 px screen', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto('/');
    await page.locator('.theme-day').first().waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);

    await page.getByRole('switch', { name: '适老化' }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.className))
      .toContain('elder');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page, 'home (适老化, 360 px)');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await page
      .getByRole('heading', { level: 1, name: 'Natural Resources Science Popularization Platform' })
      .waitFor();
    await expectNoAxeViolations(page, 'home (English, 适老化, 360 px)');
    // The long English name wraps inside the header rather than running off the screen.
    const logo = await page.locator('.site-logo').boundingBox();
    expect(logo!.x + logo!.width).toBeLessThanOrEqual(360);

    // Both preferences survive a reload.
    await page.reload();
    await page
      .getByRole('heading', { level: 1, name: 'Natural Resources Science Popularization Platform' })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.className)).toContain('elder');
    await context.close();
  });

  it('paints the home page before its script arrives, works without it, and hands over what was typed', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    await page.setViewportSize({ width: 360, height: 780 });
    // No app script at all: the pre-rendered first screen is the page, and its search still works.
    await page.route('**/assets/*.js', (r) => r.abort());
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: '自然资源科普服务平台' }).waitFor();
    await page.getByText('汇聚科普基地、科研单位、专家、作品与活动').waitFor();
    expect(await page.getByRole('link', { name: '登录' }).getAttribute('href')).toBe('/login');
    await page.locator('#home-search-q').fill('滑坡');
    await page.locator('#home-search-q').press('Enter');
    await page.waitForURL(/\/search\?q=%E6%BB%91%E5%9D%A1$/);
    await page.unrouteAll();

    // The script comes late: someone types into the first screen meanwhile, and the app keeps it.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/assets/index-*.js', async (r) => {
      await held;
      await r.continue();
    });
    // (the page's load event waits for the held script)
    await page.goto('/', { waitUntil: 'commit' });
    await page.locator('#home-search-q').fill('湿地');
    expect(await page.locator('#root').isVisible()).toBe(false);
    release();
    await page.getByRole('heading', { level: 2, name: '最新作品' }).waitFor();
    await expect.poll(() => page.locator('#first-screen > *').count()).toBe(0);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('#home-search-q').inputValue()).toBe('湿地');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('home-search-q');
    await page.locator('#home-search-q').press('Enter');
    await page.waitForURL(/\/search\?q=%E6%B9%BF%E5%9C%B0$/);
    await page.getByRole('heading', { level: 1 }).waitFor();

    // Other pages never carry the home page's first screen.
    expect(await page.locator('#first-screen > *').count()).toBe(0);
    await page.goto('/');
    await page.getByRole('heading', { level: 2, name: '最新作品' }).waitFor();
    await expectNoAxeViolations(page, 'home after the first screen was replaced');
    await context.close();
  });

  it('works by keyboard alone: skip link, then log in with Tab and Enter', async () => {
    const res = await registerPerson(server.baseUrl, {
      username: 'keyboard',
      password: PASSWORD,
      displayName: '键盘用户',
    });
    expect(res.status).toBe(201);
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    await page.goto('/');
    await page.locator('.theme-day').first().waitFor();
    // The first Tab lands on the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Tab on to the header's 登录 link and follow it.
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    let guard = 0;
    while ((await focused()) !== '登录' && guard++ < 40) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    const focusedId = () => page.evaluate(() => document.activeElement?.id);
    while ((await focusedId()) !== 'login_username' && guard++ < 80)
      await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('login_username');
    await page.keyboard.type('keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('banner').getByRole('link', { name: '我的（键盘用户）' }).waitFor();
    expect(guard).toBeLessThan(80);
    await context.close();
  });

  it('throttles repeated wrong passwords with the server’s message', async () => {
    const res = await registerPerson(server.baseUrl, {
      username: 'forgetful',
      password: PASSWORD,
      displayName: '赵健忘',
    });
    expect(res.status).toBe(201);

    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    await page.goto('/login');
    await page.getByLabel('用户名').fill('forgetful');
    await page.getByLabel('密码').fill('not-the-password');
    const alert = page.getByRole('alert').filter({ hasText: /登录失败次数过多|用户名或密码错误/ });
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) {
      const answered = page.waitForResponse(
        (r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '登录' }).click();
      const r = await answered;
      statuses.push(r.status());
    }
    // Wrong passwords answer 401 until the account limit (10 per 15 minutes), then 429.
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
    expect(statuses.at(-1)).toBe(429);
    await page.getByRole('alert').filter({ hasText: '登录失败次数过多' }).waitFor();
    expect(await alert.first().textContent()).toContain('分钟后再试');
    await expectNoAxeViolations(page, 'login (throttled)');
    await context.close();
  });
});
