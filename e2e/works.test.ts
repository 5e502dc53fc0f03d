import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiSession, orgByName, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Works-2024!';
const TITLE = '滑坡来临前的征兆与避险';
const SUMMARY = '认识滑坡前兆，掌握地质灾害来临时的避险要点。';
const BODY_V1 = [
  '滑坡是山区常见的地质灾害。坡体出现裂缝、泉水突然干涸或变浑，都可能是滑坡灾害的前兆。',
  '发现前兆时，应向滑坡体两侧撤离，不要沿滑动方向逃跑。',
].join('\n\n');
const ADDED = '撤离后不要急于返回，等待专业人员确认安全。';

describeWithBrowser('works journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: ApiSession;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    // A unit of the department tree with a creator and an editor; a reviewer in another unit.
    const ministry = await orgByName(admin, '自然资源部');
    const unit = await admin.call<{ id: string }>('POST', '/api/organisations', {
      parentId: ministry.id,
      tree: 'DEPT',
      type: 'AFFILIATED_UNIT',
      name: '地质灾害科普中心',
    });
    const province = await orgByName(admin, '湖南省自然资源厅');
    for (const [username, displayName, role, organisationId] of [
      ['creator', '林创作', 'MEMBER', unit.id],
      ['editor', '周编辑', 'EDITOR', unit.id],
      ['reviewer', '王地质', 'REVIEWER', province.id],
    ] as const) {
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId,
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function consoleLogin(username: string, name: string) {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: `欢迎，${name}` }).waitFor();
  }

  const worksMenu = () => page.getByRole('navigation', { name: '作品管理' });
  const status = () => page.locator('h1 .status-tag');

  it('a creator writes, revises and submits; a reviewer passes it; an editor publishes', async () => {
    screenshotOnFailure(() => page, 'works-console');

    // The creator writes a draft …
    await consoleLogin('creator', '林创作');
    await expectNoAxeViolations(page, 'console home (creator)');
    await worksMenu().getByRole('link', { name: '新建作品' }).click();
    await page.getByRole('heading', { level: 1, name: '新建作品' }).waitFor();
    const form = page.locator('form#work');
    await pickOption(page, form, '作品类型', '图文/图解/挂图');
    await form.getByLabel('标题').fill(TITLE);
    await form.getByLabel('摘要').fill(SUMMARY);
    await form.getByLabel('正文').fill(BODY_V1);
    await pickOption(page, form, '领域', '地质');
    await pickOption(page, form, '专题', '地质灾害防治', '地质灾害');
    await page.keyboard.press('Escape');
    await expectNoAxeViolations(page, 'new work');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await status().textContent()).toBe('草稿');
    await expectNoAxeViolations(page, 'work (draft)');

    // … revises it (a second version) and reads the diff …
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('heading', { level: 1, name: `编辑“${TITLE}”` }).waitFor();
    const body = page.locator('form#work').getByLabel('正文');
    await expect.poll(() => body.inputValue()).toBe(BODY_V1);
    await body.fill(`${BODY_V1}\n\n${ADDED}`);
    await page.locator('form#work').getByLabel('修改说明').fill('补充撤离后的注意事项');
    await expectNoAxeViolations(page, 'edit work');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('cell', { name: '补充撤离后的注意事项' }).waitFor();
    await page.getByRole('button', { name: '比较', exact: true }).click();
    await page.getByRole('heading', { name: '第 1 版与第 2 版的差异' }).waitFor();
    expect(await page.locator('.diff ins').first().textContent()).toContain(ADDED);
    await expectNoAxeViolations(page, 'work diff');

    // … and submits it for the science check.
    await page.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => status().textContent()).toBe('待审核');
    await page.getByRole('button', { name: '撤回修改' }).waitFor();
    await context.close();

    // The reviewer, in another unit, finds it under 待我审核 and passes it.
    await consoleLogin('reviewer', '王地质');
    await worksMenu().getByRole('link', { name: '待我审核' }).click();
    await page.getByRole('heading', { level: 1, name: '待我审核' }).waitFor();
    await expectNoAxeViolations(page, 'awaiting check');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 2, name: '科学性审核' }).waitFor();
    await expectNoAxeViolations(page, 'work (check panel)');
    await page.getByLabel('审核意见').fill('内容科学准确，表述清楚。');
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await expect.poll(() => status().textContent()).toBe('审核通过');
    expect(await page.locator('.check-list').textContent()).toContain('王地质');
    await context.close();

    // The unit's editor publishes it.
    await consoleLogin('editor', '周编辑');
    await worksMenu().getByRole('link', { name: '作品', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '作品' }).waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await expectNoAxeViolations(page, 'works list');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('button', { name: '发布' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => status().textContent()).toBe('已发布');
    await expectNoAxeViolations(page, 'work (published)');
    await page.getByRole('link', { name: '在门户查看' }).waitFor();
    await context.close();
  });

  it('an anonymous visitor finds the work by 滑坡 and by traditional characters, and reads it', async () => {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, 'works-portal');
    await page.goto('/');
    const header = page.getByRole('banner');
    await header.getByRole('searchbox', { name: '搜索全站内容' }).fill('滑坡');
    await header.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL((u) => u.pathname === '/search');
    const hit = page.locator('.search-result').filter({ hasText: TITLE });
    await hit.waitFor();
    expect(await hit.locator('mark').first().textContent()).toBe('滑坡');
    await page.getByRole('heading', { level: 2, name: '类型' }).waitFor();
    await expectNoAxeViolations(page, 'search 滑坡');

    // Traditional characters find the simplified text.
    await header.getByRole('searchbox', { name: '搜索全站内容' }).fill('滑坡災害');
    await header.getByRole('searchbox', { name: '搜索全站内容' }).press('Enter');
    await page.getByRole('status').filter({ hasText: '滑坡災害' }).waitFor();
    await hit.waitFor();
    await expectNoAxeViolations(page, 'search 滑坡災害');

    // A facet narrows the list.
    await page
      .getByRole('complementary')
      .getByRole('link', { name: /地质\s*1/ })
      .click();
    await page.locator('.filter-chip').filter({ hasText: '地质' }).waitFor();
    await hit.waitFor();

    // Nothing found: a helpful message.
    await header.getByRole('searchbox', { name: '搜索全站内容' }).fill('火星探测器');
    await header.getByRole('searchbox', { name: '搜索全站内容' }).press('Enter');
    await page
      .getByRole('heading', { level: 2, name: '没有找到与“火星探测器”相关的内容' })
      .waitFor();
    await expectNoAxeViolations(page, 'search (no results)');

    // 资源库 lists the published works.
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '资源库' })
      .click();
    await page.getByRole('heading', { level: 1, name: '资源库' }).waitFor();
    await hit.getByRole('link', { name: TITLE }).click();

    // The work page, with its science check.
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const check = page.getByTestId('science-check');
    expect(await check.textContent()).toMatch(
      /^本作品第 2 版经 王地质 专家科学性审核（\d{4}年\d{1,2}月\d{1,2}日）$/,
    );
    expect(await page.locator('.work-body').textContent()).toContain(ADDED);
    expect(await page.title()).toBe(`${TITLE} - 自然资源科普服务平台`);
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(SUMMARY);
    await expectNoAxeViolations(page, 'work page');

    await page.setViewportSize({ width: 360, height: 780 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.goBack();
    await hit.waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page, 'library (360 px)');

    await page.goto('/works/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { level: 1, name: '作品不存在或已下线' }).waitFor();
    await expectNoAxeViolations(page, 'work not found');
    await context.close();
  });

  it('the platform admin keeps the search vocabulary and rebuilds the index', async () => {
    context = await newContext(browser, server.baseUrl);
    // The admin's API session (TOTP already passed) acts in the browser.
    await context.addCookies(admin.cookieList(server.baseUrl));
    page = await context.newPage();
    screenshotOnFailure(() => page, 'works-terms');
    await page.goto('/admin');
    await page
      .getByRole('navigation', { name: '系统管理' })
      .getByRole('link', { name: '搜索词库' })
      .click();
    await page.getByRole('heading', { level: 1, name: '搜索词库' }).waitFor();
    await page.getByRole('cell', { name: '地质灾害', exact: true }).waitFor();
    await expectNoAxeViolations(page, 'search vocabulary');

    await page.locator('.kind-switch').getByText('同义词组', { exact: true }).click();
    await page.getByRole('button', { name: '新增同义词组' }).click();
    const dialog = page.getByRole('dialog', { name: '新增同义词组' });
    await dialog.getByLabel('主词').fill('山体滑坡');
    await dialog.getByLabel('同义词').fill('山崩滑坡');
    await dialog.getByLabel('同义词').press('Enter');
    await expectNoAxeViolations(page, 'new synonym group');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: '山体滑坡、山崩滑坡' }).waitFor();

    await page.getByRole('button', { name: '重建索引' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /索引已重建，共 \d+ 条内容/ })
      .waitFor();
    // The visitor's fruitless search shows in the zero-result list.
    await page.getByRole('cell', { name: /火星/ }).first().waitFor();
    await expectNoAxeViolations(page, 'search vocabulary (after reindex)');
    await context.close();
  });
});
