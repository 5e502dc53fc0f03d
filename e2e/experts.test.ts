import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiSession, orgByName, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Experts-2024!';

describeWithBrowser('expert directory journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: ApiSession;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    for (const [username, displayName, role] of [
      ['longshanlan', '龙山岚', 'REVIEWER'],
      ['hunanadmin', '欧阳处长', 'ORG_ADMIN'],
    ] as const)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId: hunan.id,
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
  const menu = () => page.getByRole('navigation', { name: '科普人才' });

  it('an expert fills in a profile and chooses a public page showing only some of it', async () => {
    screenshotOnFailure(() => page, 'experts-profile');
    await login('longshanlan', '龙山岚');
    await menu().getByRole('link', { name: '我的专家资料' }).click();
    await page.getByRole('heading', { level: 1, name: '我的专家资料' }).waitFor();
    const form = page.locator('form#expert-profile');
    await form.getByLabel('职称', { exact: true }).fill('研究员');
    await pickOption(page, form, '职称级别', '正高级');
    await pickOption(page, form, '所在单位', '湖南省自然资源厅', '湖南省自然');
    await pickOption(page, form, '擅长的灾害类型', '滑坡', '滑坡');
    await page.keyboard.press('Escape');
    await form.getByRole('checkbox', { name: '应急科普' }).check();
    await form.getByRole('radio', { name: '时间有限' }).check();
    await form.getByLabel('说明').fill('汛期值守，只接受线上评审');
    await form.getByLabel('简介', { exact: true }).fill('从事湘西山区滑坡监测预警二十年。');
    await form.getByRole('checkbox', { name: /我同意在门户网站上公开/ }).check();
    for (const name of ['职称', '灾害类型', '简介'])
      await form.getByRole('checkbox', { name, exact: true }).check();
    await expectNoAxeViolations(page, 'expert profile');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await page.getByText('尚未核实').waitFor();

    // The portal shows the name and the chosen parts only.
    await page.goto('/experts');
    await page.getByRole('heading', { level: 1, name: '科普专家' }).waitFor();
    await expectNoAxeViolations(page, 'portal experts');
    await page.locator('main').getByRole('link', { name: '龙山岚' }).click();
    await page.getByRole('heading', { level: 1, name: '龙山岚' }).waitFor();
    await page.getByText('从事湘西山区滑坡监测预警二十年。').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('滑坡');
    expect(text).not.toContain('湖南省自然资源厅');
    expect(text).not.toContain('汛期值守');
    expect(text).not.toContain('正高级');
    await expectNoAxeViolations(page, 'portal expert page');
  });

  it('the unit’s administrator finds the expert by hazard and region and verifies the profile', async () => {
    screenshotOnFailure(() => page, 'experts-verify');
    await login('hunanadmin', '欧阳处长');
    await menu().getByRole('link', { name: '专家库' }).click();
    await page.getByRole('heading', { level: 1, name: '科普专家库' }).waitFor();
    await pickOption(page, page.locator('main'), '擅长的灾害类型', '滑坡');
    await page.getByRole('link', { name: '龙山岚' }).waitFor();
    await expectNoAxeViolations(page, 'expert directory');
    await page.getByRole('link', { name: '龙山岚' }).click();
    await page.getByRole('heading', { level: 1, name: '龙山岚' }).waitFor();
    await page.getByRole('button', { name: '核实' }).click();
    await confirmStep(page, '核实龙山岚的资料？', '核实');
    await page.getByText(/已由湖南省自然资源厅的欧阳处长于 .* 核实/).waitFor();
    await expectNoAxeViolations(page, 'expert detail');
    await page.goto('/experts');
    const item = page.locator('li', { hasText: '龙山岚' });
    await item.getByText('单位已核实').waitFor();
  });
});
