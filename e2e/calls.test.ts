import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdf } from '../server/test/media-fixtures.ts';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Calls-2024!';
const NEWCOMER_PASSWORD = 'Xin-Kepu-2024!';
const CALL = '2026 年度自然资源科普作品征集';
const UNIT = '湖南省地质博物馆';
const today = (offset = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

describeWithBrowser(
  'calls journey: the public finds a call and applies after joining a unit',
  () => {
    let server: Server;
    let browser: Browser;
    let person: BrowserContext;
    let page: Page;
    let callId: string;

    beforeAll(async () => {
      server = await startServer();
      browser = await launchBrowser();
      const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
      const office = await orgByName(admin, '自然资源部科普工作办公室');
      const museum = await orgByName(admin, UNIT);
      for (const [username, displayName, role, organisationId] of [
        ['calls.office', '周处长', 'EDITOR', office.id],
        ['calls.curator', '刘馆长', 'ORG_ADMIN', museum.id],
      ] as const)
        await admin.call('POST', '/api/users', {
          username,
          displayName,
          password: PASSWORD,
          role,
          organisationId,
        });
      const editor = new ApiSession(server.baseUrl);
      await editor.call('POST', '/api/auth/login', {
        username: 'calls.office',
        password: PASSWORD,
      });
      const tpl = await editor.upload({ organisationId: office.id, name: '申报书模板.pdf' }, pdf());
      const c = await editor.call<{ id: string }>('POST', '/api/review-calls', {
        subjectKind: 'GENERAL',
        organisationId: office.id,
        title: CALL,
        docNo: '自然资办函〔2026〕21号',
        opensAt: today(-1),
        closesAt: today(30),
        description:
          '<h2>一、征集范围</h2><p>面向公众的自然资源<strong>科普作品</strong>。</p><h2>二、报送方式</h2><p>在线填报。</p>',
        eligibility: '各级自然资源主管部门及所属科普场馆',
        templateIds: [tpl.id],
        form: { fields: [], attachments: [] },
        stages: [{ kind: 'DECISION' }],
      });
      await editor.call('POST', `/api/review-calls/${c.id}/open`);
      callId = c.id;
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('finds the open call from the home page and reads it', async () => {
      screenshotOnFailure(() => page, 'calls');
      person = await newContext(browser, server.baseUrl);
      page = await person.newPage();
      await page.goto('/');
      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '征集通知' })
        .click();
      await page.getByRole('heading', { level: 1, name: '征集通知' }).waitFor();
      const card = page.getByRole('article').filter({ hasText: CALL });
      await card.getByText('正在征集').waitFor();
      await expectNoAxeViolations(page, '/calls');
      await atBothWidths(page, 'calls');
      await card.getByRole('link', { name: CALL }).click();
      await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
      await page.getByText('自然资办函〔2026〕21号').waitFor();
      await page.getByText('各级自然资源主管部门及所属科普场馆').waitFor();
      await page.getByRole('heading', { name: '一、征集范围' }).waitFor();
      const download = page.getByRole('link', { name: '申报书模板.pdf' });
      const href = await download.getAttribute('href');
      const file = await fetch(`${server.baseUrl}${href}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('application/pdf');
      await expectNoAxeViolations(page, '/calls/:id');
      await atBothWidths(page, 'call');
    });

    it('registers from 申报, is told to join a unit and asks to join it', async () => {
      screenshotOnFailure(() => page, 'calls');
      await page.getByRole('link', { name: '登录后申报' }).click();
      await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
      await page.getByRole('link', { name: /注册/ }).last().click();
      await page.getByRole('heading', { level: 1, name: '注册' }).waitFor();
      await page.getByLabel('用户名').fill('xiao.lin');
      await page.getByLabel('姓名或昵称').fill('林小');
      await page.getByLabel('密码', { exact: true }).fill(NEWCOMER_PASSWORD);
      await page.getByLabel('确认密码').fill(NEWCOMER_PASSWORD);
      await page.getByLabel('出生年份').fill('1992');
      await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
      await page.getByRole('button', { name: '注册' }).click();
      // Back on the call: no unit yet, so the page says how to join one (not a dead end).
      await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
      await page.getByText('您的账号尚未加入任何单位').waitFor();
      await page.getByRole('button', { name: '申请加入单位' }).click();
      await pickOption(page, page.locator('form[id="join-unit"]'), '单位', UNIT, '地质博物馆');
      await page.getByLabel('岗位或职务').fill('科普部讲解员');
      await page.getByLabel('申请说明（选填）').fill('负责本馆科普作品申报');
      await page.getByRole('button', { name: '提交申请' }).click();
      await page.getByText(`您已申请加入${UNIT}，等待单位管理员审核`).waitFor();
      await expectNoAxeViolations(page, '/calls/:id (join request sent)');
      await atBothWidths(page, 'call-join-sent');
    });

    it('the unit’s administrator approves the request in the console', async () => {
      const ctx = await newContext(browser, server.baseUrl);
      const admin = await ctx.newPage();
      try {
        await admin.goto('/admin/login');
        await admin.getByLabel('用户名').fill('calls.curator');
        await admin.getByLabel('密码').fill(PASSWORD);
        await admin.getByRole('button', { name: '登录' }).click();
        await admin.getByRole('heading', { level: 1, name: '欢迎，刘馆长' }).waitFor();
        // The request waits on the console home's to-do list.
        await admin.getByText('待处理的加入单位申请').first().waitFor();
        await admin.getByRole('link', { name: '加入单位申请' }).first().click();
        await admin.getByRole('heading', { level: 1, name: '加入单位申请' }).waitFor();
        const row = admin.getByRole('row').filter({ hasText: '林小' });
        await row.getByText('科普部讲解员').waitFor();
        await expectNoAxeViolations(admin, '/admin/join-requests');
        await row.getByRole('button', { name: '批准' }).click();
        await admin.getByText(`已批准林小加入${UNIT}`).waitFor();
      } finally {
        await ctx.close();
      }
    });

    it('back on the call, 申报 leads to the application page', async () => {
      screenshotOnFailure(() => page, 'calls');
      await page.goto(`/calls/${callId}`);
      await page.getByText(`您可以代表${UNIT}申报。`).waitFor();
      await page.getByRole('link', { name: '我要申报' }).click();
      await page.getByRole('heading', { level: 1, name: '新建申报' }).waitFor();
      expect(page.url()).toContain(`/admin/reviews/${callId}/apply`);
      await page.goto('/me');
      await page.getByText(`您已加入${UNIT}（成员）`).waitFor();
      await expectNoAxeViolations(page, '/me (joined)');
    });
  },
);
