import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jpegWithGps, mp3, pdf, png, triangleGlb, webm } from '../server/test/media-fixtures.ts';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
import {
  atBothWidths,
  confirmStep,
  describeWithBrowser,
  expectNoAxeViolations,
  hasHorizontalScroll,
  launchBrowser,
  newContext,
  pickOption,
  type Server,
  screenshotOnFailure,
  shot,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Works-2024!';
const TITLE = '滑坡来临前的征兆与避险';
const SUMMARY = '认识滑坡前兆，掌握地质灾害来临时的避险要点。';
const PARAGRAPHS = [
  '滑坡是山区常见的地质灾害。坡体出现裂缝、泉水突然干涸或变浑，都可能是滑坡灾害的前兆。',
  '发现前兆时，应向滑坡体两侧撤离，不要沿滑动方向逃跑。',
];
const ADDED = '撤离后不要急于返回，等待专业人员确认安全。';
const COLLECTION = '地质灾害防治科普专题';

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
    await form.getByLabel('标题', { exact: true }).fill(TITLE);
    await form.getByLabel('摘要').fill(SUMMARY);
    // The rich-text editor: a heading, two paragraphs, one word in bold.
    const editor = form.getByRole('textbox', { name: '正文', exact: true });
    await editor.click();
    await form.getByRole('button', { name: '二级标题' }).click();
    await page.keyboard.insertText('滑坡的前兆');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(PARAGRAPHS[0]!);
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.insertText('注意：');
    await form.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.insertText(PARAGRAPHS[1]!);
    expect(await form.getByRole('button', { name: '加粗' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    await pickOption(page, form, '领域', '地质');
    await pickOption(page, form, '主题', '地质灾害防治', '地质灾害');
    await page.keyboard.press('Escape');
    // A colleague of the unit as the second author, linked to their account by name.
    await form.getByRole('button', { name: '添加作者' }).click();
    await form.getByLabel('第 2 位作者姓名').fill('周编辑');
    await pickOption(page, form, '第 2 位作者的平台账号', '周编辑', '周');
    // A cover photo (its GPS position is stripped on the server) and a video.
    await form.getByTestId('upload-IMAGE').setInputFiles({
      name: '滑坡现场.jpg',
      mimeType: 'image/jpeg',
      buffer: await jpegWithGps(800, 450),
    });
    await form.getByRole('list', { name: '封面' }).getByText('滑坡现场.jpg').waitFor();
    await form.getByLabel('“滑坡现场.jpg”的替代文字').fill('山坡上的滑坡裂缝');
    await form.getByTestId('upload-any').setInputFiles({
      name: '滑坡避险.webm',
      mimeType: 'video/webm',
      buffer: webm(),
    });
    await form.getByRole('list', { name: '附件' }).getByText('滑坡避险.webm').waitFor();
    await expect
      .poll(() => form.getByRole('list', { name: '附件' }).textContent())
      .toMatch(/视频 · .*0:03/);
    await shot(page, 'work-form-media');
    await expectNoAxeViolations(page, 'new work');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await status().textContent()).toBe('草稿');
    await page.getByRole('heading', { level: 2, name: '封面与附件' }).waitFor();
    expect(await page.locator('.work-cover-console img').getAttribute('alt')).toBe(
      '山坡上的滑坡裂缝',
    );
    await expectNoAxeViolations(page, 'work (draft)');

    // … revises it (a second version) and reads the diff …
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('heading', { level: 1, name: `编辑“${TITLE}”` }).waitFor();
    const body = page.locator('form#work').getByRole('textbox', { name: '正文', exact: true });
    await expect.poll(() => body.textContent()).toContain(PARAGRAPHS[1]!);
    // The saved links are kept: the colleague's account, under the name the work credits.
    await page.locator('form#work').getByText('已关联：周编辑').waitFor();
    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(ADDED);
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

    // The reviewer, in another unit, sees it waiting on the console home (我的待办) …
    await consoleLogin('reviewer', '王地质');
    const todos = page.getByRole('region', { name: '我的待办' });
    const checks = todos.getByRole('list', { name: /待科学性审核的作品/ });
    await checks.getByRole('link', { name: TITLE }).waitFor();
    expect(await todos.getByRole('heading', { level: 3 }).first().textContent()).toContain(
      '共 1 项',
    );
    await expectNoAxeViolations(page, 'console home with to-dos');
    await atBothWidths(page, 'console-todos');
    // … finds it under 待我审核 too, and passes it.
    await worksMenu().getByRole('link', { name: '待我审核' }).click();
    await page.getByRole('heading', { level: 1, name: '待我审核' }).waitFor();
    await expectNoAxeViolations(page, 'awaiting check');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 2, name: '科学性审核' }).waitFor();
    await expectNoAxeViolations(page, 'work (check panel)');
    await page.getByLabel('审核意见').fill('内容科学准确，表述清楚。');
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await confirmStep(page, `科学性审核通过“${TITLE}”？`, '审核通过');
    await expect.poll(() => status().textContent()).toBe('审核通过');
    expect(await page.locator('.check-list').textContent()).toContain('王地质');
    // Checked, it no longer waits on the reviewer's home.
    await page.getByRole('link', { name: '管理后台' }).click();
    await page.getByText('目前没有等您处理的事项。').waitFor();
    await context.close();

    // The unit's editor publishes it.
    await consoleLogin('editor', '周编辑');
    await worksMenu().getByRole('link', { name: '作品', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '作品' }).waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await expectNoAxeViolations(page, 'works list');
    // The list downloads as xlsx under its Chinese name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('科普作品.xlsx');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('button', { name: '发布' }).click();
    await confirmStep(page, `发布作品“${TITLE}”？`, '发布');
    await expect.poll(() => status().textContent()).toBe('已发布');
    await expectNoAxeViolations(page, 'work (published)');
    await page.getByRole('link', { name: '在门户查看' }).waitFor();
    await context.close();

    // The creator hears of the check: the bell counts it, the inbox leads to the work.
    await consoleLogin('creator', '林创作');
    await page.getByRole('link', { name: '消息，1 条未读' }).click();
    await page.getByRole('heading', { level: 1, name: '消息' }).waitFor();
    const heard = page.getByRole('link', { name: `《${TITLE}》已通过科学性审核` });
    await heard.waitFor();
    expect(await page.locator('.inbox-body').first().textContent()).toContain('内容科学准确');
    await page.getByText('平台尚未配置邮件服务').waitFor();
    await expectNoAxeViolations(page, 'inbox');
    await atBothWidths(page, 'inbox');
    await heard.click();
    await expect.poll(() => page.locator('h1').first().textContent()).toContain(TITLE);
    // Read now: the bell shows no count.
    await page.getByRole('link', { name: '消息', exact: true }).waitFor();

    // On the portal, the creator gives an address for the reminders.
    await page.goto('/me');
    await page.getByRole('button', { name: '修改个人信息' }).click();
    await page.getByLabel('电子邮箱').fill('not-an-address');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('请输入有效的电子邮箱').waitFor();
    await page.getByLabel('电子邮箱').fill('lin@example.cn');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('lin@example.cn').waitFor();
    await expectNoAxeViolations(page, 'me (profile saved)');
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
    await page.getByRole('heading', { level: 2, name: '类型', exact: true }).waitFor();
    // The work's own type is a facet too.
    await page.getByRole('heading', { level: 2, name: '作品类型', exact: true }).waitFor();
    await expectNoAxeViolations(page, 'search 滑坡');

    // The word in pinyin finds the same work, and the page says how the letters were read.
    await header.getByRole('searchbox', { name: '搜索全站内容' }).fill('huapo');
    await header.getByRole('searchbox', { name: '搜索全站内容' }).press('Enter');
    await page.getByRole('status').filter({ hasText: '按拼音匹配：滑坡' }).waitFor();
    await hit.waitFor();

    // Traditional characters find the simplified text.
    await header.getByRole('searchbox', { name: '搜索全站内容' }).fill('滑坡災害');
    await header.getByRole('searchbox', { name: '搜索全站内容' }).press('Enter');
    await page.getByRole('status').filter({ hasText: '滑坡災害' }).waitFor();
    await hit.waitFor();
    // Found with every word (災害 read as 灾害, and marked so), not by relaxing the query.
    await hit.locator('mark').filter({ hasText: '灾害' }).first().waitFor();
    expect(await page.locator('.search-relaxed').count()).toBe(0);
    await expectNoAxeViolations(page, 'search 滑坡災害');

    // A facet narrows the list.
    await page
      .getByRole('complementary')
      .getByRole('link', { name: /^地质\s*\d+$/ })
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
    expect(await page.locator('.work-body h2').textContent()).toBe('滑坡的前兆');
    expect(await page.locator('.work-body strong').first().textContent()).toBe('注意：');
    expect(await page.title()).toBe(`${TITLE} - 自然资源科普服务平台`);
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(SUMMARY);
    // The video plays (poster from ffmpeg, bytes served by range requests).
    const video = page.getByTestId('video-player');
    expect(await video.getAttribute('poster')).toMatch(/\/poster$/);
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
      .toBeGreaterThan(0.3);
    expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
    await shot(page, 'work-page-video');
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

  it('an editor curates a featured collection; a visitor finds it on the science channel', async () => {
    await consoleLogin('editor', '周编辑');
    screenshotOnFailure(() => page, 'works-collection');
    // The unit's media library lists what the creator uploaded.
    await worksMenu().getByRole('link', { name: '媒体库' }).click();
    await page.getByRole('heading', { level: 1, name: '媒体库' }).waitFor();
    await page.getByRole('button', { name: '滑坡避险.webm', exact: true }).waitFor();
    await shot(page, 'media-library');
    await expectNoAxeViolations(page, 'media library');
    await page.getByRole('button', { name: '滑坡避险.webm', exact: true }).click();
    await page.getByRole('dialog').getByTestId('video-player').waitFor();
    await expectNoAxeViolations(page, 'media library (file)');
    await page.keyboard.press('Escape');
    await worksMenu().getByRole('link', { name: '专题与系列' }).click();
    await page.getByRole('heading', { level: 1, name: '专题与系列' }).waitFor();
    await expectNoAxeViolations(page, 'collections list');
    await page.getByRole('button', { name: '新建专题或系列' }).click();
    const form = page.locator('form#collection');
    await form.getByLabel('标题', { exact: true }).fill(COLLECTION);
    await form.getByRole('textbox', { name: '导语', exact: true }).click();
    await page.keyboard.insertText('认识滑坡、泥石流等地质灾害，学会识别前兆和科学避险。');
    await form.getByTestId('upload-IMAGE').setInputFiles({
      name: '专题封面.png',
      mimeType: 'image/png',
      buffer: await png(640, 360),
    });
    await form.getByRole('list', { name: '封面' }).getByText('专题封面.png').waitFor();
    await form.getByRole('switch', { name: '频道推荐' }).click();
    await expectNoAxeViolations(page, 'new collection');
    await form.getByRole('button', { name: '新建专题或系列' }).click();
    await page.getByRole('heading', { level: 1, name: COLLECTION }).waitFor();

    // Add the published work found by search, then publish.
    await page.getByRole('searchbox', { name: '搜索已发布的作品' }).fill('滑坡');
    await page.getByRole('searchbox', { name: '搜索已发布的作品' }).press('Enter');
    await page.getByRole('button', { name: `收录“${TITLE}”` }).click();
    await page.getByLabel(`“${TITLE}”的推荐语`).fill('先读这篇，学会识别前兆');
    await page.getByRole('button', { name: '保存作品列表' }).click();
    await page.getByText('已保存，共 1 件作品').waitFor();
    await shot(page, 'collection-console');
    await expectNoAxeViolations(page, 'collection (items)');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByRole('link', { name: '在门户中查看' }).waitFor();
    await context.close();

    // A visitor: 科普频道 → the featured collection → the work.
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/');
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '科普频道' })
      .click();
    await page.getByRole('heading', { level: 1, name: '科普频道' }).waitFor();
    const featured = page.getByRole('region', { name: '推荐专题' });
    await featured.getByRole('link', { name: COLLECTION }).waitFor();
    await page
      .getByRole('region', { name: '最新作品' })
      .getByRole('link', { name: TITLE })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: '近期主题日' }).waitFor();
    await shot(page, 'channel');
    await expectNoAxeViolations(page, 'science channel');
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
    await featured.getByRole('link', { name: COLLECTION }).click();
    await page.getByRole('heading', { level: 1, name: COLLECTION }).waitFor();
    await page.getByText('先读这篇，学会识别前兆').waitFor();
    await shot(page, 'collection-page');
    await expectNoAxeViolations(page, 'collection page');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await context.close();
  });

  it('a reader opens a PDF, turns a 3D model with the keyboard and plays the audio', async () => {
    // Set up through the API: a work with a GLB model, a PDF and an MP3, checked and published.
    const ministry = await orgByName(admin, '地质灾害科普中心');
    const model = await admin.upload(
      { organisationId: ministry.id, name: '岩层模型.glb' },
      triangleGlb(),
    );
    const manual = await admin.upload({ organisationId: ministry.id, name: '避险手册.pdf' }, pdf());
    const rhyme = await admin.upload({ organisationId: ministry.id, name: '避险口诀.mp3' }, mp3(2));
    const w = await admin.call<{ id: string }>('POST', '/api/works', {
      organisationId: ministry.id,
      type: 'MODEL_3D',
      title: '褶皱岩层三维模型',
      summary: '转动模型，看清岩层的弯曲。',
      mediaIds: [model.id, manual.id, rhyme.id],
    });
    await admin.call('POST', `/api/works/${w.id}/submit`);
    const reviewer = new ApiSession(server.baseUrl);
    await reviewer.call('POST', '/api/auth/login', { username: 'reviewer', password: PASSWORD });
    await reviewer.call('POST', `/api/works/${w.id}/check`, { decision: 'PASSED' });
    await admin.call('POST', `/api/works/${w.id}/publish`);

    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    screenshotOnFailure(() => page, 'works-model');
    await page.goto(`/works/${w.id}`);
    await page.getByRole('heading', { level: 1, name: '褶皱岩层三维模型' }).waitFor();
    const viewer = page.getByTestId('model-viewer');
    await expect.poll(() => viewer.getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    // Turned by keyboard: the buttons are in the tab order.
    const before = await viewer.locator('canvas').screenshot();
    await page.getByRole('button', { name: '向右转' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await viewer.locator('canvas').screenshot()).equals(before))
      .toBe(false);
    const pdfFrame = page.locator('iframe[title="PDF 文档：避险手册"]');
    await pdfFrame.waitFor();
    expect(await pdfFrame.getAttribute('src')).toBe(`/api/media/${manual.id}/original`);
    // The audio plays from the bytes the server streams.
    const audio = page.getByRole('figure').filter({ hasText: '避险口诀' }).locator('audio');
    expect(await audio.getAttribute('aria-label')).toContain('避险口诀');
    await audio.evaluate(async (a: HTMLAudioElement) => {
      a.muted = true;
      await a.play();
    });
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime))
      .toBeGreaterThan(0.3);
    expect(await audio.evaluate((a: HTMLAudioElement) => a.error)).toBeNull();
    await shot(page, 'work-model-pdf');
    await expectNoAxeViolations(page, 'work with model and PDF');
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

  it('a creator downloads the import template, and the file imports as it is', async () => {
    screenshotOnFailure(() => page, 'works-import');
    await consoleLogin('creator', '林创作');
    await worksMenu().getByRole('link', { name: '作品', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '作品' }).waitFor();
    const panel = page.getByRole('region', { name: '批量导入作品' });
    await panel.waitFor();
    await expectNoAxeViolations(page, 'works list with the import');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: '下载模板' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('作品导入模板.xlsx');
    const template = fs.readFileSync((await download.path())!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['作品', '可选值']);
    const example = String(wb.worksheets[0]!.getCell('A2').value);
    expect(wb.worksheets[0]!.getCell('E2').value).toBe('地质');

    // A value the platform does not know: the file is refused, naming the row, the column and
    // the values it takes.
    wb.worksheets[0]!.getCell('E2').value = '火星';
    const wrong = Buffer.from(await wb.xlsx.writeBuffer());
    const file = panel.getByLabel('上传 xlsx 文件');
    await file.setInputFiles({
      name: '作品导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: wrong,
    });
    await panel.getByRole('alert').filter({ hasText: '文件未导入：1 处问题' }).waitFor();
    const problem = panel.getByRole('row').filter({ hasText: '火星' });
    expect(await problem.getByRole('cell').allTextContents()).toEqual([
      '2',
      '领域',
      expect.stringContaining('可选值：土地 (LAND)'),
    ]);
    await expectNoAxeViolations(page, 'works import rejected');

    // The template as downloaded imports: its example row becomes a draft of the unit.
    await file.setInputFiles({
      name: '作品导入模板.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: template,
    });
    await page.getByText('已导入 1 个作品').waitFor();
    await page.getByRole('link', { name: example }).click();
    await page.getByRole('heading', { level: 1, name: example }).waitFor();
    expect(await status().textContent()).toBe('草稿');
    await context.close();
  });
});
