import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
import {
  atBothWidths,
  confirmStep,
  describeWithBrowser,
  expectNoAxeViolations,
  hasHorizontalScroll,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  shot,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-OpenDays-2024!';
const FACILITY = '湖南省地质灾害监测预警工程技术研究中心';
const TITLE = `${FACILITY}科普开放日`;

/**
 * 科普开放日: the facility's staff publish open-day slots from the facility's page in the console
 * (partner schools first); a partner school's teacher books a class on a phone, acknowledging
 * the safety notes; the facility approves it.
 */
describeWithBrowser('open days', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let activityId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const centre = await orgByName(admin, FACILITY);
    const school = await orgByName(admin, '长沙市实验小学');
    for (const [username, displayName, role, organisationId] of [
      ['lab.staff', '肖主任', 'EDITOR', centre.id],
      ['open.teacher', '罗老师', 'MEMBER', school.id],
    ] as const)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId,
      });
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function consoleLogin(username: string, name: string) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: `欢迎，${name}` }).waitFor();
    return page;
  }

  it('the facility publishes open-day slots from its page, partner schools first', async () => {
    screenshotOnFailure(() => page, 'open-days-publish');
    const p = await consoleLogin('lab.staff', '肖主任');
    await p
      .getByRole('navigation', { name: '科普活动' })
      .getByRole('link', { name: '科普开放日' })
      .click();
    await p.getByRole('heading', { level: 1, name: '开放设施与科普开放日' }).waitFor();
    await p.getByRole('link', { name: FACILITY }).click();
    await p.getByRole('heading', { level: 1, name: FACILITY }).waitFor();
    const partners = p.locator('section').filter({
      has: p.getByRole('heading', { level: 2, name: '合作学校和社区' }),
    });
    await partners.getByText('长沙市实验小学').waitFor();
    await expectNoAxeViolations(p, 'facility in the console');
    await shot(p, 'open-days-facility');
    await p.getByRole('button', { name: '发布开放日时段' }).click();
    const form = p.locator('form#activity');
    await expect.poll(() => form.getByLabel('活动名称').inputValue()).toBe(TITLE);
    // A slot 20 days ahead; partners book first for the facility's 7 days.
    const day = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('日期').fill(day);
    await form.getByLabel('名额').fill('60');
    expect(await form.getByLabel('合作学校优先预约至').inputValue()).not.toBe('');
    await expectNoAxeViolations(p, 'open-day editor');
    await shot(p, 'open-days-editor');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await p.waitForURL(/\/admin\/activities\/[0-9a-f-]{36}$/);
    activityId = p.url().split('/').pop()!;
    await p.getByRole('button', { name: '发布活动' }).click();
    await confirmStep(p, `发布活动“${TITLE}”？`, '发布活动');
    await p.getByText('已发布').first().waitFor();
  });

  it('a partner school’s teacher books a class on a phone, acknowledging the safety notes', async () => {
    screenshotOnFailure(() => page, 'open-days-book');
    const teacher = new ApiSession(server.baseUrl);
    await teacher.call('POST', '/api/auth/login', { username: 'open.teacher', password: PASSWORD });
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    await context.addCookies(teacher.cookieList(server.baseUrl));
    page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`/activities/${activityId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('link', { name: FACILITY }).first().waitFor();
    const booking = page.locator('form#act-group');
    await booking.getByText('仅接受').waitFor();
    // The teacher's school is chosen for them (it is a partner).
    await booking.getByText('长沙市实验小学').waitFor();
    await booking.getByLabel('年级班级').fill('四年级（1）班');
    await booking.getByLabel('带队教师姓名').fill('罗老师');
    await booking.getByLabel('联系电话').fill('13807315678');
    await booking.getByLabel('预约人数').fill('40');
    await booking.getByRole('button', { name: '提交团体预约' }).click();
    await booking.getByText('请阅读并确认安全须知').waitFor();
    await expectNoAxeViolations(page, 'open-day booking with safety notes');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, 'open-days-booking-360');
    await booking.getByLabel(/我已阅读安全须知/).check();
    await booking.getByRole('button', { name: '提交团体预约' }).click();
    await page.getByText('团体预约已提交').waitFor();
    await atBothWidths(page, 'open-day-booked');
  });

  it('the facility approves the class', async () => {
    screenshotOnFailure(() => page, 'open-days-approve');
    const p = await consoleLogin('lab.staff', '肖主任');
    await p.goto(`/admin/activities/${activityId}/registrations`);
    await p.getByRole('heading', { level: 2, name: '团体预约' }).waitFor();
    const row = p.locator('tr.ant-table-row').filter({ hasText: '四年级（1）班' });
    await row.getByText('待审核').waitFor();
    await row.getByRole('button', { name: '审核' }).click();
    const dialog = p.getByRole('dialog', { name: '审核团体预约：长沙市实验小学 四年级（1）班' });
    await dialog.getByLabel('本次通过人数').fill('40');
    await dialog.getByRole('button', { name: '审核' }).click();
    await confirmStep(p, '通过 40 人（申请 40 人）？', '审核');
    await row.getByText('已通过').first().waitFor();
    // The facility's page counts no booking left to decide on this open day.
    await p.goto('/admin/facilities');
    await p.getByRole('link', { name: FACILITY }).click();
    const days = p.locator('section').filter({
      has: p.getByRole('heading', { level: 2, name: '开放日' }),
    });
    await days.getByRole('link', { name: TITLE }).waitFor();
    await expectNoAxeViolations(p, 'facility open days');
  });
});
