import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Notices-2024!';
const CALL = '2026 年度科普讲解大赛';
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const shift = (n: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describeWithBrowser('public notices, footer pages and registration checks', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ended: string;
  let callId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    await admin.call('PUT', '/api/site-info', {
      icpNumber: '京ICP备12345678号-1',
      psbNumber: '京公网安备11010502000001号',
      contact: {
        organisation: '自然资源部科普工作办公室',
        address: '北京市西城区阜成门内大街 64 号',
        postcode: '100812',
        phone: '010-66558000',
        email: 'kepu@example.gov.cn',
        hours: '工作日 9:00–17:00',
      },
    });
    // The office organises a call; a museum's staff member applies twice.
    const office = await orgByName(admin, '自然资源部科普工作办公室');
    const museum = await orgByName(admin, '湖南省地质博物馆');
    for (const [username, displayName, role, organisationId] of [
      ['organiser', '陈处长', 'EDITOR', office.id],
      ['applicant', '刘讲解员', 'MEMBER', museum.id],
    ] as const)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId,
      });
    const organiser = new ApiSession(server.baseUrl);
    await organiser.call('POST', '/api/auth/login', { username: 'organiser', password: PASSWORD });
    const applicant = new ApiSession(server.baseUrl);
    await applicant.call('POST', '/api/auth/login', { username: 'applicant', password: PASSWORD });
    const call = await organiser.call<{ id: string }>('POST', '/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: CALL,
      opensAt: TODAY,
      closesAt: '2099-12-31',
      form: { fields: [], attachments: [] },
      rubric: [],
      stages: [{ kind: 'DECISION' }, { kind: 'PUBLIC_NOTICE' }],
    });
    await organiser.call('POST', `/api/review-calls/${call.id}/open`);
    callId = call.id;
    const accepted: string[] = [];
    for (const title of [
      '《地球的年轮》讲解',
      '《矿物的光》讲解',
      '《海岸线》讲解',
      '《冰川》讲解',
    ]) {
      const item = await applicant.call<{ id: string }>(
        'POST',
        `/api/review-calls/${call.id}/items`,
        { organisationId: museum.id, title },
      );
      await applicant.call('POST', `/api/review-items/${item.id}/submit`);
      await organiser.call('POST', `/api/review-items/${item.id}/decide`, {
        decision: 'ACCEPT',
        reason: '讲解生动，科学准确',
      });
      accepted.push(item.id);
    }
    // One notice ended last month (closed: its items confirmed), one runs now.
    ended = (
      await organiser.call<{ id: string }>('POST', `/api/review-calls/${call.id}/notices`, {
        title: `${CALL}一等奖拟授奖名单公示`,
        startsAt: shift(-40),
        endsAt: shift(-33),
        itemIds: accepted.slice(0, 2),
      })
    ).id;
    await organiser.call('POST', `/api/review-notices/${ended}/close`);
    await organiser.call('POST', `/api/review-calls/${call.id}/notices`, {
      title: `${CALL}二等奖拟授奖名单公示`,
      startsAt: TODAY,
      itemIds: accepted.slice(2, 3),
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the footer leads to 联系我们 and 网站地图 and shows the 备案号', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, 'footer-pages');
    await page.goto('/');
    const footer = page.getByRole('contentinfo');
    const icp = footer.getByRole('link', { name: '京ICP备12345678号-1' });
    await icp.waitFor();
    expect(await icp.getAttribute('href')).toBe('https://beian.miit.gov.cn/');
    expect(
      await footer.getByRole('link', { name: '京公网安备11010502000001号' }).getAttribute('href'),
    ).toBe('https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001');

    await footer.getByRole('link', { name: '联系我们' }).click();
    await page.getByRole('heading', { level: 1, name: '联系我们' }).waitFor();
    await page.getByText('北京市西城区阜成门内大街 64 号').waitFor();
    expect(await page.getByRole('link', { name: 'kepu@example.gov.cn' }).getAttribute('href')).toBe(
      'mailto:kepu@example.gov.cn',
    );
    await expectNoAxeViolations(page, 'contact');

    await footer.getByRole('link', { name: '网站地图' }).click();
    await page.getByRole('heading', { level: 1, name: '网站地图' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: '往期公示' }).waitFor();
    await expectNoAxeViolations(page, 'site map');
    await footer.getByRole('link', { name: '隐私政策' }).click();
    await page.waitForURL((u) => u.pathname === '/privacy');
    await context.close();
  });

  it('公示: the current notices, then the archive with its outcome, and an ended notice’s page', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, 'notices-archive');
    await page.goto('/');
    await page.getByRole('banner').getByRole('link', { name: '公示' }).click();
    await page.getByRole('heading', { level: 1, name: '公示' }).waitFor();
    const current = page.getByRole('tabpanel', { name: '正在公示' });
    await current.getByRole('link', { name: `${CALL}二等奖拟授奖名单公示` }).waitFor();
    expect(await current.getByText(`${CALL}一等奖拟授奖名单公示`).count()).toBe(0);
    await expectNoAxeViolations(page, 'notices (current)');

    await page.getByRole('tab', { name: '往期公示' }).click();
    await page.waitForURL((u) => u.search === '?tab=past');
    const past = page.getByRole('tabpanel', { name: '往期公示' });
    const link = past.getByRole('link', { name: `${CALL}一等奖拟授奖名单公示` });
    await link.waitFor();
    await past.getByText(`公示期：${shift(-40)} 至 ${shift(-33)}`).waitFor();
    await past.getByText('公示结果：共 2 项，2 项公示期满无异议').waitFor();
    expect(await past.getByText(`${CALL}二等奖拟授奖名单公示`).count()).toBe(0);
    await expectNoAxeViolations(page, 'notices (past)');

    await link.click();
    await page.waitForURL((u) => u.pathname === `/notices/${ended}`);
    await page.getByRole('heading', { level: 1, name: `${CALL}一等奖拟授奖名单公示` }).waitFor();
    await page.getByRole('columnheader', { name: '公示结果' }).waitFor();
    expect(await page.getByRole('cell', { name: '无异议' }).count()).toBe(2);
    await page.getByText('公示期已结束。').waitFor();
    await expectNoAxeViolations(page, 'ended notice');
    // Its breadcrumb leads back to the archive.
    await page.getByRole('main').getByRole('link', { name: '往期公示' }).click();
    await page.getByRole('tab', { name: '往期公示', selected: true }).waitFor();
    await context.close();
  });

  it('the console’s 发布公示 form offers 5 working days and fills in the last day', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, 'notice-form');
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill('organiser');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，陈处长' }).waitFor();
    await page.goto(`/admin/reviews/${callId}`);
    const notice = page.getByRole('region', { name: '公示' });
    await notice.getByLabel(/《冰川》讲解/).waitFor();
    expect(await notice.getByLabel('公示期（工作日）').inputValue()).toBe('5');
    // Five working days from today, weekends skipped (no holidays entered in this database).
    let end = TODAY;
    for (let counted = 0, i = 0; counted < 5; i++) {
      const d = shift(i);
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) {
        counted++;
        end = d;
      }
    }
    const endsAt = notice.getByLabel('公示结束');
    await expect.poll(() => endsAt.inputValue()).toBe(end);
    await notice.getByLabel('公示期（工作日）').fill('1');
    await expect.poll(() => endsAt.inputValue()).not.toBe(end);
    await expectNoAxeViolations(page, 'notice form');
    await context.close();
  });

  it('registration says whether the username is free as it is typed', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, 'register-username');
    await page.goto('/register');
    await page.getByRole('heading', { level: 1, name: '注册' }).waitFor();
    const username = page.getByLabel('用户名');
    await username.pressSequentially('applicant', { delay: 30 });
    await page.getByRole('status').filter({ hasText: '该用户名已被使用' }).waitFor();
    await expectNoAxeViolations(page, 'register (username taken)');
    await username.fill('');
    await username.pressSequentially('applicant2026', { delay: 30 });
    await page.getByRole('status').filter({ hasText: '该用户名可以使用' }).waitFor();
    await context.close();
  });

  it('我的 lists the person’s applications with their status, and their latest messages', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, 'me-applications');
    await page.goto('/login');
    await page.getByLabel('用户名').fill('applicant');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('banner').getByRole('link', { name: '我的（刘讲解员）' }).click();
    const apps = page.getByRole('region', { name: '我的申报' });
    const row = (title: string) => apps.getByRole('row').filter({ hasText: title });
    await row('《地球的年轮》讲解').getByText('已确认入选').waitFor();
    await row('《海岸线》讲解').getByText('公示中').waitFor();
    await row('《海岸线》讲解').getByText(CALL).waitFor();
    const messages = page.getByRole('region', { name: '最新消息' });
    await messages.getByRole('link', { name: '查看全部消息' }).waitFor();
    await expectNoAxeViolations(page, 'me (applications)');
    await context.close();
  });
});
