import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiSession, orgByName, setupAdmin } from './api.ts';
import {
  atBothWidths,
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

const PASSWORD = 'Kepu-Squads-2024!';
const SQUAD = '长沙市实验小学第二李四光中队';

describeWithBrowser('李四光中队 journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: ApiSession;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const school = await orgByName(admin, '长沙市实验小学');
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    for (const [username, displayName, role, organisationId] of [
      ['teacher', '罗老师', 'MEMBER', school.id],
      ['province', '彭处长', 'EDITOR', hunan.id],
    ] as const)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
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

  it('a teacher applies for a squad, picking the school and seeing the counsellors of it', async () => {
    screenshotOnFailure(() => page, 'squads-apply');
    await login('teacher', '罗老师');
    await menu().getByRole('link', { name: '李四光中队' }).click();
    await page.getByRole('heading', { level: 1, name: '李四光中队' }).waitFor();
    await expectNoAxeViolations(page, 'squads list');
    await page.getByRole('button', { name: '申请创建中队' }).click();
    await page.getByRole('heading', { level: 1, name: '申请创建李四光中队' }).waitFor();
    const form = page.locator('form#squad-apply');
    // Submitting empty names the fields.
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => form.getByText('请填写所在学校').count()).toBe(1);
    await pickOption(page, form, '所在学校', '长沙市实验小学', '实验');
    await form.getByLabel('中队名称').fill(SQUAD);
    await form.getByLabel('中队简介').fill('以矿物与岩石为主题的小小地质员中队');
    await pickOption(page, form, '辅导员', '罗老师');
    await form.getByLabel('辅导员联系电话').fill('0731-84111111');
    await expectNoAxeViolations(page, 'squad apply');
    await form.getByRole('button', { name: '提交申请' }).click();
    await page.getByRole('heading', { level: 1, name: SQUAD }).waitFor();
    await expect.poll(() => page.getByText('待审批', { exact: true }).count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByText('湖南省自然资源厅', { exact: true }).count())
      .toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'squad pending');
  });

  it('the province finds it in its to-do and approves it, after saying what approval does', async () => {
    screenshotOnFailure(() => page, 'squads-approve');
    await login('province', '彭处长');
    const todo = page.getByRole('link', { name: SQUAD });
    await todo.click();
    await page.getByRole('heading', { level: 1, name: SQUAD }).waitFor();
    // The department sees the count of members, never the children.
    await page.getByText(/只有辅导员和学校管理员可以查看名单/).waitFor();
    await page.getByRole('button', { name: '批准创建' }).click();
    await confirmStep(page, `批准创建“${SQUAD}”？`, '批准创建');
    await expect.poll(() => page.getByText('已批准', { exact: true }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'squad approved');
  });

  it('the counsellor records a member only with the guardian’s consent, an activity and the year', async () => {
    screenshotOnFailure(() => page, 'squads-members');
    await login('teacher', '罗老师');
    await menu().getByRole('link', { name: '李四光中队' }).click();
    await page.getByRole('link', { name: SQUAD }).click();
    await page.getByRole('heading', { level: 1, name: SQUAD }).waitFor();
    await page.getByRole('button', { name: '登记队员' }).click();
    const dialog = page.getByRole('dialog', { name: '登记队员' });
    await dialog.getByLabel('姓名', { exact: true }).fill('石头');
    await pickOption(page, dialog, '年级', '小学五年级');
    await dialog.getByLabel('监护人姓名').fill('石爸爸');
    await dialog.getByLabel('监护人电话').fill('13912345678');
    await dialog.getByRole('button', { name: '登记队员' }).click();
    // No consent: refused on the spot, in words.
    await expect
      .poll(() => dialog.getByText('没有监护人同意，不能登记未成年人的信息').count())
      .toBeGreaterThan(1);
    await dialog.getByRole('checkbox', { name: '监护人已同意中队登记孩子的姓名和年级' }).check();
    await expectNoAxeViolations(page, 'add member dialog');
    await dialog.getByRole('button', { name: '登记队员' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: '石头' });
    await expect.poll(() => row.getByText('小学五年级').count()).toBe(1);
    await expectNoAxeViolations(page, 'members');

    await page.getByRole('tab', { name: '活动记录' }).click();
    await page.getByRole('button', { name: '记录活动' }).click();
    const act = page.getByRole('dialog', { name: '记录活动' });
    await act.getByText('其他活动').click();
    await act.getByLabel('活动名称').fill('校园矿物标本展');
    await act.getByLabel('参加人数').fill('12');
    await act.getByRole('button', { name: '记录活动' }).click();
    await act.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: '校园矿物标本展' }).waitFor();

    await page.getByRole('tab', { name: '年度记录' }).click();
    const record = page.getByRole('tabpanel', { name: '年度记录' });
    await expect.poll(() => record.getByText('参加人次').count()).toBe(1);
    await expect.poll(() => record.locator('td').filter({ hasText: /^12$/ }).count()).toBe(1);
    await record.getByLabel('年度总结').fill('本年度开展标本展一次。');
    await record.getByRole('button', { name: '保存年度总结' }).click();
    await page.getByText('已保存').waitFor();
    await expectNoAxeViolations(page, 'year record');

    // A leaving member: the page says what cannot be undone before it happens.
    await page.getByRole('tab', { name: '队员' }).click();
    await row.getByRole('button', { name: '离队' }).click();
    const ask = page.getByRole('dialog', { name: '石头 离队？' });
    await ask.getByText(/监护人电话将被删除且不能恢复/).waitFor();
    await confirmStep(page, '石头 离队？', '离队');
    await expect.poll(() => row.getByText('13912345678').count()).toBe(0);
    await atBothWidths(page, 'squad');
  });

  it('the public finds the approved squads from 科普活动, with no child named', async () => {
    screenshotOnFailure(() => page, 'squads-public');
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/activities');
    await page.getByRole('link', { name: '李四光中队名录' }).click();
    await page.getByRole('heading', { level: 1, name: '李四光中队名录' }).waitFor();
    await page.getByRole('heading', { level: 2, name: SQUAD }).waitFor();
    await page.getByRole('heading', { level: 2, name: '长沙市实验小学李四光中队' }).waitFor();
    expect(await page.getByText('石头').count()).toBe(0);
    expect(await page.getByText('小雨').count()).toBe(0);
    // The application still waiting is not listed.
    expect(await page.getByText('株洲市第二中学李四光中队').count()).toBe(0);
    await page.getByPlaceholder('按中队或学校名称查找').fill('第二');
    await page.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).count()).toBe(1);
    await expectNoAxeViolations(page, 'public squads');
    await atBothWidths(page, 'public-squads');
  });
});
