import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshTotpCode } from '../server/test/totp-clock.ts';
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

const ADMIN_PASSWORD = 'Kepu-Admin-2024!';
const QINGHAI_PASSWORD = 'Qinghai-Admin-2024!';

/** The organisations table's row for this name. */
const orgRow = (page: Page, name: string) =>
  page.locator('tr.ant-table-row').filter({ has: page.getByText(name, { exact: true }) });

describeWithBrowser('console journeys', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let adminSecret = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the first admin sets up, enrols TOTP, creates a province and its admin, who sees only their subtree', async () => {
    expect(server.setupUrl, 'setup link printed at first start').toBeTruthy();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');

    // First-run setup through the one-time link.
    await page.goto(server.setupUrl!);
    await page.getByRole('heading', { level: 1, name: '平台初始化' }).waitFor();
    await expectNoAxeViolations(page, 'setup');
    await page.getByLabel('用户名').fill('office.admin');
    await page.getByLabel('姓名或昵称').fill('陈主任');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '创建管理员' }).click();

    // A platform admin must enrol TOTP before anything else.
    await page.getByRole('heading', { level: 1, name: '绑定动态口令' }).waitFor();
    const secretBox = page.getByTestId('totp-secret');
    await secretBox.waitFor();
    const shown = (await secretBox.textContent()) ?? '';
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    await expectNoAxeViolations(page, 'totp enrolment');
    adminSecret = shown.replaceAll(' ', '');
    await page.getByLabel('动态口令').fill(await freshTotpCode(adminSecret));
    await page.getByRole('button', { name: '完成绑定' }).click();
    // The ten recovery codes are shown once; going on needs "I have saved them".
    await page.getByRole('heading', { name: '保存恢复码' }).waitFor();
    await page.getByRole('checkbox', { name: '我已妥善保存恢复码' }).check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，陈主任' }).waitFor();
    const menu = page.getByRole('navigation', { name: '系统管理' });
    for (const item of ['组织机构', '用户与角色', '基础数据', '审计日志']) {
      await menu.getByRole('link', { name: item }).waitFor();
    }
    await expectNoAxeViolations(page, 'console home');

    // 组织机构: a provincial department under the ministry.
    await menu.getByRole('link', { name: '组织机构' }).click();
    await page.getByRole('heading', { level: 1, name: '组织机构' }).waitFor();
    await orgRow(page, '湖南省自然资源厅').waitFor();
    await expectNoAxeViolations(page, 'organisations');
    await orgRow(page, '自然资源部').getByRole('button', { name: '新建下级' }).click();
    const dialog = page.getByRole('dialog', { name: '在“自然资源部”下新建机构' });
    await dialog.waitFor();
    await pickOption(page, dialog, '类型', '省级自然资源主管部门');
    await dialog.getByLabel('名称', { exact: true }).fill('青海省自然资源厅');
    // The division from a cascader, never a typed code.
    await dialog.getByLabel('行政区划').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '青海省' }).first().click();
    await page.keyboard.press('Escape');
    await expectNoAxeViolations(page, 'new organisation dialog');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    const qinghai = orgRow(page, '青海省自然资源厅');
    await qinghai.waitFor();
    expect(await qinghai.textContent()).toContain('青海省');
    expect(await qinghai.textContent()).not.toContain('630000');
    expect(await qinghai.textContent()).toContain('省级自然资源主管部门');

    // 用户与角色: an ORG_ADMIN on the new department.
    await menu.getByRole('link', { name: '用户与角色' }).click();
    await page.getByRole('heading', { level: 1, name: '用户与角色' }).waitFor();
    await page.locator('tr.ant-table-row').filter({ hasText: 'office.admin' }).waitFor();
    await expectNoAxeViolations(page, 'users');
    await page.getByRole('button', { name: '新建用户' }).click();
    const create = page.getByRole('dialog', { name: '新建用户' });
    await create.waitFor();
    await create.getByLabel('用户名').fill('qinghai.admin');
    await create.getByLabel('姓名').fill('李青海');
    await create.getByLabel('初始密码').fill(QINGHAI_PASSWORD);
    await pickOption(page, create, '角色', '组织管理员');
    await pickOption(page, create, '机构', '青海省自然资源厅', '青海');
    await create.getByRole('button', { name: '保存' }).click();
    await create.waitFor({ state: 'detached' });
    const row = page.locator('tr.ant-table-row').filter({ hasText: 'qinghai.admin' });
    await row.waitFor();
    expect(await row.textContent()).toContain('组织管理员 · 青海省自然资源厅');
    // Disabling an account asks first, says what happens, and only then disables it.
    await row.getByRole('button', { name: 'qinghai.admin' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '用户详情：李青海' });
    await drawer.getByRole('button', { name: '停用账号' }).click();
    const ask = page.getByRole('dialog', { name: '停用李青海的账号？' });
    await ask.getByText('停用后李青海立即退出登录，不能再登录').waitFor();
    await expectNoAxeViolations(page, 'confirm: disable an account');
    await ask.getByRole('button', { name: '取消' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(await drawer.getByText('已停用').count()).toBe(0);
    await drawer.getByRole('button', { name: '停用账号' }).click();
    await ask.getByRole('button', { name: '停用账号' }).click();
    await drawer.getByText('已停用').waitFor();
    await drawer.getByRole('button', { name: '启用账号' }).click();
    await drawer.getByRole('button', { name: '停用账号' }).waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Log out; the new organisation admin logs in.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '管理后台登录' }).waitFor();
    await expectNoAxeViolations(page, 'console login');
    await page.getByLabel('用户名').fill('qinghai.admin');
    await page.getByLabel('密码').fill(QINGHAI_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，李青海' }).waitFor();
    await expect
      .poll(() => menu.getByRole('link').allTextContents())
      .toEqual(['组织机构', '用户与角色', '加入单位申请']);
    await menu.getByRole('link', { name: '组织机构' }).click();
    await orgRow(page, '青海省自然资源厅').waitFor();
    const names = await page.locator('tr.ant-table-row .org-label').allTextContents();
    expect(names).toEqual(['青海省自然资源厅']);
    expect(await page.getByText('湖南省自然资源厅').count()).toBe(0);
    await expectNoAxeViolations(page, 'organisations (province admin)');

    // At 360 px the side menu becomes a drawer and nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await menu.isVisible()).toBe(false);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawerMenu = page.getByRole('dialog').getByRole('navigation', { name: '系统管理' });
    await drawerMenu.getByRole('link', { name: '用户与角色' }).click();
    await page.getByRole('heading', { level: 1, name: '用户与角色' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await context.close();
  });

  it('an admin with TOTP is asked for the code at login', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    await page.goto('/admin/audit');
    await page.getByRole('heading', { level: 1, name: '管理后台登录' }).waitFor();
    await page.getByLabel('用户名').fill('office.admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('动态口令').waitFor();
    await expectNoAxeViolations(page, 'console login (code)');
    expect(adminSecret, 'secret from the enrolment journey').not.toBe('');
    await page.getByLabel('动态口令').fill(await freshTotpCode(adminSecret));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    // Actions read as words, the object by its name (the province created in the first journey).
    await page
      .locator('tr.ant-table-row')
      .filter({ hasText: '新建组织' })
      .filter({ hasText: '青海省自然资源厅' })
      .filter({ hasText: '省级自然资源主管部门' })
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'audit');
    await page.getByRole('button', { name: '校验完整性' }).click();
    await page.getByRole('status').filter({ hasText: '审计日志完整' }).waitFor();

    await page
      .getByRole('navigation', { name: '系统管理' })
      .getByRole('link', { name: '基础数据' })
      .click();
    await page.getByRole('heading', { level: 1, name: '基础数据' }).waitFor();
    await page.locator('.kind-switch').getByText('主题日', { exact: true }).click();
    expect(await page.getByRole('radio', { name: '主题日' }).isChecked()).toBe(true);
    await page.locator('tr.ant-table-row').filter({ hasText: '世界地球日' }).waitFor();
    await expectNoAxeViolations(page, 'reference data');

    // 后台任务: the schedules the platform queued at start, by their names, in words.
    await page
      .getByRole('navigation', { name: '系统管理' })
      .getByRole('link', { name: '后台任务' })
      .click();
    await page.getByRole('heading', { level: 1, name: '后台任务' }).waitFor();
    const expiry = page.locator('tr.ant-table-row').filter({ hasText: '科普基地命名到期' });
    await expiry.first().waitFor();
    expect(await expiry.first().textContent()).toContain('排队中');
    await expectNoAxeViolations(page, 'jobs');
    await expiry
      .first()
      .getByRole('button', { name: /立即执行/ })
      .click();
    await page.getByText('已安排立即执行').waitFor();
    await context.close();
  });
});
