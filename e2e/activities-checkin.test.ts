import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
import {
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

const PASSWORD = 'Kepu-Checkin-2024!';
const TITLE = '地下展厅矿物晶体夜场';
const HOUR = 3_600_000;
/** Two days from now at hh:00 Beijing time. */
const later = (hh: number) => {
  const d = new Date(Date.now() + 8 * HOUR + 2 * 24 * HOUR).toISOString().slice(0, 10);
  return new Date(`${d}T${String(hh).padStart(2, '0')}:00:00+08:00`).toISOString();
};

describeWithBrowser('check-in at the door with no network', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let staff: ApiSession;
  let activityId = '';
  const tickets: Record<string, { id: string; ticketCode: string }> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const museum = await orgByName(admin, '湖南省地质博物馆');
    await admin.call('POST', '/api/users', {
      username: 'door',
      displayName: '门口的王老师',
      password: PASSWORD,
      role: 'EDITOR',
      organisationId: museum.id,
    });
    staff = new ApiSession(server.baseUrl);
    await staff.call('POST', '/api/auth/login', { username: 'door', password: PASSWORD });
    const a = await staff.call<{ id: string }>('POST', '/api/activities', {
      organisationId: museum.id,
      typeCode: 'EXHIBITION',
      title: TITLE,
      address: '长沙市岳麓区 湖南省地质博物馆负一层',
      audiences: ['YOUTH'],
      sessions: [{ startsAt: later(18), endsAt: later(21), capacity: 50 }],
      groupsAllowed: true,
    });
    activityId = a.id;
    await staff.call('POST', `/api/activities/${a.id}/publish`);
    for (const [username, displayName] of [
      ['door.one', '赵一'],
      ['door.two', '钱二'],
      ['door.three', '孙三'],
    ] as const) {
      expect(
        (await registerPerson(server.baseUrl, { username, password: PASSWORD, displayName }))
          .status,
      ).toBe(201);
      const s = new ApiSession(server.baseUrl);
      await s.call('POST', '/api/auth/login', { username, password: PASSWORD });
      tickets[username] = await s.call('POST', `/api/activities/${a.id}/registrations`, {});
      if (username === 'door.three')
        await s.call('POST', `/api/registrations/${tickets[username]!.id}/cancel`);
    }
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const result = () => page.locator('.checkin-result');

  it('keeps the door list, checks two tickets in offline, reloads offline, and syncs on reconnecting', async () => {
    screenshotOnFailure(() => page, 'activities-checkin');
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill('door');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，门口的王老师' }).waitFor();

    // Online: the staff picks the activity; its door list is stored on the phone.
    await page.goto('/admin/check-in');
    await page.getByRole('heading', { level: 1, name: '现场签到' }).waitFor();
    await pickOption(page, page.locator('.checkin'), '活动', TITLE);
    await page.getByText('签到名单已存到本机：本场 2 条报名').waitFor();
    await page.getByText('每张票签到一次。').waitFor();
    // The service worker has kept this page's files: it will open with no network.
    await page.getByText('本页断网时也能打开').waitFor();
    await expectNoAxeViolations(page, 'check-in (online)');

    // The basement: no network.
    await context.setOffline(true);
    await page.getByText('离线：签到先存在本机，联网后自动同步').waitFor();
    // 赵一 by the code on the ticket (the camera cannot be driven here).
    await page.getByLabel('票码').fill(tickets['door.one']!.ticketCode);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await result().getByText('已签到', { exact: true }).waitFor();
    await result().getByText('赵一').waitFor();
    await result().getByText('离线签到，已存入本机，联网后同步').waitFor();
    // 钱二 by name from the door list.
    await page.getByLabel('搜索姓名').fill('钱');
    await page.getByRole('button', { name: '为钱二签到' }).click();
    await result().getByText('钱二').waitFor();
    await result().getByText('已签到', { exact: true }).waitFor();
    // A cancelled ticket and a repeat are refused in words, offline too.
    await page.getByLabel('票码').fill(tickets['door.three']!.ticketCode);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await result().getByText('已取消', { exact: true }).waitFor();
    await page.getByLabel('票码').fill(tickets['door.one']!.ticketCode);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await result().getByText('重复签到').waitFor();
    await page.getByText('待同步 4 条').waitFor();
    await page.getByRole('heading', { level: 2, name: '已签到（2）' }).waitFor();
    expect(await page.locator('.checkin-present li').filter({ hasText: '待同步' }).count()).toBe(2);
    await expectNoAxeViolations(page, 'check-in (offline, queued)');
    expect(await hasHorizontalScroll(page)).toBe(false);

    // Still no network: the page itself reloads (from the service worker) with its queue.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole('heading', { level: 1, name: '现场签到' }).waitFor();
    await page.getByText('待同步 4 条').waitFor();
    await page.getByRole('heading', { level: 2, name: '已签到（2）' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);

    // Nothing reached the server while offline.
    const before = await staff.call<{ total: { checkedIn: number } }>(
      'GET',
      `/api/activities/${activityId}/attendance`,
    );
    expect(before.total.checkedIn).toBe(0);

    // The network returns: the queue is sent and the server has both check-ins.
    await context.setOffline(false);
    await page.getByText('待同步 4 条').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 2, name: '已签到（2）' }).waitFor();
    expect(await page.locator('.checkin-present li').filter({ hasText: '待同步' }).count()).toBe(0);
    const after = await staff.call<{
      total: { registered: number; checkedIn: number };
      byAudience: { audience: string; checkedIn: number }[];
    }>('GET', `/api/activities/${activityId}/attendance`);
    expect(after.total).toMatchObject({ registered: 2, checkedIn: 2 });
    expect(after.byAudience).toEqual([
      expect.objectContaining({ audience: 'YOUTH', checkedIn: 2 }),
    ]);
    await page.getByText('青少年：已报名 2 人，已签到 2 人').waitFor();
    const list = await staff.call<{ items: { userName: string; checkedInAt: string | null }[] }>(
      'GET',
      `/api/activities/${activityId}/check-in-list`,
    );
    expect(
      list.items
        .filter((i) => i.checkedInAt)
        .map((i) => i.userName)
        .sort(),
    ).toEqual(['赵一', '钱二'].sort());
    await expectNoAxeViolations(page, 'check-in (synced)');
  });

  it('finds a child of an approved class booking by name and checks that member in', async () => {
    // A teacher books for a class with a roster; the museum approves, a ticket per child.
    expect(
      (
        await registerPerson(server.baseUrl, {
          username: 'door.teacher',
          password: PASSWORD,
          displayName: '刘老师',
        })
      ).status,
    ).toBe(201);
    const teacher = new ApiSession(server.baseUrl);
    await teacher.call('POST', '/api/auth/login', { username: 'door.teacher', password: PASSWORD });
    const g = await teacher.call<{ id: string }>('POST', `/api/activities/${activityId}/groups`, {
      schoolName: '长沙市雅礼中学',
      gradeClass: '初一（2）班',
      contactName: '刘老师',
      contactPhone: '13800138000',
      requested: 2,
      names: ['周小雨', '吴小川'],
    });
    await staff.call('POST', `/api/groups/${g.id}/decide`, {
      approve: 2,
      ticketMode: 'PERSON',
      rest: 'RELEASE',
    });
    // The door list read again has the class, child by child, with no phone number.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '现场签到' }).waitFor();
    await page.getByText('签到名单已存到本机：本场 3 条报名').waitFor();
    await page.getByLabel('搜索姓名').fill('周小雨');
    const row = page.locator('.checkin-found li').filter({ hasText: '周小雨' });
    await row.getByText('长沙市雅礼中学 初一（2）班 第1位').waitFor();
    expect(await page.getByText('13800138000').count()).toBe(0);
    await row.getByRole('button', { name: '为周小雨签到' }).click();
    await result().getByText('已签到', { exact: true }).waitFor();
    await result().getByText('周小雨').waitFor();
    await page
      .locator('.checkin-present li')
      .filter({ hasText: '周小雨' })
      .filter({ hasText: '长沙市雅礼中学 初一（2）班' })
      .waitFor();
    // The same child again is a repeat; the other child is still to come.
    await row.getByRole('button', { name: '为周小雨签到' }).click();
    await result().getByText('重复签到').waitFor();
    await expectNoAxeViolations(page, 'check-in (a class member found by name)');
    expect(await hasHorizontalScroll(page)).toBe(false);
    // The server has the member checked in (once), and counts the class by its members.
    await expect
      .poll(
        async () =>
          (
            await staff.call<{ members: { name: string; checkedInAt: string | null }[] }>(
              'GET',
              `/api/activities/${activityId}/check-in-list`,
            )
          ).members
            .filter((m) => m.checkedInAt)
            .map((m) => m.name),
        { timeout: 20_000 },
      )
      .toEqual(['周小雨']);
    const att = await staff.call<{ total: { registered: number; checkedIn: number } }>(
      'GET',
      `/api/activities/${activityId}/attendance`,
    );
    expect(att.total).toMatchObject({ registered: 4, checkedIn: 3 });
  });
});
