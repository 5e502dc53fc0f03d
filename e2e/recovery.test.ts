import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiSession, orgByName, setupAdmin } from './api.ts';
import {
  atBothWidths,
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  pickOption,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORDS = {
  admin: 'Hunan-Admin-2024!',
  member: 'Hunan-Member-2024!',
  memberNew: 'Hunan-Member-New-2025!',
  temp: 'Hunan-Temp-2024!',
  tempGiven: 'Given-Temp-2025!',
  tempOwn: 'Own-Choice-2025!',
  guangdong: 'Guangdong-Editor-2024!',
};

const shots = atBothWidths;

/** Signs in on the portal's login page. */
async function portalLogin(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

const userRow = (page: Page, username: string) =>
  page.locator('tr.ant-table-row').filter({ hasText: username });

describeWithBrowser('account recovery and invitations', () => {
  let server: Server;
  let browser: Browser;
  let admin: ApiSession;
  let office: BrowserContext;
  let officePage: Page;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    const guangdong = await orgByName(admin, '广东省自然资源厅');
    const people: [string, string, string, string, string][] = [
      ['hunan.admin', '李湖南', PASSWORDS.admin, 'ORG_ADMIN', hunan.id],
      ['hn.member', '张成员', PASSWORDS.member, 'MEMBER', hunan.id],
      ['hn.temp', '王临时', PASSWORDS.temp, 'MEMBER', hunan.id],
      ['gd.editor', '黄广东', PASSWORDS.guangdong, 'EDITOR', guangdong.id],
    ];
    for (const [username, displayName, password, role, organisationId] of people)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password,
        role,
        organisationId,
      });
    await admin.call('PUT', '/api/privacy-settings', {
      guardianConsentAge: 14,
      accountHelpContact: '科普工作办公室 010-66558888',
    });
    // The province's administrator works in the console throughout.
    office = await newContext(browser, server.baseUrl);
    officePage = await office.newPage();
    await officePage.goto('/admin/users');
    await officePage.getByLabel('用户名').fill('hunan.admin');
    await officePage.getByLabel('密码').fill(PASSWORDS.admin);
    await officePage.getByRole('button', { name: '登录' }).click();
    await officePage.getByRole('heading', { level: 1, name: '用户与角色' }).waitFor();
    const consent = officePage.getByRole('region', { name: '请阅读并同意隐私政策和用户协议' });
    await consent.getByRole('button', { name: '同意', exact: true }).click();
    await consent.waitFor({ state: 'detached' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an org admin recovers a locked-out member with a one-time reset link', async () => {
    const memberContext = await newContext(browser, server.baseUrl);
    page = await memberContext.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    screenshotOnFailure(() => officePage, 'recovery (admin)');

    // The member has forgotten the password and tries until the account is locked.
    await page.goto('/login');
    await page.getByLabel('用户名').fill('hn.member');
    await page.getByLabel('密码').fill('Not-My-Password-1');
    const locked = page.getByRole('alert').filter({ hasText: '登录失败次数过多' });
    for (let i = 0; i < 12 && (await locked.count()) === 0; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await page.getByRole('button', { name: '登录' }).click();
      await answered;
    }
    await locked.waitFor();

    // 忘记密码: who can help, by name, and the platform's help contact.
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.getByRole('heading', { level: 1, name: '忘记密码' }).waitFor();
    await page.getByLabel('用户名').fill('hn.member');
    await page.getByRole('button', { name: '查询可以帮助我的人' }).click();
    // Names only (the demo set's administrator of the unit too), no contact data.
    await page
      .getByRole('listitem')
      .filter({ hasText: /^湖南省自然资源厅：(.+、)?李湖南(、.+)?$/ })
      .waitFor();
    await page.getByText('科普工作办公室 010-66558888').waitFor();
    expect(await page.getByText('平台邮件服务开通后').count()).toBe(0);
    await expectNoAxeViolations(page, 'forgot password');
    await shots(page, 'forgot-password');

    // The administrator sees the lock, lifts it and issues a reset link.
    await officePage.reload();
    const row = userRow(officePage, 'hn.member');
    await row.getByText(/已锁定（至 \d{2}:\d{2}）/).waitFor();
    expect(await row.textContent()).toContain('从未登录');
    await expectNoAxeViolations(officePage, 'users (locked member)');
    await shots(officePage, 'users');
    await row.getByRole('button', { name: '张成员的账号操作' }).click();
    await officePage.getByRole('menuitem', { name: '解除锁定' }).click();
    const unlock = officePage.getByRole('dialog', { name: '解除张成员的登录锁定' });
    await unlock.getByText('解除后，对方可以立即重新登录').waitFor();
    await unlock.getByRole('button', { name: '解除锁定' }).click();
    await unlock.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).not.toContain('已锁定');

    await row.getByRole('button', { name: '张成员的账号操作' }).click();
    await officePage.getByRole('menuitem', { name: '生成重置密码链接' }).click();
    const dialog = officePage.getByRole('dialog', { name: '为张成员生成重置密码链接' });
    await dialog.getByRole('button', { name: '生成链接' }).click();
    const linkBox = dialog.getByTestId('reset-link');
    await linkBox.waitFor();
    const link = new URL(await linkBox.inputValue());
    expect(link.pathname).toBe('/reset-password');
    expect(link.hash.length).toBeGreaterThan(20);
    await dialog.getByText('这是一次性密钥').waitFor();
    await expectNoAxeViolations(officePage, 'reset link dialog');
    await shots(officePage, 'reset-link');
    await dialog.getByRole('button', { name: '关闭' }).first().click();
    await dialog.waitFor({ state: 'detached' });

    // The member opens the link, sees whose account it is and sets a new password.
    await page.goto(link.pathname + link.hash);
    await page.getByRole('heading', { level: 1, name: '设置新密码' }).waitFor();
    expect(await page.getByTestId('reset-account').textContent()).toBe(
      '您正在为账号“hn.member”（张成员）设置新密码。',
    );
    await expectNoAxeViolations(page, 'reset password');
    await shots(page, 'reset-password');
    await page.getByLabel('新密码', { exact: true }).fill(PASSWORDS.memberNew);
    await page.getByLabel('再次输入新密码').fill(`${PASSWORDS.memberNew}x`);
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.getByText('两次输入的密码不一致').waitFor();
    await page.getByLabel('再次输入新密码').fill(PASSWORDS.memberNew);
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.waitForURL('**/login?username=hn.member');
    expect(await page.getByLabel('用户名').inputValue()).toBe('hn.member');
    await page.getByLabel('密码').fill(PASSWORDS.memberNew);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('banner').getByRole('link', { name: '我的（张成员）' }).waitFor();

    // The link worked once.
    await page.goto(link.pathname + link.hash);
    await page.getByRole('alert').filter({ hasText: '此链接无效、已被使用或已过期' }).waitFor();
    await page.getByRole('link', { name: '查看可以帮助您的管理员' }).waitFor();
    await expectNoAxeViolations(page, 'reset password (used link)');
    await memberContext.close();
  });

  it('an admin invites a person from another unit, who accepts on /me', async () => {
    screenshotOnFailure(() => officePage, 'invitation (admin)');
    await officePage.goto('/admin/users');
    await officePage.locator('.kind-switch').getByText('邀请', { exact: true }).click();
    await officePage.getByRole('button', { name: '邀请加入本单位' }).click();
    const invite = officePage.getByRole('dialog', { name: '邀请加入本单位' });
    await invite.getByLabel('被邀请人的用户名').fill('gd.editor');
    await pickOption(officePage, invite, '角色', '编辑');
    await pickOption(officePage, invite, '邀请加入的单位', '湖南省自然资源厅', '湖南省');
    await expectNoAxeViolations(officePage, 'invite dialog');
    await invite.getByRole('button', { name: '发出邀请' }).click();
    await invite.waitFor({ state: 'detached' });
    const invitation = userRow(officePage, 'gd.editor');
    await invitation.getByText('待接受').waitFor();
    expect(await invitation.textContent()).toContain('湖南省自然资源厅');
    expect(await invitation.textContent()).toContain('李湖南');
    await expectNoAxeViolations(officePage, 'invitations');
    await shots(officePage, 'invitations');

    const guest = await newContext(browser, server.baseUrl);
    page = await guest.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    await portalLogin(page, 'gd.editor', PASSWORDS.guangdong);
    await page.getByRole('banner').getByRole('link', { name: '我的（黄广东）' }).click();
    const mine = page.getByRole('region', { name: '待处理的邀请' });
    await mine.getByText('湖南省自然资源厅邀请您担任编辑').waitFor();
    expect(await mine.textContent()).toContain('邀请人：李湖南');
    await expectNoAxeViolations(page, 'me (invitation)');
    await shots(page, 'me-invitation');
    await mine.getByRole('button', { name: '接受' }).click();
    await page.getByText('您已加入湖南省自然资源厅，角色：编辑').waitFor();
    await mine.waitFor({ state: 'detached' });
    await page.getByText('编辑 · 湖南省自然资源厅').waitFor();
    await guest.close();

    await officePage.reload();
    await officePage.locator('.kind-switch').getByText('邀请', { exact: true }).click();
    await userRow(officePage, 'gd.editor').getByText('已接受').waitFor();
    // In the list the person is seen, not managed: no account actions, a note instead.
    await officePage.locator('.kind-switch').getByText('用户', { exact: true }).click();
    const person = userRow(officePage, 'gd.editor');
    await person.getByText('该用户由其所在单位管理，您只能撤销其在本单位的角色').waitFor();
    expect(await person.textContent()).toContain('由其所在单位管理');
    expect(await person.getByRole('button', { name: /账号操作/ }).count()).toBe(0);
    await person.getByRole('button', { name: 'gd.editor' }).click();
    const drawer = officePage.getByRole('dialog', { name: '用户详情：黄广东' });
    await drawer.getByRole('heading', { name: '邀请加入本单位' }).waitFor();
    expect(await drawer.getByRole('heading', { name: '添加授权' }).count()).toBe(0);
    // Only the role on this unit can be revoked here.
    expect(await drawer.getByRole('button', { name: '撤销' }).count()).toBe(1);
    await expectNoAxeViolations(officePage, 'user drawer (not managed)');
    await shots(officePage, 'user-drawer-unmanaged');
    await officePage.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('a temporary password leads straight to the change-password screen', async () => {
    screenshotOnFailure(() => officePage, 'temporary password (admin)');
    await officePage.goto('/admin/users');
    const row = userRow(officePage, 'hn.temp');
    await row.getByRole('button', { name: '王临时的账号操作' }).click();
    await officePage.getByRole('menuitem', { name: '设置临时密码' }).click();
    const dialog = officePage.getByRole('dialog', { name: '为王临时设置临时密码' });
    await dialog.getByLabel('临时密码').fill(PASSWORDS.tempGiven);
    await dialog.getByLabel('再次输入新密码').fill(PASSWORDS.tempGiven);
    await dialog.getByRole('button', { name: '设置临时密码' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('临时密码').waitFor();

    const temp = await newContext(browser, server.baseUrl);
    page = await temp.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');
    await portalLogin(page, 'hn.temp', PASSWORDS.tempGiven);
    await page.getByRole('heading', { level: 1, name: '请先修改密码' }).waitFor();
    await page.getByText('您正在使用管理员设置的临时密码').waitFor();
    // Every other page shows the same screen until the password is changed.
    await page.goto('/me');
    await page.getByRole('heading', { level: 1, name: '请先修改密码' }).waitFor();
    await expectNoAxeViolations(page, 'password change required');
    await shots(page, 'password-required');
    await page.getByLabel('当前密码').fill(PASSWORDS.tempGiven);
    await page.getByLabel('新密码', { exact: true }).fill(PASSWORDS.tempOwn);
    await page.getByLabel('再次输入新密码').fill(PASSWORDS.tempOwn);
    await page.getByRole('button', { name: '修改密码并继续' }).click();
    await page.getByRole('heading', { level: 1, name: '我的' }).waitFor();
    await page.getByText('王临时', { exact: true }).waitFor();
    await temp.close();

    await officePage.reload();
    await userRow(officePage, 'hn.temp').waitFor();
    expect(await userRow(officePage, 'hn.temp').textContent()).not.toContain('临时密码');
  });

  it('a unit’s own administrator sees its kind and division code as set from above', async () => {
    screenshotOnFailure(() => officePage, 'organisations (own unit)');
    await officePage.goto('/admin/organisations');
    const own = officePage
      .locator('tr.ant-table-row')
      .filter({ has: officePage.getByText('湖南省自然资源厅', { exact: true }) });
    await own.getByRole('button', { name: '编辑' }).click();
    const dialog = officePage.getByRole('dialog', { name: '编辑“湖南省自然资源厅”' });
    await dialog.getByText('类型和行政区划由上级单位设置').first().waitFor();
    expect(await dialog.getByText('类型和行政区划由上级单位设置').count()).toBe(2);
    expect(await dialog.getByLabel('行政区划').isDisabled()).toBe(true);
    expect(await dialog.getByLabel('类型').isDisabled()).toBe(true);
    await expectNoAxeViolations(officePage, 'edit own unit');
    await shots(officePage, 'org-edit-own');
    // Renaming still works.
    await dialog.getByLabel('简称（选填）').fill('湖南厅');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });

    // A unit below: its kind and division code are the administrator's to set.
    const child = officePage
      .locator('tr.ant-table-row')
      .filter({ has: officePage.getByText('长沙市自然资源和规划局', { exact: true }) });
    await child.getByRole('button', { name: '编辑' }).click();
    const below = officePage.getByRole('dialog', { name: '编辑“长沙市自然资源和规划局”' });
    await below.getByLabel('名称', { exact: true }).waitFor();
    expect(await below.getByText('类型和行政区划由上级单位设置').count()).toBe(0);
    expect(await below.getByLabel('类型').isDisabled()).toBe(false);
    await below.getByRole('button', { name: '取消' }).click();
    await office.close();
  });
});
