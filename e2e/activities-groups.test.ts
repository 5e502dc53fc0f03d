import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Groups-2024!';
const TITLE = '走进地质博物馆研学日';

/**
 * 团体预约: a teacher books 40 places for a class on a phone; the host approves 30 of them in the
 * console (asked first), one QR code per person; the teacher sees the 30 tickets in 我的.
 */
describeWithBrowser('group bookings', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let activityId = '';
  let teacher: ApiSession;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const museum = await orgByName(admin, '湖南省地质博物馆');
    await admin.call('POST', '/api/users', {
      username: 'group.host',
      displayName: '刘馆长',
      password: PASSWORD,
      role: 'EDITOR',
      organisationId: museum.id,
    });
    const host = new ApiSession(server.baseUrl);
    await host.call('POST', '/api/auth/login', { username: 'group.host', password: PASSWORD });
    const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const a = await host.call<{ id: string }>('POST', '/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title: TITLE,
      address: '长沙市岳麓区 湖南省地质博物馆',
      groupsAllowed: true,
      sessions: [
        { startsAt: `${day}T09:00:00+08:00`, endsAt: `${day}T11:30:00+08:00`, capacity: 50 },
      ],
    });
    await host.call('POST', `/api/activities/${a.id}/publish`);
    activityId = a.id;
    expect(
      (
        await registerPerson(server.baseUrl, {
          username: 'teacher.chen',
          password: PASSWORD,
          displayName: '陈老师',
        })
      ).status,
    ).toBe(201);
    teacher = new ApiSession(server.baseUrl);
    await teacher.call('POST', '/api/auth/login', { username: 'teacher.chen', password: PASSWORD });
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('a teacher books a class, the host approves part, the teacher sees the tickets', async () => {
    screenshotOnFailure(() => page, 'activities-groups');
    // The teacher, on a phone.
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    await context.addCookies(teacher.cookieList(server.baseUrl));
    page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`/activities/${activityId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const booking = page.locator('form#act-group');
    await booking.getByLabel('学校').fill('长沙市第一中学');
    await booking.getByLabel('年级班级').fill('初二（3）班');
    await booking.getByLabel('带队教师姓名').fill('陈老师');
    await booking.getByLabel('联系电话').fill('12345');
    await booking.getByLabel('预约人数').fill('40');
    await expectNoAxeViolations(page, 'group booking form');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await booking.getByRole('button', { name: '提交团体预约' }).click();
    // The server names the field.
    await booking.getByText('不是有效的电话号码').first().waitFor();
    await booking.getByLabel('联系电话').fill('13700137000');
    await booking.getByRole('button', { name: '提交团体预约' }).click();
    await page.getByText('团体预约已提交').waitFor();

    // The host approves 30 of 40, one QR code per person; asked first.
    await context.close();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill('group.host');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，刘馆长' }).waitFor();
    await page.goto(`/admin/activities/${activityId}/registrations`);
    await page.getByRole('heading', { level: 2, name: '团体预约' }).waitFor();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '初二（3）班' });
    await row.getByText('待审核').waitFor();
    await expectNoAxeViolations(page, 'group approvals');
    await row.getByRole('button', { name: '审核' }).click();
    const dialog = page.getByRole('dialog', { name: '审核团体预约：长沙市第一中学 初二（3）班' });
    await dialog.getByLabel('本次通过人数').fill('30');
    await dialog.getByLabel('每人一个二维码').check();
    await expectNoAxeViolations(page, 'group decision');
    await dialog.getByRole('button', { name: '审核' }).click();
    const ask = page.getByRole('dialog', { name: '通过 30 人（申请 40 人）？' });
    await ask.getByText('此操作不能撤销').waitFor();
    await confirmStep(page, '通过 30 人（申请 40 人）？', '审核');
    await row.getByText('已通过').first().waitFor();
    expect(await row.textContent()).toContain('30');

    // The teacher sees the group and its 30 tickets.
    await context.close();
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    await context.addCookies(teacher.cookieList(server.baseUrl));
    page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto('/me');
    const mine = page.locator('section').filter({
      has: page.getByRole('heading', { level: 2, name: '我的团体预约' }),
    });
    await mine.getByText('通过 30 人 / 申请 40 人').waitFor();
    await mine.getByText('名单与电子票（30 人）').click();
    await expect.poll(() => mine.locator('img.ticket-qr').count()).toBe(30);
    await expectNoAxeViolations(page, 'my group bookings');
    expect(await hasHorizontalScroll(page)).toBe(false);
  });
});
