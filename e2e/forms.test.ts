import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  pickOption,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Forms-2024!';
const MUSEUM = '湖南省地质博物馆';

describeWithBrowser('a form with every kind people fill', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let callId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const office = await orgByName(admin, '自然资源部科普工作办公室');
    const museum = await orgByName(admin, MUSEUM);
    for (const [username, displayName, role, organisationId] of [
      ['office', '陈处长', 'EDITOR', office.id],
      ['host', '刘馆长', 'ORG_ADMIN', museum.id],
    ] as const)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId,
      });
    const organiser = new ApiSession(server.baseUrl);
    await organiser.call('POST', '/api/auth/login', { username: 'office', password: PASSWORD });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    // Keys are left out: the server makes them from the labels.
    const created = await organiser.call<{ id: string }>('POST', '/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '2026 年度科普场馆统计',
      opensAt: today,
      closesAt: '2099-12-31',
      form: {
        fields: [
          { label: '年接待人次', type: 'number', unit: '人次', min: 0, required: true },
          { label: '所在地区', type: 'division', minLevel: 3, required: true },
          { label: '联系人', type: 'person' },
          { label: '位置', type: 'coordinates' },
          {
            label: '展厅',
            type: 'table',
            columns: [
              { label: '名称', type: 'text', required: true },
              { label: '面积', type: 'number', unit: '㎡' },
            ],
          },
        ],
        attachments: [],
      },
      stages: [{ kind: 'RECOMMENDATION' }, { kind: 'DECISION' }],
    });
    callId = created.id;
    await organiser.call('POST', `/api/review-calls/${callId}/open`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a host fills division, person, coordinates and table rows; the answers are saved', async () => {
    screenshotOnFailure(() => page, 'forms-apply');
    const context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill('host');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，刘馆长' }).waitFor();
    await page.goto(`/admin/reviews/${callId}/apply`);
    const form = page.locator('form#application');
    await form.getByLabel('申报项目').fill(MUSEUM);
    await form.getByLabel('年接待人次').fill('320000');
    // The division from a cascader, never a typed code.
    await form.getByLabel('所在地区').click();
    for (const name of ['湖南省', '长沙市', '雨花区'])
      await page.locator('.ant-cascader-menu-item').filter({ hasText: name }).first().click();
    await pickOption(page, form, '联系人', '刘馆长');
    // On site, the device's position fills both numbers.
    await context.grantPermissions(['geolocation'], { origin: server.baseUrl });
    await context.setGeolocation({ longitude: 112.938814, latitude: 28.228209 });
    await form.getByRole('button', { name: '使用当前位置' }).click();
    await form.getByRole('img', { name: '位置：东经 112.938814，北纬 28.228209' }).waitFor();
    await form.getByRole('status').filter({ hasText: '已定位' }).waitFor();
    // Pasted as a map app or a document gives it, in degrees, minutes and seconds.
    await form.getByLabel('位置 粘贴坐标').fill('北纬28°5′24″，东经113°1′48″');
    await form.getByRole('img', { name: '位置：东经 113.03，北纬 28.09' }).waitFor();
    await form.getByLabel('位置 粘贴坐标').fill('长沙市雨花区');
    await form.getByRole('status').filter({ hasText: '未能识别' }).waitFor();
    await form.getByLabel('位置 经度').fill('113.03');
    await form.getByLabel('位置 纬度').fill('28.09');
    await form.getByRole('img', { name: '位置：东经 113.03，北纬 28.09' }).waitFor();
    await form.getByRole('button', { name: '为“展厅”添加一行' }).click();
    await form.getByLabel('第 1 行 名称').fill('一号厅');
    await form.getByLabel('第 1 行 面积').fill('1200');
    await expectNoAxeViolations(page, 'application form with every kind');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/admin\/review-items\//);
    // The item page shows names and units, never a code or an id.
    await page.getByText('湖南省长沙市雨花区').waitFor();
    await page.getByText('320000 人次').waitFor();
    await page.getByRole('cell', { name: '1200 ㎡', exact: true }).waitFor();
    await page.getByText('东经 113.03，北纬 28.09').waitFor();
    expect(await page.getByText('430111').count()).toBe(0);
    await expectNoAxeViolations(page, 'application with every kind');
    const itemId = new URL(page.url()).pathname.split('/').pop()!;
    const host = new ApiSession(server.baseUrl);
    await host.call('POST', '/api/auth/login', { username: 'host', password: PASSWORD });
    const me = await host.call<{ user: { id: string } }>('GET', '/api/auth/me');
    const item = await host.call<{ data: Record<string, unknown> }>(
      'GET',
      `/api/review-items/${itemId}`,
    );
    expect(item.data).toEqual({
      nianJieDaiRenCi: 320000,
      suoZaiDiQu: '430111',
      lianXiRen: me.user.id,
      weiZhi: { lng: 113.03, lat: 28.09 },
      zhanTing: [{ mingCheng: '一号厅', mianJi: 1200 }],
    });
    await context.close();
  });
});
