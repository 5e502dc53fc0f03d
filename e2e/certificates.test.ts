import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeQr, readPdf } from '../server/test/pdf-reading.ts';
import { ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
import {
  atBothWidths,
  confirmStep,
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Certs-2024!';
const TITLE = '2026年度自然资源科普能力提升培训结业证书';

describeWithBrowser('certificates journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let code = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    await admin.call('POST', '/api/users', {
      username: 'cert.admin',
      displayName: '龙科长',
      password: PASSWORD,
      role: 'ORG_ADMIN',
      organisationId: hunan.id,
    });
    const res = await registerPerson(server.baseUrl, {
      username: 'trainee',
      password: PASSWORD,
      displayName: '周晓雨',
    });
    if (res.status !== 201) throw new Error(`register: ${await res.text()}`);
    const trainee = new ApiSession(server.baseUrl);
    await trainee.call('POST', '/api/auth/login', { username: 'trainee', password: PASSWORD });
    const me = await trainee.call<{ user: { id: string } }>('GET', '/api/auth/me');
    const unitAdmin = new ApiSession(server.baseUrl);
    await unitAdmin.call('POST', '/api/auth/login', { username: 'cert.admin', password: PASSWORD });
    const cert = await unitAdmin.call<{ code: string }>('POST', '/api/certificates', {
      kind: 'TRAINING',
      holderId: me.user.id,
      organisationId: hunan.id,
      title: TITLE,
      lines: [
        '参加湖南省自然资源厅举办的科普能力提升培训',
        '培训时间：2026年10月12日至16日，共40学时',
      ],
    });
    code = cert.code;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function fresh() {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
  }

  it('the holder opens 我的证书, downloads the PDF, and its QR code opens a page confirming it', async () => {
    screenshotOnFailure(() => page, 'certificates-mine');
    await fresh();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('trainee');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('banner').getByRole('link', { name: /我的/ }).click();
    await page.getByRole('link', { name: '我的证书' }).click();
    await page.getByRole('heading', { level: 1, name: '我的证书' }).waitFor();
    await page.getByRole('heading', { level: 2, name: new RegExp(TITLE) }).waitFor();
    await expect.poll(() => page.getByText(code).count()).toBe(1);
    await expectNoAxeViolations(page, 'my certificates');
    await atBothWidths(page, 'certificates-mine');

    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: `下载证书（PDF）：${TITLE}` }).click();
    const file = await (await downloading).path();
    const pdf = await readPdf(new Uint8Array(fs.readFileSync(file)));
    const text = pdf.text.replace(/\s+/g, '');
    for (const s of ['证书', '周晓雨', TITLE, '湖南省自然资源厅', code]) expect(text).toContain(s);
    const [url] = decodeQr(pdf.images);
    expect(url).toMatch(new RegExp(`/verify/${code}$`));

    // What the QR code says, opened by someone else (no session).
    await fresh();
    await page.goto(new URL(url!).pathname);
    await page.getByRole('heading', { level: 1, name: '证书验证' }).waitFor();
    await page.getByText('证书有效').waitFor();
    await expect.poll(() => page.getByText('周晓雨').count()).toBe(1);
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toContain('noindex');
    await expectNoAxeViolations(page, 'verify valid');
    await atBothWidths(page, 'certificates-verify-valid');
  });

  it('the unit’s administrator revokes it, asked first; the verification page then says revoked', async () => {
    screenshotOnFailure(() => page, 'certificates-revoke');
    await fresh();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill('cert.admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，龙科长' }).waitFor();
    await page
      .getByRole('navigation', { name: '科普人才' })
      .getByRole('link', { name: '证书管理' })
      .click();
    await page.getByRole('heading', { level: 1, name: '本单位颁发的证书' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: code });
    await row.waitFor();
    await expectNoAxeViolations(page, 'issued certificates');
    await atBothWidths(page, 'certificates-issued');
    await row.getByRole('button', { name: '撤销' }).click();
    const dialog = page.getByRole('dialog', { name: `撤销周晓雨的“${TITLE}”？` });
    await dialog.getByText('撤销不能取消').waitFor();
    await dialog.getByLabel(/撤销理由/).fill('培训签到记录有误，重新核实后另行颁发');
    await confirmStep(page, `撤销周晓雨的“${TITLE}”？`, '撤销证书');
    await page.getByText('已撤销这份证书').waitFor();
    await expect.poll(() => row.getByRole('button', { name: '撤销' }).count()).toBe(0);

    // Anyone typing the code (in lower case, as people do) sees that it was revoked.
    await fresh();
    await page.goto('/verify');
    await page.getByLabel('证书验证码').fill(code.toLowerCase());
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByText('证书已撤销').waitFor();
    await expect.poll(() => page.getByText(/已于 .* 被发证单位撤销/).count()).toBe(1);
    expect(await page.getByText('培训签到记录有误').count()).toBe(0);
    await expectNoAxeViolations(page, 'verify revoked');
    await atBothWidths(page, 'certificates-verify-revoked');

    await page.goto('/verify/KP-2222-2222-2222');
    await page.getByText('没有找到这份证书').waitFor();
  });
});
