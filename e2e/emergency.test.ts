import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Emergency-2024!';
const TITLE = '湖南省某县某镇滑坡';
const EXPLAINER = '湖南某县滑坡险情：往两侧跑，不要返回取财物';
const RESERVE = '滑坡来了往哪跑：避险撤离图卡';

/**
 * 应急科普 (issue 14's acceptance journey): the office opens a landslide response in Hunan; the duty
 * expert is told, acknowledges and passes an explainer drafted from the reserve; it is on the home
 * page's banner and Hunan's page at once; the board shows the time to the first explainer; the
 * office closes the response and the banner goes.
 */
describeWithBrowser('emergency response journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let boardUrl = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const root = await orgByName(admin, '自然资源部');
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    const office = await admin.call<{ id: string }>('POST', '/api/organisations', {
      parentId: root.id,
      tree: 'DEPT',
      type: 'MINISTRY_OFFICE',
      name: '部科普工作办公室',
    });
    for (const [username, displayName, role, organisationId] of [
      ['yingji', '应急值班员', 'ORG_ADMIN', office.id],
      ['xiangjun', '湘君', 'REVIEWER', hunan.id],
    ] as const)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId,
      });
    const expert = new ApiSession(server.baseUrl);
    await expert.call('POST', '/api/auth/login', { username: 'xiangjun', password: PASSWORD });
    await expert.call('PUT', '/api/experts/me', {
      title: '研究员',
      rank: 'SENIOR',
      organisationId: hunan.id,
      hazards: ['LANDSLIDE', 'DEBRIS_FLOW'],
      regions: ['430000'],
      services: ['EMERGENCY', 'REVIEW'],
    });
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
  async function login(username: string, name: string) {
    await fresh();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: `欢迎，${name}` }).waitFor();
  }

  it('the office opens a landslide response in Hunan; the duty experts are called at once', async () => {
    screenshotOnFailure(() => page, 'emergency-open');
    await login('yingji', '应急值班员');
    await page
      .getByRole('navigation', { name: '应急科普' })
      .getByRole('link', { name: '应急响应' })
      .click();
    await page.getByRole('heading', { level: 1, name: '应急响应' }).waitFor();
    // The demo's past response in Sichuan is on record; this year's figures sit above the list.
    await page.getByRole('link', { name: '四川省雅安市某县泥石流' }).waitFor();
    await expectNoAxeViolations(page, 'incidents');
    await atBothWidths(page, 'emergency-incidents');
    await page.getByRole('button', { name: '启动应急响应' }).click();
    const dialog = page.getByRole('dialog', { name: '启动应急响应' });
    await pickOption(page, dialog, '灾害类型', '滑坡');
    await dialog.getByLabel('行政区划').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '湖南省' }).first().click();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('具体地点').fill('某县某镇');
    await dialog.getByLabel('信息来源').fill('县自然资源局');
    await dialog.getByLabel('情况说明').fill('强降雨后山体出现裂缝，已转移群众 86 人。');
    await expectNoAxeViolations(page, 'open dialog');
    await dialog.getByRole('button', { name: '启动应急响应' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    boardUrl = new URL(page.url()).pathname;
    const duty = page.locator('.duty-list');
    await duty.getByText('湘君').waitFor();
    // The demo's landslide expert serving Hunan is called too; nobody has answered yet.
    await duty.getByText('王强').waitFor();
    expect(await duty.getByText('未确认').count()).toBe(2);
    await page.getByText('尚未发布解读').waitFor();
    await expectNoAxeViolations(page, 'board');
    await atBothWidths(page, 'emergency-board');

    // An explainer from the reserve: Hunan's phone card, adapted and sent to the duty experts.
    const proposal = page.getByRole('listitem', { name: RESERVE });
    await proposal.getByRole('button', { name: '据此起草' }).click();
    const draft = page.getByRole('dialog', { name: `据《${RESERVE}》起草解读稿` });
    await draft.getByLabel('标题').fill(EXPLAINER);
    await draft.getByRole('button', { name: '据此起草' }).click();
    await draft.waitFor({ state: 'detached' });
    const item = page.getByRole('listitem', { name: EXPLAINER });
    await item.getByText(`据储备内容《${RESERVE}》起草`).waitFor();
    await item.getByRole('button', { name: '提交值班专家审核' }).click();
    await item.getByText('待专家审核').waitFor();
  });

  it('the duty expert is told, acknowledges and passes the explainer, published at once', async () => {
    screenshotOnFailure(() => page, 'emergency-approve');
    await login('xiangjun', '湘君');
    await page.goto('/me/notifications');
    await page.getByText(`应急科普值班：${TITLE}`).waitFor();
    await page.getByRole('link', { name: `待您审核：${EXPLAINER}` }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(page.url()).pathname).toBe(boardUrl);
    await page.getByText('您是本次应急科普的值班专家').waitFor();
    await expectNoAxeViolations(page, 'board as the duty expert');
    await page.getByRole('button', { name: '确认收到' }).click();
    await page.getByText('已确认收到').first().waitFor();
    const item = page.getByRole('listitem', { name: EXPLAINER });
    await item.getByRole('button', { name: '阅读全文' }).click();
    await item.getByText('向滑坡体两侧稳定的地方撤离').waitFor();
    await item.getByRole('button', { name: '审核通过并发布' }).click();
    const confirm = page.getByRole('dialog', { name: `审核通过并发布《${EXPLAINER}》？` });
    await confirm.getByText('通过后解读立即在门户发布').waitFor();
    await confirm.getByLabel('审核意见（可选）').fill('表述准确，可以发布');
    await confirmStep(page, `审核通过并发布《${EXPLAINER}》？`, '审核通过并发布');
    await item.getByText('已发布', { exact: true }).waitFor();
    await page.getByText(/首篇解读用时 \d+ 分钟/).waitFor();
  });

  it('the portal shows it on the home page’s banner and Hunan’s page, at phone width too', async () => {
    screenshotOnFailure(() => page, 'emergency-portal');
    await fresh();
    await page.goto('/');
    const banner = page.getByRole('region', { name: '应急科普' });
    await banner.getByText(TITLE).waitFor();
    await expectNoAxeViolations(page, 'home with the banner');
    await atBothWidths(page, 'emergency-home');
    await banner.getByRole('link', { name: `阅读解读：${EXPLAINER}` }).click();
    await page.getByRole('heading', { level: 1, name: EXPLAINER }).waitFor();
    await page.goBack();
    await page
      .getByRole('region', { name: '应急科普' })
      .getByRole('link', { name: '本省应急科普' })
      .click();
    await page.getByRole('heading', { level: 1, name: '湖南省应急科普' }).waitFor();
    await page.getByRole('link', { name: EXPLAINER }).waitFor();
    // Prevention content kept for Hunan (and nationwide) is there in quiet times too.
    await page.getByRole('link', { name: RESERVE }).waitFor();
    await expectNoAxeViolations(page, 'Hunan’s page');
    await atBothWidths(page, 'emergency-region');
  });

  it('the office sees the time to the first explainer, closes the response, and the banner goes', async () => {
    screenshotOnFailure(() => page, 'emergency-close');
    await login('yingji', '应急值班员');
    await page.goto(boardUrl);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByText(/首篇解读用时 \d+ 分钟/).waitFor();
    expect(
      await page
        .locator('.duty-list')
        .getByText(/已确认 /)
        .count(),
    ).toBe(1);
    await page.getByRole('button', { name: '结束响应' }).click();
    const dialog = page.getByRole('dialog', { name: `结束“${TITLE}”的应急响应？` });
    await dialog.getByText('结束后不能重新开启').waitFor();
    await dialog.getByLabel('结束说明').fill('险情解除，群众已返回');
    await confirmStep(page, `结束“${TITLE}”的应急响应？`, '结束响应');
    await page.getByText(/已于 .* 结束/).waitFor();
    await page.goto('/admin/incidents');
    await page.getByText(/首篇解读用时中位数/).waitFor();

    await fresh();
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByRole('link', { name: '应急科普' }).first().waitFor();
    expect(await page.getByRole('region', { name: '应急科普' }).count()).toBe(0);
    // The explainer stays in the library.
    await page.goto('/regions/430000');
    await page.getByRole('heading', { level: 2, name: '近一年的事件' }).waitFor();
    await page.getByRole('link', { name: EXPLAINER }).waitFor();
  });
});
