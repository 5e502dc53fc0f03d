import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Chief-2024!';
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) =>
  new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
const LAST_YEAR = Number(today().slice(0, 4)) - 1;

/**
 * 首席科学传播专家: a province nominates an expert in the office's call, the office decides and
 * the person is appointed with a letter anyone can verify; the office sees who is behind on the
 * yearly duty; the appointee finds the title under 我的聘任.
 */
describeWithBrowser('chief science communicator journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let callId = '';

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
    const people: [string, string, string, string][] = [
      ['kepuban', '吕处长', 'ORG_ADMIN', office.id],
      ['hunanchu', '欧阳处长', 'ORG_ADMIN', hunan.id],
      ['xiangjun', '湘君', 'REVIEWER', hunan.id],
      ['yuanhai', '袁海', 'REVIEWER', hunan.id],
    ];
    for (const [username, displayName, role, organisationId] of people)
      await admin.call('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        role,
        organisationId,
      });
    for (const [username, title] of [
      ['xiangjun', '研究员'],
      ['yuanhai', '正高级工程师'],
    ] as const) {
      const s = new ApiSession(server.baseUrl);
      await s.call('POST', '/api/auth/login', { username, password: PASSWORD });
      await s.call('PUT', '/api/experts/me', {
        title,
        rank: 'SENIOR',
        organisationId: hunan.id,
        hazards: ['LANDSLIDE'],
      });
    }
    const officeApi = new ApiSession(server.baseUrl);
    await officeApi.call('POST', '/api/auth/login', { username: 'kepuban', password: PASSWORD });
    const scheme = await officeApi.call<{ id: string }>('POST', '/api/appointment-schemes', {
      code: 'MNR_CHIEF',
      name: '自然资源首席科学传播专家',
      honorific: '自然资源首席科学传播专家',
      organisationId: office.id,
      termYears: 5,
      renewable: true,
      minLedPerYear: 2,
      minRank: 'SENIOR',
      minYearsPopularising: 3,
    });
    // An earlier batch: 袁海 has led no activity since, so last year he fell below the minimum.
    const yuanhai = await officeApi.call<{ items: { userId: string; displayName: string }[] }>(
      'GET',
      `/api/experts?q=${encodeURIComponent('袁海')}`,
    );
    await officeApi.call('POST', '/api/appointments', {
      schemeId: scheme.id,
      userId: yuanhai.items[0]!.userId,
      batch: `${LAST_YEAR - 1}年度`,
      docNo: `自然资人事函〔${LAST_YEAR - 1}〕12号`,
      startDate: daysAgo(700),
    });
    const c = await officeApi.call<{ id: string }>('POST', '/api/review-calls', {
      subjectKind: 'CHIEF_COMMUNICATOR',
      organisationId: office.id,
      title: '首席科学传播专家推荐',
      opensAt: today(),
      closesAt: '2099-12-31',
      form: {
        fields: [
          { key: 'years', label: '连续从事公益性科普工作年数', type: 'number', required: true },
          { key: 'record', label: '近三年科普工作业绩', type: 'textarea', required: true },
        ],
        attachments: [],
      },
      rubric: [],
      stages: [{ kind: 'DECISION' }],
      reviewersPerItem: 1,
      settings: { schemeId: scheme.id, batch: '本年度' },
    });
    await officeApi.call('POST', `/api/review-calls/${c.id}/open`);
    callId = c.id;
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

  it('a province nominates an expert from the directory', async () => {
    screenshotOnFailure(() => page, 'appointments-nominate');
    await login('hunanchu', '欧阳处长');
    await page.goto(`/admin/reviews/${callId}/apply`);
    await page.getByRole('heading', { level: 1, name: '新建申报' }).waitFor();
    const form = page.locator('form#application');
    await pickOption(page, form, '被推荐人', '湘君', '湘君');
    await expect
      .poll(() => form.getByLabel('申报项目').inputValue())
      .toBe('湘君（湖南省自然资源厅）');
    await form.getByLabel('连续从事公益性科普工作年数').fill('2');
    await form.getByLabel('近三年科普工作业绩').fill('在湘西山区开展地质灾害避险讲座 30 场。');
    await expectNoAxeViolations(page, 'nomination form');
    await form.getByRole('button', { name: '提交申报' }).click();
    await confirmStep(page, /提交申报/, '提交申报');
    // Two years are not enough for the scheme: the field says so.
    await form.getByText('要求连续从事公益性科普工作 3 年以上').waitFor();
    await form.getByLabel('连续从事公益性科普工作年数').fill('6');
    await form.getByRole('button', { name: '提交申报' }).click();
    await confirmStep(page, /提交申报/, '提交申报');
    await page.getByRole('heading', { level: 1, name: '湘君（湖南省自然资源厅）' }).waitFor();
  });

  it('the office appoints on the decision and sees who is behind on duty', async () => {
    screenshotOnFailure(() => page, 'appointments-office');
    await login('kepuban', '吕处长');
    await page.goto(`/admin/reviews/${callId}`);
    await page.getByRole('region', { name: '申报' }).getByRole('link', { name: /湘君/ }).click();
    await page.getByRole('button', { name: '作出决定' }).click();
    await page.getByLabel('理由').fill('符合聘任条件，科普业绩突出。');
    await page.getByRole('button', { name: '拟入选', exact: true }).click();
    await confirmStep(page, /湘君/, '拟入选');

    await page
      .getByRole('navigation', { name: '科普人才' })
      .getByRole('link', { name: '首席科学传播专家' })
      .click();
    await page.getByRole('heading', { level: 1, name: '首席科学传播专家' }).waitFor();
    const table = page.getByRole('table');
    const row = table.getByRole('row').filter({ hasText: '湘君' });
    await row.getByText('在聘').waitFor();
    await row.getByText('推荐单位：湖南省自然资源厅').waitFor();
    await expectNoAxeViolations(page, 'appointments list');

    // Last year, in full: 袁海 led nothing and stands behind; the filter finds only him.
    await pickOption(page, page.locator('.filter-bar'), '年度', `${LAST_YEAR}年`);
    await pickOption(page, page.locator('.filter-bar'), '履职情况', '进度落后');
    await page.getByText('共 1 项聘任').waitFor();
    const behind = table.getByRole('row').filter({ hasText: '袁海' });
    await behind.getByText('进度落后').waitFor();
    await behind.getByText('主讲/负责活动 0 场，全年应 2 场').waitFor();
    expect(await table.getByRole('row').filter({ hasText: '湘君' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'duty view');
  });

  it('the appointee finds the title and its letter under 我的聘任', async () => {
    screenshotOnFailure(() => page, 'appointments-mine');
    await login('xiangjun', '湘君');
    await page
      .getByRole('navigation', { name: '科普人才' })
      .getByRole('link', { name: '我的聘任' })
      .click();
    await page.getByRole('heading', { level: 2, name: /自然资源首席科学传播专家/ }).waitFor();
    const code = page.getByRole('link', { name: /^KP-/ });
    const href = await code.getAttribute('href');
    await expectNoAxeViolations(page, 'my appointments');
    await page.goto(href!);
    await page.getByText('自然资源首席科学传播专家聘书').waitFor();
    await page.getByText('批次：本年度').waitFor();
  });
});
