import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPdf } from '../server/test/pdf-reading.ts';
import { ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
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

const PASSWORD = 'Kepu-Training-2024!';
const TITLE = '湖南省科普讲解能力提升培训班';

/** Beijing's date and a session around now (clamped to the day): check-in is open. */
function sessionNow() {
  const bj = new Date(Date.now() + 8 * 3_600_000);
  const date = bj.toISOString().slice(0, 10);
  const h = bj.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  const start = `${pad(Math.max(0, h - 1))}:00`;
  const end = h + 2 > 23 ? '23:59' : `${pad(h + 2)}:00`;
  return { date, start, end };
}

describeWithBrowser('training journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organiser: ApiSession;
  let trainee: ApiSession;
  let courseUrl = '';
  let code = '';

  async function signIn(username: string) {
    const s = new ApiSession(server.baseUrl);
    await s.call('POST', '/api/auth/login', { username, password: PASSWORD });
    return s;
  }
  async function as(session: ApiSession) {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    await context.addCookies(session.cookieList(server.baseUrl));
    page = await context.newPage();
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const hunan = await orgByName(admin, '湖南省自然资源厅');
    await admin.call('POST', '/api/users', {
      username: 'training.office',
      displayName: '培训负责人',
      password: PASSWORD,
      role: 'ORG_ADMIN',
      organisationId: hunan.id,
    });
    const r = await registerPerson(server.baseUrl, {
      username: 'learner',
      password: PASSWORD,
      displayName: '罗晓晴',
    });
    expect(r.status).toBe(201);
    organiser = await signIn('training.office');
    trainee = await signIn('learner');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('the organiser creates and publishes a course', async () => {
    screenshotOnFailure(() => page, 'training-create');
    await as(organiser);
    await page.goto('/admin/training');
    await page.getByRole('heading', { level: 1, name: '培训管理' }).waitFor();
    await page.getByRole('button', { name: '新建培训课程' }).click();
    await page.getByRole('heading', { level: 1, name: '新建培训课程' }).waitFor();
    const form = page.locator('form');
    await pickOption(page, form, '主办单位', '湖南省自然资源厅', '湖南省自然资源厅');
    await page.getByLabel('课程名称').fill(TITLE);
    await page.getByLabel('第 1 单元').fill('科普讲解技巧');
    const s = sessionNow();
    await page.getByLabel('课次名称').fill('讲解实务');
    await page.getByLabel('日期', { exact: true }).fill(s.date);
    await page.getByLabel('开始时间').fill(s.start);
    await page.getByLabel('结束时间').fill(s.end);
    await page.getByLabel('地点或线上会议').fill('湖南省地质博物馆报告厅');
    await expectNoAxeViolations(page, 'course editor');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(TITLE) }).waitFor();
    courseUrl = new URL(page.url()).pathname;
    await page.getByRole('button', { name: '发布课程' }).click();
    await page.getByText('已发布', { exact: true }).waitFor();
    code = (await page.locator('.checkin-code').first().textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await expectNoAxeViolations(page, 'course page');
    await atBothWidths(page, 'training-course');
  });

  it('a person enrols on the portal and checks in with the code', async () => {
    screenshotOnFailure(() => page, 'training-enrol');
    await as(trainee);
    await page.goto('/training');
    await page.getByRole('heading', { level: 1, name: '科普能力提升培训' }).waitFor();
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await expectNoAxeViolations(page, 'course on the portal');
    await page.getByRole('button', { name: '报名参加' }).click();
    await page.getByText('您已报名本课程。').waitFor();
    await page.goto('/me');
    await page.getByRole('link', { name: '我的培训' }).click();
    await page.getByRole('heading', { level: 1, name: '我的培训' }).waitFor();
    await page.getByLabel('“讲解实务”签到码').fill(code);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await page.getByText('已签到', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'my training');
    await atBothWidths(page, 'training-mine');
  });

  it('the organiser completes the course and the person downloads the certificate', async () => {
    screenshotOnFailure(() => page, 'training-complete');
    await as(organiser);
    await page.goto(courseUrl);
    await page.getByRole('heading', { level: 1, name: new RegExp(TITLE) }).waitFor();
    await expect
      .poll(() => page.getByRole('checkbox', { name: '罗晓晴在“讲解实务”出勤' }).isChecked())
      .toBe(true);
    await page.getByText('达到条件', { exact: true }).waitFor();
    await page.getByRole('button', { name: '结业并颁发证书' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('证书一经颁发不能收回').waitFor();
    await expectNoAxeViolations(page, 'complete dialog');
    await dialog.getByRole('button', { name: '结业并颁发证书' }).click();
    await page.getByText('已颁发 1 份证书').waitFor();
    await page.getByText('已发证书', { exact: true }).waitFor();

    await as(trainee);
    await page.goto('/me/training');
    await page.getByText('已结业', { exact: true }).waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: '下载结业证书（PDF）' }).click();
    const file = await (await downloading).path();
    const text = (await readPdf(new Uint8Array(fs.readFileSync(file)))).text.replace(/\s+/g, '');
    for (const s of ['罗晓晴', TITLE, '湖南省自然资源厅', '结业证书']) expect(text).toContain(s);
    await expectNoAxeViolations(page, 'my training completed');
  });
});
