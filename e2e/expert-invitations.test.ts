import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Invite-2024!';

/** A real SMTP server in the test process, which the Kepu server mails through. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          done();
        },
        (e: Error) => done(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeWithBrowser('expert invitations by e-mail', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: ApiSession;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({ KEPU_SMTP_URL: smtp.url, KEPU_MAIL_FROM: 'kepu@example.cn' });
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    await admin.call('POST', '/api/users', {
      username: 'hunaninviter',
      displayName: '欧阳处长',
      password: PASSWORD,
      role: 'ORG_ADMIN',
      organisationId: hunan.id,
    });
    const r = await registerPerson(server.baseUrl, {
      username: 'tianyuan',
      password: PASSWORD,
      displayName: '田园',
    });
    expect(r.status).toBe(201);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  async function fresh() {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
  }

  it('an administrator invites by e-mail; the invitee opens the link, signs in, accepts and lands on the profile form', async () => {
    screenshotOnFailure(() => page, 'expert-invitations');
    await fresh();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill('hunaninviter');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，欧阳处长' }).waitFor();
    await page
      .getByRole('navigation', { name: '科普人才' })
      .getByRole('link', { name: '专家库' })
      .click();
    await page.getByRole('heading', { level: 1, name: '科普专家库' }).waitFor();
    await page.getByRole('button', { name: '邀请专家' }).click();
    const dialog = page.getByRole('dialog', { name: '邀请专家' });
    await pickOption(page, dialog, '邀请单位', '湖南省自然资源厅');
    await dialog
      .getByLabel('被邀请人')
      .fill('田园 tian.yuan@example.cn\n田园 tian.yuan@example.cn');
    await dialog.getByLabel('留言（可不填）').fill('欢迎加入湖南地灾科普专家团队。');
    await expectNoAxeViolations(page, 'invite dialog');
    await dialog.getByRole('button', { name: '发送邀请' }).click();
    await dialog.getByText('已发出 1 份邀请').waitFor();
    await dialog.getByText('重复填写，已忽略').waitFor();
    await dialog.getByRole('button', { name: '完成' }).click();
    await page.getByRole('tab', { name: '邀请', selected: true }).waitFor();
    const row = page.locator('tr', { hasText: 'tian.yuan@example.cn' });
    await row.getByText('待接受').waitFor();
    await expectNoAxeViolations(page, 'invitations tab');
    await atBothWidths(page, 'expert-invitations');

    // The mail arrives through the job runner.
    await expect
      .poll(() => smtp.received.filter((m) => JSON.stringify(m.to).includes('tian.yuan')).length, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    const mail = smtp.received.find((m) => JSON.stringify(m.to).includes('tian.yuan'))!;
    expect(mail.subject).toBe('湖南省自然资源厅邀请您加入自然资源科普专家库');
    const link = /https?:\/\/\S+(\/join\/expert\/[\w-]+)/.exec(mail.text ?? '');
    expect(link, 'the link in the mail').not.toBeNull();

    // The invitee, not signed in, opens the link: sign in, come back, accept.
    await fresh();
    await page.goto(link![1]!);
    await page.getByRole('heading', { level: 1, name: '加入科普专家库' }).waitFor();
    await page.getByText('湖南省自然资源厅的欧阳处长邀请您加入').waitFor();
    await page.getByText('欢迎加入湖南地灾科普专家团队。').waitFor();
    await expectNoAxeViolations(page, 'join page, signed out');
    await page.getByRole('link', { name: '登录后接受' }).click();
    await page.getByLabel('用户名').fill('tianyuan');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('您当前登录的账号是“田园”').waitFor();
    await expectNoAxeViolations(page, 'join page, signed in');
    await page.getByRole('button', { name: '接受邀请，填写专家资料' }).click();
    await page.getByRole('heading', { level: 1, name: '我的专家资料' }).waitFor();
    const form = page.locator('form#expert-profile');
    await expect.poll(() => form.innerText()).toContain('湖南省自然资源厅');
    await expectNoAxeViolations(page, 'expert profile after accepting');

    // The link works once.
    await page.goto(link![1]!);
    await page.getByText('这份邀请已经被接受过').waitFor();
  });
});
