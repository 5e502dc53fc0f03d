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

const PASSWORD = 'Kepu-Feedback-2024!';
const TITLE = '化石修复开放日';
const COMMENT = '老师讲得生动，孩子第一次见到恐龙蛋化石';

/**
 * 评价: a person checked in at a museum's open day rates it and comments in 我的 (on a phone);
 * the museum's editor approves the comment in 活动评价; the activity page then shows it with the
 * mean rating to anyone.
 */
describeWithBrowser('activity feedback journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let host: ApiSession;
  let visitor: ApiSession;
  let activityId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const museum = await orgByName(admin, '湖南省地质博物馆');
    await admin.call('POST', '/api/users', {
      username: 'fb.host',
      displayName: '刘馆长',
      password: PASSWORD,
      role: 'EDITOR',
      organisationId: museum.id,
    });
    host = new ApiSession(server.baseUrl);
    await host.call('POST', '/api/auth/login', { username: 'fb.host', password: PASSWORD });
    const res = await registerPerson(server.baseUrl, {
      username: 'fb.visitor',
      password: PASSWORD,
      displayName: '吴晓',
    });
    expect(res.status).toBe(201);
    visitor = new ApiSession(server.baseUrl);
    await visitor.call('POST', '/api/auth/login', { username: 'fb.visitor', password: PASSWORD });

    // The open day (an hour from now) and the visitor's ticket, scanned at the door.
    const start = Date.now() + 3_600_000;
    const a = await host.call<{ id: string }>('POST', '/api/activities', {
      organisationId: museum.id,
      typeCode: 'OPEN_DAY',
      title: TITLE,
      divisionCode: '430100',
      address: '长沙市岳麓区 湖南省地质博物馆',
      sessions: [
        {
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 2 * 3_600_000).toISOString(),
          capacity: 30,
        },
      ],
    });
    activityId = a.id;
    await host.call('POST', `/api/activities/${activityId}/publish`);
    const reg = await visitor.call<{ ticketCode: string }>(
      'POST',
      `/api/activities/${activityId}/registrations`,
      {},
    );
    const scan = await host.call<{ results: { outcome: string }[] }>(
      'POST',
      `/api/activities/${activityId}/check-ins`,
      { code: reg.ticketCode },
    );
    expect(scan.results[0]!.outcome).toBe('CHECKED_IN');
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function as(session: ApiSession | null, width = 1280) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    if (session) await context.addCookies(session.cookieList(server.baseUrl));
    page = await context.newPage();
    await page.setViewportSize({ width, height: 800 });
    return page;
  }

  it('a checked-in attendee rates and comments, the host approves, the comment is public', async () => {
    screenshotOnFailure(() => page, 'activities-feedback');
    // The attendee, on a phone: 评价 in 我的活动报名.
    let p = await as(visitor, 360);
    await p.goto('/me');
    await p.getByRole('heading', { level: 2, name: '我的活动报名' }).waitFor();
    const item = p.locator('.registration', { hasText: TITLE });
    await item.getByRole('button', { name: '评价' }).click();
    await item.getByRole('group', { name: '您对这次活动满意吗？' }).waitFor();
    await expectNoAxeViolations(p, 'me (feedback form, 360 px)');
    await item.getByLabel('5 星 非常满意').check();
    await item.getByLabel('留言（选填）').fill(COMMENT);
    expect(await hasHorizontalScroll(p)).toBe(false);
    await item.getByRole('button', { name: '提交评价' }).click();
    await item.getByText('留言待审核').waitFor();
    await item.getByRole('img', { name: '5 星（满分 5 星）' }).waitFor();
    await expectNoAxeViolations(p, 'me (feedback given)');

    // Not public yet: the rating counts, the comment waits.
    p = await as(null);
    await p.goto(`/activities/${activityId}`);
    await p.getByRole('heading', { level: 2, name: '参加者评价' }).waitFor();
    await p.getByText('平均 5.0 分（满分 5 分），1 人评价').waitFor();
    expect(await p.getByText(COMMENT).count()).toBe(0);

    // The museum's editor approves it in 活动评价.
    p = await as(host);
    await p.goto('/admin');
    await p
      .getByRole('navigation', { name: '科普活动' })
      .getByRole('link', { name: '活动评价' })
      .click();
    await p.getByRole('heading', { level: 1, name: '活动评价' }).waitFor();
    const row = p.locator('tr', { hasText: COMMENT });
    await row.waitFor();
    await expectNoAxeViolations(p, 'console feedback (pending)');
    await row.getByRole('button', { name: '通过' }).click();
    await p.getByRole('dialog', { name: '通过这条留言？' }).waitFor();
    await expectNoAxeViolations(p, 'console feedback (approve dialog)');
    await confirmStep(p, '通过这条留言？', '通过');
    await p.getByText('留言已通过，活动页面已展示').waitFor();
    await p.getByText('没有待审核的留言').waitFor();
    await p.locator('.ant-radio-button-wrapper', { hasText: '已通过' }).click();
    await p.locator('tr', { hasText: COMMENT }).waitFor();
    await p.locator('tr', { hasText: TITLE }).getByText('5.00').first().waitFor();
    await expectNoAxeViolations(p, 'console feedback (approved, satisfaction)');

    // Anyone now reads the comment on the activity page.
    p = await as(null, 360);
    await p.goto(`/activities/${activityId}`);
    await p.getByRole('heading', { level: 2, name: '参加者评价' }).waitFor();
    await p.getByText(COMMENT).waitFor();
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectNoAxeViolations(p, 'activity with feedback (360 px)');
  });
});
