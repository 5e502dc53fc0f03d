import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { orgByName, setupAdmin } from './api.ts';
import {
  atBothWidths,
  describeWithBrowser,
  expectNoAxeViolations,
  hasHorizontalScroll,
  launchBrowser,
  newContext,
  pickOption,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-FacilityPages-2024!';
const FACILITY = '湖南省地质灾害监测预警工程技术研究中心';
const OPEN_DAY = '走进地质灾害监测预警中心·科普开放日';

/**
 * 科普开放日 on the portal: a visitor finds a facility from the menu (by province), reads its
 * page — the open day's slots with the places left, partner schools first, the calendar feed —
 * and follows to the open day, where a signed-out teacher is told to sign in to book a class and
 * comes back to the page signed in. The demo world's 湖南 engineering centre holds the open day:
 * two slots of 60 places (a class waits for the first, holding nothing yet), the second for
 * partner schools first.
 */
describeWithBrowser('facility pages on the portal', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const school = await orgByName(admin, '长沙市实验小学');
    await admin.call('POST', '/api/users', {
      username: 'visit.teacher',
      displayName: '唐老师',
      password: PASSWORD,
      role: 'MEMBER',
      organisationId: school.id,
    });
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('a visitor goes from the menu to a facility, sees its open day and places, and follows to it', async () => {
    screenshotOnFailure(() => page, 'facilities-portal-visitor');
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    const p = page;
    await p.goto('/');
    await p
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '科普开放日' })
      .click();
    await p.getByRole('heading', { level: 1, name: '科普开放日' }).waitFor();
    // All three demo facilities, then 湖南's alone.
    await expect.poll(() => p.locator('.facility-card').count()).toBe(3);
    await pickOption(p, p.locator('form[id="facility-filters"]'), '省份', '湖南省', '湖南');
    await expect.poll(() => p.locator('.facility-card').count()).toBe(1);
    expect(new URL(p.url()).searchParams.get('province')).toBe('43');
    const card = p.locator('.facility-card');
    await expect.poll(() => card.innerText()).toContain(FACILITY);
    const text = await card.innerText();
    expect(text).toContain('工程技术创新中心 · 湖南省');
    expect(text).toContain('最近开放：');
    expect(text).toContain('近期共 2 个开放时段，尚余 120 个名额');
    await expectNoAxeViolations(p, 'facilities list');
    await atBothWidths(p, 'facilities-list');

    await card.getByRole('link', { name: FACILITY }).click();
    await p.getByRole('heading', { level: 1, name: FACILITY }).waitFor();
    const upcoming = p.locator('section').filter({
      has: p.getByRole('heading', { level: 2, name: '近期开放日' }),
    });
    const day = upcoming.locator('.facility-open-day').filter({ hasText: OPEN_DAY });
    await expect.poll(() => day.locator('.act-plain-item').count()).toBe(2);
    const slots = await day.locator('.act-plain-item').allInnerTexts();
    expect(slots[0]).toContain('余 60 个名额（共 60 个）');
    expect(slots[0]).not.toContain('仅限合作学校');
    expect(slots[1]).toMatch(/前仅限合作学校预约/);
    expect(
      await upcoming.getByRole('link', { name: '订阅开放日日历' }).getAttribute('href'),
    ).toMatch(/^\/api\/public\/activities\.ics\?facility=[0-9a-f-]{36}$/);
    const body = await p.locator('main').innerText();
    expect(body).toContain('安全须知');
    expect(body).toContain('长沙市实验小学');
    expect(body).toContain('东经');
    await expectNoAxeViolations(p, 'facility page');
    await atBothWidths(p, 'facility-page');

    // On a phone: on to the open day, where group booking waits for a signed-in teacher.
    await p.setViewportSize({ width: 360, height: 780 });
    await day.getByRole('link', { name: '预约班级参观' }).click();
    await p.getByRole('heading', { level: 1, name: OPEN_DAY }).waitFor();
    const activityPath = new URL(p.url()).pathname;
    const group = p.locator('section').filter({
      has: p.getByRole('heading', { level: 2, name: '团体预约' }),
    });
    await expect.poll(() => group.innerText()).toContain('带队教师登录后可为班级预约团体参观。');
    expect(await p.getByRole('link', { name: FACILITY }).getAttribute('href')).toMatch(
      /^\/facilities\//,
    );
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectNoAxeViolations(p, 'open day, signed out');

    await group.getByRole('link', { name: '登录后预约' }).click();
    await p.getByLabel('用户名').fill('visit.teacher');
    await p.getByLabel('密码').fill(PASSWORD);
    await p.getByRole('button', { name: '登录' }).click();
    await p.getByRole('heading', { level: 1, name: OPEN_DAY }).waitFor();
    expect(new URL(p.url()).pathname).toBe(activityPath);
    await p.getByRole('button', { name: '提交团体预约' }).waitFor();
    expect(await group.innerText()).not.toContain('登录后可为班级预约');
  });

  it('the facility page answers an unknown facility with a page, not an error', async () => {
    screenshotOnFailure(() => page, 'facilities-portal-missing');
    await page!.goto('/facilities/00000000-0000-4000-8000-000000000000');
    await page!.getByRole('heading', { level: 1, name: '找不到这个开放设施' }).waitFor();
  });
});
