import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, registerPerson } from './api.ts';
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

const PASSWORD = 'Kepu-Journey-2024!';
/** The demo world's talk with three places and nobody registered yet. */
const TITLE = '地质灾害防治知识进校园';

/**
 * 科普活动 on a phone: a newcomer finds the menu from the home page, opens an activity with three
 * places and registers; four more people register (two wait); the newcomer cancels, the first
 * waiting is offered the place and takes it in 我的, and prints the ticket.
 */
describeWithBrowser('科普活动 on the portal (360 px)', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const people: Record<string, ApiSession> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const [username, displayName] of [
      ['act.one', '赵一'],
      ['act.two', '钱二'],
      ['act.three', '孙三'],
      ['act.four', '李四'],
      ['act.five', '周五'],
    ] as const) {
      const res = await registerPerson(server.baseUrl, {
        username,
        password: PASSWORD,
        displayName,
      });
      expect(res.status).toBe(201);
      const s = new ApiSession(server.baseUrl);
      await s.call('POST', '/api/auth/login', { username, password: PASSWORD });
      people[username] = s;
    }
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** A phone-sized browser signed in as one of the people. */
  async function phoneAs(username: string) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    await context.addCookies(people[username]!.cookieList(server.baseUrl));
    page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    return page;
  }

  it('five register for three places, one cancels, the first waiting takes the place', async () => {
    screenshotOnFailure(() => page, 'activities-portal');
    let p = await phoneAs('act.one');
    await p.goto('/');
    // The home shows the coming activities below the hero, with the way to all of them.
    const coming = p.locator('section', {
      has: p.getByRole('heading', { level: 2, name: '近期活动' }),
    });
    await coming.getByRole('link', { name: '全部活动' }).waitFor();
    await expect.poll(() => coming.locator('.activity-card').count()).toBe(6);
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectNoAxeViolations(p, 'home with 近期活动 (360 px)');
    await p
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '科普活动' })
      .click();
    await p.getByRole('heading', { level: 1, name: '科普活动' }).waitFor();
    await p.getByRole('link', { name: TITLE }).waitFor();
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectNoAxeViolations(p, 'activities (list, 360 px)');

    // The campaigns say their edition; the month calendar lists the days that have activities.
    await p
      .getByText(/第\d+个世界地球日/)
      .first()
      .waitFor();
    await p.locator('.ant-segmented-item', { hasText: '月历' }).click();
    await p.locator('.act-day-busy').first().waitFor();
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectNoAxeViolations(p, 'activities (month, 360 px)');
    await p.locator('.ant-segmented-item', { hasText: '周历' }).click();
    await p.getByRole('button', { name: '下一周' }).waitFor();
    await expectNoAxeViolations(p, 'activities (week, 360 px)');
    // Back to the list (the switch's thumb may still be moving: click until the list shows).
    await expect
      .poll(async () => {
        await p!.locator('.ant-segmented-item', { hasText: '列表' }).click();
        return p!.getByLabel('开始日期').isVisible();
      })
      .toBe(true);

    // A keyword narrows the list to the talk.
    await p.getByLabel('关键词').fill('进校园');
    await p.getByLabel('关键词').press('Enter');
    await expect.poll(() => p.locator('.activity-card').count()).toBe(1);
    const card = p.locator('.activity-card');
    expect(await card.textContent()).toContain('余 3 个名额（共 3 个）');
    await card.getByRole('link', { name: TITLE }).click();
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await p.getByRole('link', { name: '添加到日历' }).waitFor();
    await expectNoAxeViolations(p, 'activity (360 px)');
    await p.getByRole('button', { name: '立即报名' }).click();
    await p.getByText('已报名，电子票已放入“我的活动报名”。').waitFor();
    await expectNoAxeViolations(p, 'activity (registered)');

    // Two more take the last places; the fourth and fifth wait.
    const list = await people['act.two']!.call<{ items: { id: string; title: string }[] }>(
      'GET',
      `/api/public/activities?q=${encodeURIComponent('进校园')}`,
    );
    const id = list.items.find((a) => a.title === TITLE)!.id;
    for (const u of ['act.two', 'act.three'])
      expect(
        (
          await people[u]!.call<{ status: string }>(
            'POST',
            `/api/activities/${id}/registrations`,
            {},
          )
        ).status,
      ).toBe('CONFIRMED');

    p = await phoneAs('act.four');
    await p.goto(`/activities/${id}`);
    await p.getByText('名额已满', { exact: false }).first().waitFor();
    await p.getByRole('button', { name: '加入候补' }).click();
    await p.getByText('名额已满，您是候补第 1 位。').waitFor();
    const fifth = await people['act.five']!.call<{ status: string; position: number }>(
      'POST',
      `/api/activities/${id}/registrations`,
      {},
    );
    expect(fifth).toMatchObject({ status: 'WAITLISTED', position: 2 });
    await p.goto('/me');
    await p.getByRole('heading', { level: 2, name: '我的活动报名' }).waitFor();
    await p.getByText('候补第 1 位').waitFor();
    await expectNoAxeViolations(p, 'me (waiting)');

    // The first cancels in 我的: the dialog says the place goes on and cannot be undone.
    p = await phoneAs('act.one');
    await p.goto('/me');
    await p.getByRole('img', { name: '入场二维码' }).waitFor();
    await p.getByRole('button', { name: '取消报名' }).click();
    await p.getByText(/名额会立即转给候补名单上的下一位，无法撤销/).waitFor();
    await expectNoAxeViolations(p, 'me (cancel dialog)');
    await confirmStep(p, `取消“${TITLE}”的报名？`, '取消报名');
    await p.getByText('已取消报名').first().waitFor();

    // The first waiting is offered the place, sees the deadline and takes it: the message's link
    // (/me/registrations) opens 我的 at the list.
    p = await phoneAs('act.four');
    await p.goto('/me/registrations');
    await p.getByText('待确认名额').waitFor();
    expect(new URL(p.url()).pathname).toBe('/me');
    await p.waitForFunction(() => document.activeElement?.id === 'my-registrations');
    await p.getByText(/请在 .+ 前确认，逾期名额将递补给下一位/).waitFor();
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectNoAxeViolations(p, 'me (offered)');
    await p.getByRole('button', { name: '确认参加' }).click();
    await p.getByRole('img', { name: '入场二维码' }).waitFor();
    await p.locator('.registration').getByText('已报名', { exact: true }).waitFor();
    await p.getByRole('link', { name: '打印电子票' }).click();
    await p.getByRole('heading', { level: 1, name: '电子票' }).waitFor();
    await p.getByRole('img', { name: '入场二维码' }).waitFor();
    expect(await p.locator('.ticket').textContent()).toContain('李四');
    await expectNoAxeViolations(p, 'ticket');

    // The activity page now shows it full with one still waiting.
    await p.goto(`/activities/${id}`);
    await p.getByText('名额已满，1 人候补').first().waitFor();
  });
});
