import fs from 'node:fs';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshTotpCode } from '../server/test/totp-clock.ts';
import {
  atBothWidths,
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const ADMIN_PASSWORD = 'Kepu-Admin-2024!';
const NEWCOMER_PASSWORD = 'Kepu-Newcomer-2024!';

/** Reads the QR code image's pixels in the page and decodes them here. */
async function decodeQr(page: Page): Promise<string | null> {
  const img = await page.evaluate(async () => {
    const el = document.querySelector<HTMLImageElement>('.totp-qr img');
    if (!el) return null;
    await el.decode();
    const canvas = document.createElement('canvas');
    canvas.width = el.naturalWidth;
    canvas.height = el.naturalHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(el, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width: d.width, height: d.height, data: Array.from(d.data) };
  });
  if (!img) return null;
  return jsQR(Uint8ClampedArray.from(img.data), img.width, img.height)?.data ?? null;
}

const shots = atBothWidths;

describeWithBrowser('account journeys: two-step verification and consent', () => {
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

  it('an admin enrols TOTP from the QR code, keeps the recovery codes and signs in with one', async () => {
    expect(server.setupUrl, 'setup link printed at first start').toBeTruthy();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');

    await page.goto(server.setupUrl!);
    await page.getByRole('heading', { level: 1, name: '平台初始化' }).waitFor();
    await page.getByLabel('用户名').fill('office.admin');
    await page.getByLabel('姓名或昵称').fill('陈主任');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '创建管理员' }).click();

    // The QR code beside the key: it decodes to the otpauth address of the key shown.
    await page.getByRole('heading', { level: 1, name: '绑定动态口令' }).waitFor();
    await page.getByRole('img', { name: /二维码/ }).waitFor();
    adminSecret = (await page.getByTestId('totp-secret').textContent())?.replaceAll(' ', '') ?? '';
    expect(adminSecret).toMatch(/^[A-Z2-7]{16,}$/);
    const decoded = await decodeQr(page);
    expect(decoded, 'the QR code decodes').not.toBeNull();
    const url = new URL(decoded!);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(adminSecret);
    expect(decodeURIComponent(url.pathname)).toContain('office.admin');
    expect(await page.locator('a[href^="otpauth:"]').getAttribute('href')).toBe(decoded);
    // The pending key survives a reload.
    await page.reload();
    await page.getByTestId('totp-secret').waitFor();
    expect((await page.getByTestId('totp-secret').textContent())?.replaceAll(' ', '')).toBe(
      adminSecret,
    );
    await expectNoAxeViolations(page, 'totp enrolment');
    await shots(page, 'totp-enrol');

    await page.getByLabel('动态口令').fill(await freshTotpCode(adminSecret));
    await page.getByRole('button', { name: '完成绑定' }).click();

    // Ten recovery codes, shown once; going on needs "I have saved them".
    await page.getByRole('heading', { name: '保存恢复码' }).waitFor();
    const codes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(new Set(codes).size).toBe(10);
    const next = page.getByRole('button', { name: '继续' });
    expect(await next.isDisabled()).toBe(true);
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载（.txt）' }).click();
    const file = await (await downloaded).path();
    const text = fs.readFileSync(file, 'utf8');
    for (const c of codes) expect(text).toContain(c);
    await expectNoAxeViolations(page, 'recovery codes');
    await shots(page, 'recovery-codes');
    await page.getByRole('checkbox', { name: '我已妥善保存恢复码' }).check();
    await next.click();
    await page.getByRole('heading', { level: 1, name: '欢迎，陈主任' }).waitFor();
    // An account made by setup has not consented yet: asked above every page, not blocked.
    const first = page.getByRole('region', { name: '请阅读并同意隐私政策和用户协议' });
    await first.getByText('隐私政策（第 1 版）').waitFor();
    await expectNoAxeViolations(page, 'console home (consent)');
    await shots(page, 'console-consent');
    await first.getByRole('button', { name: '同意', exact: true }).click();
    await first.waitFor({ state: 'detached' });

    // Later: no phone at hand, so a recovery code instead of the authenticator's code.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '管理后台登录' }).waitFor();
    await page.getByLabel('用户名').fill('office.admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('动态口令').waitFor();
    await page.getByRole('button', { name: '使用恢复码' }).click();
    await page.getByLabel('恢复码').fill(codes[3]!);
    await expectNoAxeViolations(page, 'console login (recovery code)');
    await shots(page, 'login-recovery');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，陈主任' }).waitFor();
    await page.getByText('已使用一个恢复码，还剩 9 个').waitFor();

    // A recovery code works once.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '管理后台登录' }).waitFor();
    await page.getByLabel('用户名').fill('office.admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '使用恢复码' }).click();
    await page.getByLabel('恢复码').fill(codes[3]!);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '动态口令错误或已过期' }).waitFor();
    await context.close();
  });

  it('a newcomer registers with birth year and consent, and accepts the new privacy policy', async () => {
    expect(adminSecret, 'secret from the enrolment journey').not.toBe('');
    const newcomer = await newContext(browser, server.baseUrl);
    page = await newcomer.newPage();
    screenshotOnFailure(() => page, expect.getState().currentTestName ?? 'journey');

    // The documents are public, linked from the footer and from the register page.
    await page.goto('/');
    await page.getByRole('contentinfo').getByRole('link', { name: '隐私政策' }).click();
    await page.getByRole('heading', { level: 1, name: '隐私政策' }).waitFor();
    await page.getByText(/第 1 版 · .*发布/).waitFor();
    await expectNoAxeViolations(page, 'privacy policy');
    await shots(page, 'privacy');

    await page.goto('/register');
    await page.getByRole('heading', { level: 1, name: '注册' }).waitFor();
    await page.getByRole('link', { name: '《用户协议》' }).waitFor();
    await page.getByLabel('用户名').fill('lin.xiao');
    await page.getByLabel('姓名或昵称').fill('林晓');
    await page.getByLabel('密码', { exact: true }).fill(NEWCOMER_PASSWORD);
    await page.getByLabel('确认密码').fill(NEWCOMER_PASSWORD);
    // The birth year is required now.
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await page.getByRole('button', { name: '注册' }).click();
    await page.getByText('请填写出生年份').waitFor();
    await page.getByLabel('出生年份').fill('1995');
    const registered = page.waitForResponse((r) => r.url().endsWith('/api/auth/register'));
    await page.getByRole('button', { name: '注册' }).click();
    expect((await registered).status()).toBe(201);
    await page.getByRole('heading', { level: 1, name: '我的' }).waitFor();
    // Consent given at registration: nothing to accept.
    expect(await page.getByRole('region', { name: /隐私政策和用户协议/ }).count()).toBe(0);

    // Optional two-step verification on /me: QR code, first code, recovery codes.
    await page.getByRole('button', { name: '设置动态口令' }).click();
    await page.getByTestId('totp-secret').waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())?.replaceAll(' ', '') ?? '';
    expect(new URL((await decodeQr(page))!).searchParams.get('secret')).toBe(secret);
    await expectNoAxeViolations(page, 'me (totp set-up)');
    await shots(page, 'me-totp');
    await page.getByLabel('动态口令').fill(await freshTotpCode(secret));
    await page.getByRole('button', { name: '完成绑定' }).click();
    await page.getByRole('heading', { name: '保存恢复码' }).waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await page.getByRole('checkbox', { name: '我已妥善保存恢复码' }).check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByTestId('recovery-left').filter({ hasText: '剩余恢复码：10 个' }).waitFor();
    // New recovery codes after a current code.
    await page.getByRole('button', { name: '重新生成恢复码' }).click();
    const renew = page.getByRole('dialog', { name: '重新生成恢复码' });
    await renew.getByLabel('动态口令').fill(await freshTotpCode(secret));
    await renew.getByRole('button', { name: '生成新的恢复码' }).click();
    await renew.getByTestId('recovery-codes').waitFor();
    expect(await renew.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await expectNoAxeViolations(page, 'me (new recovery codes)');
    await renew.getByRole('checkbox', { name: '我已妥善保存恢复码' }).check();
    await renew.getByRole('button', { name: '完成' }).click();
    await renew.waitFor({ state: 'detached' });

    // The office publishes a new privacy policy in the console.
    const office = await newContext(browser, server.baseUrl);
    const admin = await office.newPage();
    screenshotOnFailure(() => admin, 'privacy console');
    await admin.goto('/admin/privacy');
    await admin.getByLabel('用户名').fill('office.admin');
    await admin.getByLabel('密码').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.getByLabel('动态口令').fill(await freshTotpCode(adminSecret));
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.getByRole('heading', { level: 1, name: '隐私与协议' }).waitFor();
    await admin.getByRole('heading', { name: '编辑隐私政策（将发布为第 2 版）' }).waitFor();
    const editor = admin.getByRole('textbox', { name: '正文', exact: true });
    await editor.click();
    await admin.keyboard.press('Control+End');
    await admin.keyboard.press('Enter');
    await admin.keyboard.type('八、本版新增：平台开通两步验证，恢复码仅保存其摘要。');
    await expectNoAxeViolations(admin, 'privacy console');
    await shots(admin, 'privacy-console');
    await admin.getByRole('button', { name: '发布新版本' }).click();
    const confirm = admin.getByRole('dialog', { name: '发布隐私政策第 2 版？' });
    await confirm.getByText('所有用户（包括您自己）下次访问时都须重新阅读并同意').waitFor();
    await confirm.getByRole('button', { name: '发布', exact: true }).click();
    await admin.getByText('已发布第 2 版').waitFor();
    await admin.getByRole('cell', { name: '第 2 版', exact: true }).waitFor();
    await admin.getByRole('cell', { name: '第 1 版', exact: true }).waitFor();
    // The publisher accepts it too, in the console.
    const adminPrompt = admin.getByRole('region', { name: '隐私政策和用户协议已更新' });
    await adminPrompt.waitFor();
    await adminPrompt.getByRole('button', { name: '同意', exact: true }).click();
    await adminPrompt.waitFor({ state: 'detached' });
    // The settings: guardian age and the account help contact.
    await admin.locator('.kind-switch').getByText('相关设置', { exact: true }).click();
    await admin.getByText('未满 18 周岁', { exact: true }).click();
    expect(await admin.getByRole('radio', { name: '未满 18 周岁' }).isChecked()).toBe(true);
    await admin.getByLabel('账号服务联系方式').fill('科普工作办公室 010-66558888');
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByText('已保存').waitFor();
    await expectNoAxeViolations(admin, 'privacy settings');
    await shots(admin, 'privacy-settings');
    await office.close();

    // The newcomer is asked at the next page: what changed, with links, and 同意.
    await page.reload();
    const prompt = page.getByRole('region', { name: '隐私政策和用户协议已更新' });
    await prompt.waitFor();
    await prompt.getByText(/已更新为第 2 版/).waitFor();
    expect(await prompt.textContent()).toContain('您此前同意的是第 1 版');
    await prompt.getByRole('link', { name: '隐私政策' }).waitFor();
    await expectNoAxeViolations(page, 'consent prompt');
    await shots(page, 'consent-prompt');
    await prompt.getByRole('button', { name: '同意', exact: true }).click();
    await prompt.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '我的' }).waitFor();
    expect(await page.getByRole('region', { name: /隐私政策和用户协议/ }).count()).toBe(0);
    await page.goto('/privacy');
    await page.getByText(/第 2 版 · .*发布/).waitFor();
    await page.getByText('八、本版新增：平台开通两步验证').waitFor();

    // The data export still downloads, with the consents given.
    await page.goto('/me');
    const exported = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出我的数据' }).click();
    const data = JSON.parse(fs.readFileSync(await (await exported).path(), 'utf8')) as {
      profile: { username: string };
      consents: { kind: string; version: number }[];
    };
    expect(data.profile.username).toBe('lin.xiao');
    expect(data.consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'PRIVACY', version: 1 }),
        expect.objectContaining({ kind: 'PRIVACY', version: 2 }),
      ]),
    );

    // The register page now asks for a guardian under 18.
    await page.goto('/register');
    await page.getByText('未满 18 周岁须由监护人同意后方可注册').waitFor();

    // Phone lost: a platform administrator resets the newcomer's authenticator.
    const office2 = await newContext(browser, server.baseUrl);
    const console2 = await office2.newPage();
    screenshotOnFailure(() => console2, 'reset totp');
    await console2.goto('/admin/users');
    await console2.getByLabel('用户名').fill('office.admin');
    await console2.getByLabel('密码').fill(ADMIN_PASSWORD);
    await console2.getByRole('button', { name: '登录' }).click();
    await console2.getByLabel('动态口令').fill(await freshTotpCode(adminSecret));
    await console2.getByRole('button', { name: '登录' }).click();
    await console2.getByLabel('用户名或姓名').fill('lin.xiao');
    await console2.getByRole('button', { name: '查询' }).click();
    const row = console2.locator('tr.ant-table-row').filter({ hasText: 'lin.xiao' });
    await row.getByRole('button', { name: '林晓的账号操作' }).click();
    await console2.getByRole('menuitem', { name: '重置动态口令' }).click();
    const reset = console2.getByRole('dialog', { name: '重置林晓的动态口令' });
    await reset
      .getByText(
        '此操作无法撤销：林晓身份验证器中的动态口令和全部恢复码将立即失效，对方在所有设备上的登录都将退出。',
      )
      .waitFor();
    await reset.getByRole('button', { name: '确认重置' }).click();
    await reset.getByText('请填写重置原因').waitFor();
    await reset.getByLabel('重置原因').fill('手机丢失，本人来电确认');
    await expectNoAxeViolations(console2, 'reset totp dialog');
    await shots(console2, 'reset-totp');
    await reset.getByRole('button', { name: '确认重置' }).click();
    await reset.waitFor({ state: 'detached' });
    await console2.getByText('已重置林晓的动态口令').waitFor();
    await office2.close();

    // Signed out everywhere; the password alone signs in now, and TOTP can be set up again.
    await page.goto('/me');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await page.getByLabel('用户名').fill('lin.xiao');
    await page.getByLabel('密码').fill(NEWCOMER_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '我的' }).waitFor();
    await page.getByRole('button', { name: '设置动态口令' }).waitFor();
    await newcomer.close();
  });
});
