import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
import {
  confirmStep,
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  pickOption,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Activities-2024!';
const MAIN = '2099年世界地球日主场活动';
const WEEKLY = '周末岩石课堂';

describeWithBrowser('activities console journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: ApiSession;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const office = await orgByName(admin, '自然资源部科普工作办公室');
    const museum = await orgByName(admin, '湖南省地质博物馆');
    for (const [username, displayName, organisationId] of [
      ['office', '陈处长', office.id],
      ['host', '刘馆长', museum.id],
    ] as const)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role: 'EDITOR',
        organisationId,
      });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function login(username: string, name: string) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: `欢迎，${name}` }).waitFor();
  }
  const menu = () => page.getByRole('navigation', { name: '科普活动' });
  const status = () => page.locator('.activity-status').first();

  /** Fills the common part of the new-activity form. */
  async function basics(title: string, type: string) {
    await menu().getByRole('link', { name: '活动管理' }).click();
    await page.getByRole('heading', { level: 1, name: '活动管理' }).waitFor();
    await expectNoAxeViolations(page, 'activities list');
    await page.getByRole('button', { name: '新建活动' }).click();
    await page.getByRole('heading', { level: 1, name: '新建活动' }).waitFor();
    const form = page.locator('form#activity');
    await form.getByLabel('活动名称').fill(title);
    await pickOption(page, form, '活动类型', type, type);
    return form;
  }

  it('the office enters the Earth Day campaign and its main-venue activity, approved from its to-do', async () => {
    screenshotOnFailure(() => page, 'activities-office');
    await login('office', '陈处长');
    await menu().getByRole('link', { name: '主题日活动' }).click();
    await page.getByRole('heading', { level: 1, name: '主题日活动' }).waitFor();
    await expectNoAxeViolations(page, 'campaigns');
    await page.getByRole('button', { name: '录入主题日活动' }).click();
    const dialog = page.getByRole('dialog', { name: '录入主题日活动' });
    await pickOption(page, dialog, '主题日', '世界地球日');
    await dialog.getByLabel('年度').fill('2099');
    await dialog.getByLabel('开始日期').fill('2099-04-20');
    await dialog.getByLabel('结束日期').fill('2099-04-26');
    await dialog.getByLabel('主题', { exact: true }).fill('珍爱地球 人与自然和谐共生');
    await dialog.getByLabel('文号').fill('自然资办函〔2099〕1号');
    await dialog.getByRole('switch', { name: '所属活动须经办公室审核' }).click();
    await expectNoAxeViolations(page, 'new campaign');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('tr.ant-table-row').filter({ hasText: '世界地球日' });
    await row.getByText('2099-04-20 ~ 2099-04-26').waitFor();
    await row.getByText('自然资办函〔2099〕1号').waitFor();

    // The main-venue activity, linked to the campaign: publishing sends it for approval.
    const form = await basics(MAIN, '主场活动');
    await pickOption(page, form, '所属主题日活动', '2099 世界地球日');
    await form.getByLabel('详细地址').fill('北京市西城区 中国地质博物馆');
    await form.getByLabel('日期').fill('2099-04-22');
    await form.getByLabel('开始时间').fill('09:00');
    await form.getByLabel('结束时间').fill('11:30');
    await expectNoAxeViolations(page, 'new activity (one session)');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('heading', { level: 1, name: MAIN }).waitFor();
    expect(await status().textContent()).toBe('草稿');
    await page.getByRole('button', { name: '发布活动' }).click();
    const ask = page.getByRole('dialog', { name: `发布活动“${MAIN}”？` });
    await ask.getByText('场次与报名设置不能再修改').waitFor();
    await expectNoAxeViolations(page, 'confirm: publish');
    await confirmStep(page, `发布活动“${MAIN}”？`, '发布活动');
    await page.locator('.activity-status').filter({ hasText: '待审核' }).waitFor();

    // The office's to-do names it; approving publishes it.
    await page.goto('/admin');
    await page.getByRole('link', { name: MAIN }).first().click();
    await page.getByRole('heading', { level: 1, name: '活动审核' }).waitFor();
    await expectNoAxeViolations(page, 'activities to approve');
    await page
      .locator('tr.ant-table-row')
      .filter({ hasText: MAIN })
      .getByRole('button', { name: '通过' })
      .click();
    await confirmStep(page, `通过“${MAIN}”？`, '通过');
    await page.getByText('没有待审核的活动').waitFor();
    const pub = await admin.call<{ items: { title: string }[] }>(
      'GET',
      '/api/public/activities?from=2099-04-01&to=2099-04-30',
    );
    expect(pub.items.map((i) => i.title)).toContain(MAIN);
  });

  it('a base’s staff publishes a weekly activity with 3 places; the registrations page shows who came', async () => {
    screenshotOnFailure(() => page, 'activities-host');
    await login('host', '刘馆长');
    const form = await basics(WEEKLY, '科普讲座');
    await form.getByLabel('详细地址').fill('长沙市岳麓区 湖南省地质博物馆');
    await form.getByRole('radio', { name: '周期重复' }).check();
    await form.getByLabel('首场日期').fill('2099-05-02');
    await form.getByRole('checkbox', { name: '周六' }).check();
    await form.getByLabel('共几场').fill('4');
    await form.getByRole('button', { name: '添加例外日期' }).click();
    await form.getByLabel('日期 1').fill('2099-05-09');
    await page.getByRole('status').filter({ hasText: '将生成 3 场' }).waitFor();
    await form.getByLabel('名额').fill('3');
    await expectNoAxeViolations(page, 'new activity (recurring)');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('heading', { level: 1, name: WEEKLY }).waitFor();
    const sessions = page.locator('tr.ant-table-row');
    await expect.poll(() => sessions.count()).toBe(3);
    await page.getByText('2099-05-16 09:30').waitFor();
    await expect.poll(() => page.getByText('2099-05-09 09:30').count()).toBe(0);
    await expectNoAxeViolations(page, 'activity (draft)');
    await page.getByRole('button', { name: '发布活动' }).click();
    await confirmStep(page, `发布活动“${WEEKLY}”？`, '发布活动');
    await page.locator('.activity-status').filter({ hasText: '已发布' }).waitFor();
    const url = page.url();
    const id = url.split('/').pop()!;

    // Four people register for the first session: three places, one waits.
    const detail = await admin.call<{ sessions: { id: string }[] }>('GET', `/api/activities/${id}`);
    for (const [i, name] of ['王小明', '李小红', '赵小刚', '钱小丽'].entries()) {
      const username = `visitor${i}`;
      expect(
        (await registerPerson(server.baseUrl, { username, password: PASSWORD, displayName: name }))
          .status,
      ).toBe(201);
      const s = new ApiSession(server.baseUrl);
      await s.call('POST', '/api/auth/login', { username, password: PASSWORD });
      // The new activity's registration form asks name and phone by default.
      await s.call('POST', `/api/activities/${id}/registrations`, {
        sessionId: detail.sessions[0]!.id,
        answers: { xingMing: name, shouJiHao: `1380013800${i}` },
      });
    }

    await page.getByRole('link', { name: '报名管理' }).click();
    await page.getByRole('heading', { level: 1, name: `报名管理：${WEEKLY}` }).waitFor();
    const regs = page.locator('tr.ant-table-row');
    await expect.poll(() => regs.count()).toBe(4);
    await page.getByText('2099-05-02 09:30：已报名 3 人，已签到 0 人').waitFor();
    const waiting = regs.filter({ hasText: '钱小丽' });
    await waiting.getByText('候补中').waitFor();
    await waiting.getByText('手机号：13800138003').waitFor();
    await expectNoAxeViolations(page, 'registrations');
    await pickOption(page, page.locator('main'), '报名状态', '候补中');
    await expect.poll(() => regs.count()).toBe(1);
    await page.getByRole('button', { name: '通知报名者' }).click();
    const msg = page.getByRole('dialog', { name: '通知全部报名者' });
    await msg.getByLabel('标题').fill('集合地点');
    await msg.getByLabel('内容').fill('请到博物馆东门集合。');
    await expectNoAxeViolations(page, 'message registrants');
    await msg.getByRole('button', { name: '发送通知' }).click();
    await page.getByText('已通知 4 人').waitFor();
  });
});
