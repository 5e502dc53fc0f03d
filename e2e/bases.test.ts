import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { png } from '../server/test/media-fixtures.ts';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
import {
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

const PASSWORD = 'Kepu-Bases-2024!';
const CALL = '2026 年度国家自然资源科普基地推荐';
const BASE = '湖南省地质博物馆';

describeWithBrowser('base naming journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: ApiSession;
  /** Named national bases and plotted points before this journey names one (the demo world has some). */
  let before = { national: 0, points: 0 };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const stats = await admin.call<{ national: number; points: unknown[] }>(
      'GET',
      '/api/public/bases/stats',
    );
    before = { national: stats.national, points: stats.points.length };
    const office = await orgByName(admin, '自然资源部科普工作办公室');
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    const museum = await orgByName(admin, BASE);
    const cags = await orgByName(admin, '中国地质科学院');
    const people = [
      ['office', '陈处长', 'EDITOR', office.id],
      ['hunan', '张处长', 'ORG_ADMIN', hunan.id],
      ['host', '刘馆长', 'ORG_ADMIN', museum.id],
      ['expert1', '李研究员', 'REVIEWER', cags.id],
      ['expert2', '王研究员', 'REVIEWER', cags.id],
      ['expert3', '赵研究员', 'REVIEWER', cags.id],
      ['expert4', '孙研究员', 'REVIEWER', museum.id],
    ] as const;
    for (const [username, displayName, role, organisationId] of people)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId,
      });
    // The three experts of the institute are geologists (they are matched first).
    for (const u of ['expert1', 'expert2', 'expert3', 'expert4']) {
      const s = new ApiSession(server.baseUrl);
      await s.call('POST', '/api/auth/login', { username: u, password: PASSWORD });
      await s.call('PUT', '/api/experts/me', { title: '研究员', sectors: ['GEOLOGY'] });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function login(username: string, name: string) {
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: `欢迎，${name}` }).waitFor();
  }
  const menu = () => page.getByRole('navigation', { name: '评审与基地' });
  const openCall = async () => {
    await menu().getByRole('link', { name: '征集与评审' }).click();
    await page.getByRole('link', { name: CALL }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(CALL) }).waitFor();
  };
  const openItem = async () => {
    await openCall();
    await page.getByRole('region', { name: '申报' }).getByRole('link', { name: BASE }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(BASE) }).waitFor();
  };
  const status = () => page.locator('h1 .review-status');

  it('a host applies, the province recommends, the office checks; experts score, one excluded', async () => {
    screenshotOnFailure(() => page, 'bases-apply');
    // The office opens a call from the base-naming template.
    await login('office', '陈处长');
    await menu().getByRole('link', { name: '征集与评审' }).click();
    await page.getByRole('heading', { level: 1, name: '征集与评审' }).waitFor();
    await page.getByRole('button', { name: '新建征集' }).click();
    const dialog = page.getByRole('dialog', { name: '新建征集' });
    await pickOption(page, dialog, '组织单位', '自然资源部科普工作办公室', '科普工作办公室');
    await dialog.getByLabel('征集名称').fill(CALL);
    await dialog.getByLabel('文号').fill('自然资办函〔2026〕816号');
    await expectNoAxeViolations(page, 'new call');
    await dialog.getByRole('button', { name: '创建' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(CALL) }).waitFor();
    // Before opening: a deadline for the expert review, and one more form field.
    const editor = page.locator('form#call-editor');
    await editor.getByLabel('“专家评审”截止日期').fill('2099-12-31');
    await editor.getByRole('button', { name: '添加表单项' }).click();
    await editor.getByLabel('第 11 项名称').fill('特色展陈');
    await expectNoAxeViolations(page, 'call editor');
    await editor.getByRole('button', { name: '保存' }).click();
    await page.getByText('专家评审（2099-12-31）').waitFor();
    // Publishing asks first, in words that say what cannot be undone; 取消 changes nothing.
    await page.getByRole('button', { name: '发布征集' }).click();
    const ask = page.getByRole('dialog', { name: `发布征集“${CALL}”？` });
    await ask
      .getByText('发布后征集将对所有单位公开，可以开始申报；发布后不能再修改申报表、评审规则和流程')
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('取消');
    await expectNoAxeViolations(page, 'confirm: open the call');
    await ask.getByRole('button', { name: '取消' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(await page.locator('h1 .call-status').textContent()).toBe('草稿');
    await page.locator('form#call-editor').waitFor();
    await page.getByRole('button', { name: '发布征集' }).click();
    await confirmStep(page, `发布征集“${CALL}”？`, '发布征集');
    await page.locator('h1 .call-status').filter({ hasText: '申报中' }).waitFor();
    await expectNoAxeViolations(page, 'call (open)');
    await context.close();

    // The host applies.
    await login('host', '刘馆长');
    await openCall();
    await page.getByRole('button', { name: '我要申报' }).click();
    const form = page.locator('form#application');
    await form.getByLabel('申报项目').fill(BASE);
    await pickOption(page, form, '基地类别', '科普场馆类');
    await form.getByLabel('地址', { exact: true }).fill('长沙市雨花区洞井街道');
    // The county from the divisions, never a typed code; the place as a point.
    await form.getByLabel('所在县级行政区').click();
    for (const name of ['湖南省', '长沙市', '雨花区'])
      await page.locator('.ant-cascader-menu-item').filter({ hasText: name }).first().click();
    await form.getByLabel('位置 经度').fill('113.03');
    await form.getByLabel('位置 纬度').fill('28.09');
    await form.getByLabel('开放时间').fill('周二至周日 9:00–17:00');
    await form.getByLabel('日最大接待量（人）').fill('3000');
    await form.getByLabel('科普设施').fill('常设展厅八个，4D 影院一座，地学实验室一间。');
    await form.getByLabel('年接待人次').fill('320000');
    await form.getByLabel('专兼职科普人员数').fill('45');
    await form
      .getByLabel('基地简介')
      .fill('以地球演化和湖南地质资源为主题的地学博物馆，常设展厅八个。');
    await form
      .getByTestId('upload-IMAGE')
      .first()
      .setInputFiles({ name: '展厅.png', mimeType: 'image/png', buffer: await png(400, 300) });
    await form.getByText('展厅.png').waitFor();
    await pickOption(page, form, '领域', '地质');
    await page.keyboard.press('Escape');
    await expectNoAxeViolations(page, 'application form');
    await shot(page, 'application-form');
    await form.getByRole('button', { name: '提交申报' }).click();
    await confirmStep(page, `提交申报“${BASE}”？`, '提交申报');
    await page.getByRole('heading', { level: 1, name: new RegExp(BASE) }).waitFor();
    await expect.poll(() => status().textContent()).toBe('已提交');
    await expectNoAxeViolations(page, 'application (submitted)');
    await context.close();

    // The provincial department sees it waiting on its console home and recommends it from there.
    await login('hunan', '张处长');
    const waiting = page
      .getByRole('region', { name: '我的待办' })
      .getByRole('list', { name: /待推荐的申报/ })
      .getByRole('link', { name: BASE });
    await waiting.waitFor();
    await waiting.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(BASE) }).waitFor();
    await page.getByRole('button', { name: '推荐', exact: true }).click();
    await page.getByLabel('意见（不同意时必填）').fill('材料真实，同意推荐。');
    await expectNoAxeViolations(page, 'recommend dialog');
    await page.getByRole('button', { name: '同意推荐' }).click();
    await confirmStep(page, `同意推荐“${BASE}”？`, '同意推荐');
    await expect.poll(() => status().textContent()).toBe('已推荐');
    await context.close();

    // The office checks it formally and assigns experts automatically.
    await login('office', '陈处长');
    await openItem();
    await page.getByRole('button', { name: '形式审查' }).click();
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await confirmStep(page, `通过“${BASE}”？`, '通过');
    await expect.poll(() => status().textContent()).toBe('形式审查通过');
    await openCall();
    await page.getByRole('button', { name: '自动分配专家' }).click();
    await confirmStep(page, `为“${CALL}”自动分配专家？`, '自动分配');
    await page.getByText(/已为 1 份申报分配 3 人次专家/).waitFor();
    await page.getByRole('region', { name: '申报' }).getByRole('link', { name: BASE }).click();
    const excluded = page.getByRole('region', { name: '评审专家' });
    await excluded.getByRole('cell', { name: '孙研究员' }).waitFor();
    expect(await excluded.getByRole('row').filter({ hasText: '孙研究员' }).textContent()).toContain(
      '同一单位',
    );
    await shot(page, 'application-organiser');
    await expectNoAxeViolations(page, 'application (organiser)');
    await context.close();

    // Three experts score; the fourth has nothing to review.
    const scores = [
      ['expert1', '李研究员', [90, 85, 80, 88]],
      ['expert2', '王研究员', [80, 75, 70, 78]],
      ['expert3', '赵研究员', [95, 90, 85, 92]],
    ] as const;
    for (const [u, name, s] of scores) {
      await login(u, name);
      await menu().getByRole('link', { name: '评审任务' }).click();
      await page.getByRole('link', { name: BASE }).click();
      await page.getByRole('heading', { level: 2, name: '评分' }).waitFor();
      const labels = ['科普内容与特色', '场地设施与展陈', '科普队伍与制度', '科普活动与成效'];
      for (const [i, l] of labels.entries())
        await page.getByLabel(new RegExp(`^${l}（`)).fill(String(s[i]));
      await page.getByLabel('“科普活动与成效”评语').fill('活动丰富，成效明显。');
      if (u === 'expert1') await expectNoAxeViolations(page, 'scoring');
      await page.getByRole('button', { name: '提交评分' }).click();
      await confirmStep(page, `提交对“${BASE}”的评分？`, '提交评分');
      await page
        .getByText(/评分已提交，加权总分/)
        .first()
        .waitFor();
      await context.close();
      if (u !== 'expert1') continue;
      // With two scores missing, ending the round says how many and from whom; Esc keeps it open.
      await login('office', '陈处长');
      await openCall();
      await page.getByRole('button', { name: '结束本轮评审' }).click();
      const ask = page.getByRole('dialog', { name: '结束第 1 轮评审？' });
      await ask.getByText('还有 2 份评分未提交，来自：').waitFor();
      await ask.getByText(`王研究员（${BASE}）`).waitFor();
      await ask.getByText(`赵研究员（${BASE}）`).waitFor();
      await ask.getByText(/未提交的专家不能再为其补交评分；本轮结束后不能重新打开/).waitFor();
      expect(await ask.getByRole('button', { name: '结束本轮评审' }).getAttribute('class')).toMatch(
        /dangerous/,
      );
      await expectNoAxeViolations(page, 'confirm: end the round (scores missing)');
      await page.keyboard.press('Escape');
      await ask.waitFor({ state: 'hidden' });
      const ranking = page.getByRole('region', { name: /专家评审/ });
      expect(await ranking.getByRole('row').filter({ hasText: BASE }).textContent()).toContain(
        '评审中',
      );
      await context.close();
    }
    await login('expert4', '孙研究员');
    await menu().getByRole('link', { name: '评审任务' }).click();
    await page.getByText('暂时没有评审任务').waitFor();
    await context.close();
  });

  it('the office decides and opens 公示; a visitor objects; the objection is handled; the base is named', async () => {
    screenshotOnFailure(() => page, 'bases-notice');
    await login('office', '陈处长');
    await openCall();
    await page.getByRole('button', { name: '结束本轮评审' }).click();
    await page
      .getByRole('dialog', { name: '结束第 1 轮评审？' })
      .getByText('本轮分配的评分都已提交。')
      .waitFor();
    await confirmStep(page, '结束第 1 轮评审？', '结束本轮评审');
    await page
      .getByRole('region', { name: /专家评审/ })
      .getByRole('cell', { name: '86.25' })
      .waitFor();
    await page.getByRole('region', { name: '申报' }).getByRole('link', { name: BASE }).click();
    await page.getByRole('button', { name: '作出决定' }).click();
    await page.getByLabel('理由').fill('综合得分 86.25 分，排名第一。');
    await page.getByRole('button', { name: '拟入选', exact: true }).click();
    await confirmStep(page, `拟入选“${BASE}”？`, '拟入选');
    await expect.poll(() => status().textContent()).toBe('拟入选');
    await openCall();
    const notice = page.getByRole('region', { name: '公示' });
    await notice.getByLabel(new RegExp(BASE)).check();
    // The last day comes from 5 working days by default; the journey ends its notice today.
    const endsAt = notice.getByLabel('公示结束');
    await expect.poll(() => endsAt.inputValue()).not.toBe('');
    expect(await notice.getByLabel('公示期（工作日）').inputValue()).toBe('5');
    await endsAt.fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    await expectNoAxeViolations(page, 'notice form');
    await notice.getByRole('button', { name: '发布公示' }).click();
    await confirmStep(page, `发布公示“${CALL}拟入选名单公示”？`, '发布公示');
    await notice.getByRole('link', { name: '查看公示页' }).waitFor();
    const noticeUrl = await notice.getByRole('link', { name: '查看公示页' }).getAttribute('href');
    await shot(page, 'call-organiser');
    await context.close();

    // A visitor finds the notice on the home page and objects.
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/');
    await page
      .getByRole('region', { name: '正在公示' })
      .getByRole('link', { name: /拟入选名单公示/ })
      .click();
    await page.waitForURL((u) => u.pathname === noticeUrl);
    await page.getByRole('heading', { level: 1, name: /拟入选名单公示/ }).waitFor();
    await page.getByRole('cell', { name: BASE }).first().waitFor();
    const objection = page.locator('form#objection');
    await pickOption(page, objection, '对哪一项有异议', BASE);
    await objection.getByLabel('姓名').fill('王五');
    await objection.getByLabel('联系方式').fill('13900000000');
    await objection
      .getByLabel('异议内容和理由')
      .fill('该馆去年闭馆整修半年，年接待人次可能不实，请核实。');
    await expectNoAxeViolations(page, 'public notice');
    await shot(page, 'public-notice');
    await objection.getByRole('button', { name: '提交异议' }).click();
    await page.getByText('异议已收到，我们会核实后答复。').waitFor();
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await context.close();

    // The office handles it, closes the notice and names the base.
    await login('office', '陈处长');
    await openCall();
    const n = page.getByRole('region', { name: '公示' });
    await n.getByRole('cell', { name: /王五/ }).waitFor();
    await n.getByRole('button', { name: '不予采纳' }).click();
    await page.getByLabel('处理情况').fill('经核实，闭馆期间数据未计入，申报数据属实。');
    await page
      .getByRole('dialog', { name: '不予采纳' })
      .getByRole('button', { name: '不予采纳' })
      .click();
    await n.getByText(/不予采纳：经核实/).waitFor();
    await n.getByRole('button', { name: '结束公示' }).click();
    await confirmStep(page, `结束公示“${CALL}拟入选名单公示”？`, '结束公示');
    const naming = page.getByRole('region', { name: '命名' });
    await naming.getByLabel(BASE).check();
    await naming.getByLabel('命名文号').fill('自然资发〔2026〕265号');
    await expectNoAxeViolations(page, 'naming');
    await naming.getByRole('button', { name: '命名', exact: true }).click();
    await confirmStep(page, '命名 1 个基地？', '命名');
    await page.getByText('已命名 1 个基地').waitFor();
    // The dashboard: against the plan's target, and the base as a point (no boundary map).
    await menu().getByRole('link', { name: '基地看板' }).click();
    await page
      .getByText(`已命名国家自然资源科普基地 ${before.national + 1} 家，目标到 2025 年 100 家。`)
      .waitFor();
    await page
      .getByRole('img', { name: `${before.points + 1} 个基地的经纬度散点图` })
      .locator('canvas')
      .waitFor();
    await expectNoAxeViolations(page, 'bases dashboard');
    await shot(page, 'dashboard');
    await context.close();

    // The base on the portal and in search.
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/');
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '科普基地' })
      .click();
    await page.getByRole('heading', { level: 1, name: '科普基地' }).waitFor();
    await page.getByText(`已命名国家自然资源科普基地 ${before.national + 1} 家`).waitFor();
    await expectNoAxeViolations(page, 'bases');
    await page.getByRole('link', { name: BASE }).click();
    await page.getByRole('heading', { level: 1, name: BASE }).waitFor();
    await page.getByText('自然资发〔2026〕265号').waitFor();
    // The profile comes from the application: capacity and facilities as the host answered.
    await page.getByText('常设展厅八个，4D 影院一座，地学实验室一间。').waitFor();
    await page.getByText('3000', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'base page');
    await shot(page, 'base-page');
    const header = page.getByRole('banner');
    await header.getByRole('searchbox', { name: '搜索全站内容' }).fill('地质博物馆');
    await header.getByRole('button', { name: '搜索' }).click();
    const hit = page.locator('.search-result').filter({ hasText: BASE }).first();
    await hit.waitFor();
    // Its type and level in words, never a code (base · NATIONAL).
    expect(await hit.locator('.search-result-type').textContent()).toBe(
      '科普基地 · 国家自然资源科普基地',
    );
    // Every result leads to a page: the host organisation is not a result of its own.
    expect(await page.locator('.search-result[data-type="organisation"]').count()).toBe(0);
    // The base's words in pinyin find it, and the page says how the letters were read.
    await header.getByRole('searchbox', { name: '搜索全站内容' }).fill('dizhi bowuguan');
    await header.getByRole('button', { name: '搜索' }).click();
    // Read as the index's words: the demo world's many 地质博物馆 make it one word.
    await page
      .locator('.search-pinyin')
      .filter({ hasText: /按拼音匹配：地质 ?博物馆/ })
      .waitFor();
    await hit.waitFor();
    await context.close();
  });

  it('the base reports on its year, is evaluated, fails and is put under rectification', async () => {
    screenshotOnFailure(() => page, 'bases-evaluation');
    const newCall = async (kind: string, title: string) => {
      await menu().getByRole('link', { name: '征集与评审' }).click();
      await page.locator('form#call-filters').waitFor();
      if (kind === '科普基地年度报告') {
        await expectNoAxeViolations(page, 'calls (console)');
        await shot(page, 'calls-console');
      }
      await page.getByRole('button', { name: '新建征集' }).click();
      const dialog = page.getByRole('dialog', { name: '新建征集' });
      await pickOption(page, dialog, '组织单位', '自然资源部科普工作办公室', '科普工作办公室');
      await pickOption(page, dialog, '评审对象', kind);
      await dialog.getByLabel('征集名称').fill(title);
      await dialog.getByRole('button', { name: '创建' }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(title) }).waitFor();
      if (kind === '科普基地评估') {
        await page.getByLabel('第 1 个等级', { exact: true }).waitFor();
        await expectNoAxeViolations(page, 'call editor (evaluation grades)');
      }
      await page.getByRole('button', { name: '发布征集' }).click();
      await confirmStep(page, `发布征集“${title}”？`, '发布征集');
      await page.locator('h1 .call-status').filter({ hasText: '申报中' }).waitFor();
    };
    const apply = async (call: string, fill: () => Promise<void>) => {
      await menu().getByRole('link', { name: '征集与评审' }).click();
      await page.getByRole('link', { name: call }).click();
      await page.getByRole('button', { name: '我要申报' }).click();
      const form = page.locator('form#application');
      await pickOption(page, form, '申报的基地', BASE);
      await fill();
      await expectNoAxeViolations(page, `apply: ${call}`);
      await form.getByRole('button', { name: '提交申报' }).click();
      await confirmStep(page, `提交申报“${BASE}（${call}）”？`, '提交申报');
      await expect.poll(() => status().textContent()).toBe('已提交');
    };
    await login('office', '陈处长');
    await newCall('科普基地年度报告', '2026 年度科普基地年度报告');
    await newCall('科普基地评估', '2026 年科普基地评估');
    await context.close();

    await login('host', '刘馆长');
    await apply('2026 年度科普基地年度报告', async () => {
      const form = page.locator('form#application');
      await form.getByLabel('报告年度').fill('2026');
      await form.getByLabel('全年接待人次').fill('330000');
      await form.getByLabel('开展科普活动次数').fill('126');
      await form.getByLabel('专兼职科普人员数').fill('46');
      await form.getByLabel('年度工作总结').fill('全年开展研学活动 126 场，新增流动展览两套。');
    });
    await apply('2026 年科普基地评估', async () => {
      const form = page.locator('form#application');
      await form
        .getByLabel('自评估报告')
        .fill('对照评估标准逐项自查，运行管理规范，但本年度展厅改造导致活动减少。');
      await form.getByLabel('自评得分').fill('75');
      await form.getByRole('switch', { name: '承诺所报材料真实准确' }).click();
    });
    await context.close();

    // The office accepts the report; the province recommends the evaluation; experts score low.
    await login('office', '陈处长');
    await menu().getByRole('link', { name: '征集与评审' }).click();
    await page.getByRole('link', { name: '2026 年度科普基地年度报告' }).click();
    await page
      .getByRole('region', { name: '申报' })
      .getByRole('link', { name: new RegExp(BASE) })
      .click();
    await page.getByRole('button', { name: '作出决定' }).click();
    await page.getByLabel('理由').fill('数据完整，总结清楚。');
    await page.getByRole('button', { name: '拟入选', exact: true }).click();
    await confirmStep(page, `拟入选“${BASE}（2026 年度科普基地年度报告）”？`, '拟入选');
    await expect.poll(() => status().textContent()).toBe('公示无异议');
    await context.close();
    await login('hunan', '张处长');
    await menu().getByRole('link', { name: '征集与评审' }).click();
    await page.getByRole('link', { name: '2026 年科普基地评估' }).click();
    await page
      .getByRole('region', { name: '申报' })
      .getByRole('link', { name: new RegExp(BASE) })
      .click();
    await page.getByRole('button', { name: '推荐', exact: true }).click();
    await page.getByRole('button', { name: '同意推荐' }).click();
    await confirmStep(page, `同意推荐“${BASE}（2026 年科普基地评估）”？`, '同意推荐');
    await expect.poll(() => status().textContent()).toBe('已推荐');
    await context.close();
    await login('office', '陈处长');
    await menu().getByRole('link', { name: '征集与评审' }).click();
    await page.getByRole('link', { name: '2026 年科普基地评估' }).click();
    await page.getByRole('button', { name: '自动分配专家' }).click();
    await confirmStep(page, '为“2026 年科普基地评估”自动分配专家？', '自动分配');
    await page.getByText(/已为 1 份申报分配 3 人次专家/).waitFor();
    await context.close();
    for (const [u, name] of [
      ['expert1', '李研究员'],
      ['expert2', '王研究员'],
      ['expert3', '赵研究员'],
    ] as const) {
      await login(u, name);
      await menu().getByRole('link', { name: '评审任务' }).click();
      await page.getByRole('link', { name: new RegExp(`${BASE}（2026 年科普基地评估）`) }).click();
      for (const l of ['运行管理', '科普活动', '设施条件', '社会效益'])
        await page.getByLabel(new RegExp(`^${l}（`)).fill('50');
      await page.getByLabel('“社会效益”评语').fill('本年度活动明显减少。');
      await page.getByRole('button', { name: '提交评分' }).click();
      await confirmStep(page, `提交对“${BASE}（2026 年科普基地评估）”的评分？`, '提交评分');
      await page
        .getByText(/评分已提交，加权总分 50/)
        .first()
        .waitFor();
      await context.close();
    }

    // The office ends the round and decides: 不合格 → rectification.
    await login('office', '陈处长');
    await menu().getByRole('link', { name: '征集与评审' }).click();
    await page.getByRole('link', { name: '2026 年科普基地评估' }).click();
    await page.getByRole('button', { name: '结束本轮评审' }).click();
    await confirmStep(page, '结束第 1 轮评审？', '结束本轮评审');
    await page
      .getByRole('region', { name: /专家评审/ })
      .getByRole('cell', { name: '50.00' })
      .waitFor();
    await page
      .getByRole('region', { name: '申报' })
      .getByRole('link', { name: new RegExp(BASE) })
      .click();
    await page.getByText('不合格', { exact: true }).waitFor();
    await page.getByRole('button', { name: '作出决定' }).click();
    await page.getByLabel('理由').fill('科普活动明显减少，限期整改。');
    await page.getByRole('button', { name: '不予入选' }).click();
    await confirmStep(page, `不予入选“${BASE}（2026 年科普基地评估）”？`, '不予入选');
    await expect.poll(() => status().textContent()).toBe('未入选');
    await menu().getByRole('link', { name: '科普基地' }).click();
    await page.getByRole('heading', { level: 2, name: '导入原体系基地' }).waitFor();
    await page.getByRole('link', { name: BASE }).waitFor();
    // The legacy import offers its template next to the upload.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('region', { name: '导入原体系基地' })
        .getByRole('button', { name: '下载模板' })
        .click(),
    ]);
    expect(template.suggestedFilename()).toBe('原体系基地导入模板.xlsx');
    // The filters narrow the list, and the export follows them.
    const filters = page.locator('form#base-filters');
    // The demo world's bases are there too: narrow to this one by name first.
    await filters.getByLabel('名称包含').fill(BASE);
    await pickOption(page, filters, '状态', '正常');
    await Promise.all([
      page.waitForResponse((r) => /\/api\/bases\?.*status=ACTIVE/.test(r.url())),
      filters.getByRole('button', { name: '查询' }).click(),
    ]);
    await page.getByText('暂无科普基地').waitFor();
    expect(await page.getByRole('link', { name: BASE }).count()).toBe(0);
    await pickOption(page, filters, '状态', '整改中');
    await pickOption(page, filters, '省份', '湖南省', '湖南');
    await filters.getByRole('button', { name: '查询' }).click();
    await page.getByRole('link', { name: BASE }).waitFor();
    const [exported] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/bases/export?')),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    const sent = new URL(exported.url()).searchParams;
    expect([sent.get('status'), sent.get('province')]).toEqual(['RECTIFICATION', '430000']);
    await expectNoAxeViolations(page, 'bases (console)');
    await shot(page, 'bases-console');
    const size = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, 'bases-console-360');
    if (size) await page.setViewportSize(size);
    await page.getByRole('link', { name: BASE }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(BASE) }).waitFor();
    expect(await page.locator('h1 .base-status').textContent()).toBe('整改中');
    const history = page.getByRole('region', { name: '状态记录' });
    await history.getByText('年度报告通过').waitFor();
    await history.getByText(/评估等级：不合格（50 分）/).waitFor();
    await history.getByText('责令整改').waitFor();
    await expectNoAxeViolations(page, 'base (console, rectification)');
    await shot(page, 'base-console');
    await context.close();

    // The host keeps the profile (introduction, cover, photos, hours …).
    await login('host', '刘馆长');
    await menu().getByRole('link', { name: '科普基地' }).click();
    await page.getByRole('link', { name: BASE }).click();
    const profile = page.locator('form#base-profile');
    await profile.getByRole('textbox', { name: '基地简介', exact: true }).waitFor();
    await profile.getByLabel('开放时间').fill('周二至周日 9:00–17:00（16:30 停止入馆）');
    await expectNoAxeViolations(page, 'base (console, host)');
    await profile.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').first().waitFor();
    await context.close();

    // The portal says so.
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/bases');
    await page.getByRole('link', { name: BASE }).click();
    await page.getByText('该基地正在整改').waitFor();
    await expectNoAxeViolations(page, 'base page (rectification)');
    await context.close();
  });
});
