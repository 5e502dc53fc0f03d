import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
import {
  atBothWidths,
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Volunteer-2024!';
const HOUR = 3_600_000;

describeWithBrowser('volunteer journey', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let host: ApiSession;
  let volunteer: ApiSession;
  let activityId: string;

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
    const museum = await orgByName(admin, '湖南省地质博物馆');
    await admin.call('POST', '/api/users', {
      username: 'museum.host',
      displayName: '馆志愿者负责人',
      password: PASSWORD,
      role: 'ORG_ADMIN',
      organisationId: museum.id,
    });
    const r = await registerPerson(server.baseUrl, {
      username: 'xiaolin',
      password: PASSWORD,
      displayName: '林小青',
    });
    expect(r.status).toBe(201);
    host = await signIn('museum.host');
    volunteer = await signIn('xiaolin');
    const me = await volunteer.call<{ volunteer: { hosts: { id: string }[] } }>(
      'PUT',
      '/api/me/volunteer',
      {
        skills: ['讲解'],
        availability: { weekdays: false, weekends: true, holidays: true, note: '' },
        regions: ['430000'],
        emergencyContact: { name: '林母', phone: '13800000000' },
        hostIds: [museum.id],
      },
    );
    await host.call('POST', `/api/volunteer-applications/${me.volunteer.hosts[0]!.id}/decide`, {
      verify: true,
      note: '',
    });
    const start = new Date(Date.now() + 24 * HOUR);
    const a = await host.call<{ id: string; sessions: { id: string }[] }>(
      'POST',
      '/api/activities',
      {
        organisationId: museum.id,
        typeCode: 'EXHIBITION',
        title: '岩石与矿物志愿讲解日',
        audiences: ['GENERAL_PUBLIC'],
        address: '湖南省地质博物馆一楼',
        sessions: [
          {
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + 3 * HOUR).toISOString(),
            capacity: 100,
          },
        ],
      },
    );
    await host.call('POST', `/api/activities/${a.id}/publish`);
    await host.call(
      'POST',
      `/api/activities/${a.id}/sessions/${a.sessions[0]!.id}/volunteer-roles`,
      {
        label: '展厅讲解',
        places: 2,
      },
    );
    activityId = a.id;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('the volunteer signs up for a shift', async () => {
    screenshotOnFailure(() => page, 'volunteers-sign-up');
    await as(volunteer);
    await page.goto('/me/volunteer');
    await page.getByRole('heading', { level: 1, name: '我的志愿服务' }).waitFor();
    await page.getByText('湖南省地质博物馆 · 已确认').waitFor();
    await expectNoAxeViolations(page, 'my volunteering');
    await page.getByRole('button', { name: '报名 岩石与矿物志愿讲解日 展厅讲解' }).click();
    await page.getByText('已报名，等待服务单位确认').waitFor();
    await expect.poll(() => page.getByText('待确认', { exact: true }).count()).toBeGreaterThan(0);
    await atBothWidths(page, 'volunteer-me');
  });

  it('the host confirms, checks the volunteer in and out', async () => {
    screenshotOnFailure(() => page, 'volunteers-host');
    await as(host);
    await page.goto(`/admin/volunteers?tab=shifts&activity=${activityId}`);
    await page.getByRole('heading', { level: 1, name: '科普志愿者管理' }).waitFor();
    await page.getByText('已报 1 / 2').waitFor();
    await expectNoAxeViolations(page, 'volunteer shifts');
    await page.getByRole('button', { name: '确认上岗' }).click();
    await page.getByRole('button', { name: '签到 林小青' }).click();
    await page.getByRole('button', { name: '签退 林小青' }).waitFor();
    // The door's other device had scanned the arrival two hours earlier (the earliest is kept).
    const roles = await host.call<{ roles: { shifts: { id: string }[] }[] }>(
      'GET',
      `/api/activities/${activityId}/volunteer-roles`,
    );
    await host.call('POST', `/api/volunteer-shifts/${roles.roles[0]!.shifts[0]!.id}/arrive`, {
      at: new Date(Date.now() - 2 * HOUR).toISOString(),
    });
    await page.reload();
    await page.getByRole('button', { name: '签退 林小青' }).click();
    await page.getByText('2 小时', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'volunteer checked out');
    await atBothWidths(page, 'volunteer-host');
  });

  it('the volunteer sees the hours', async () => {
    screenshotOnFailure(() => page, 'volunteers-hours');
    await as(volunteer);
    await page.goto('/me/volunteer');
    await page.getByRole('heading', { level: 1, name: '我的志愿服务' }).waitFor();
    await expect.poll(() => page.getByText('2 小时', { exact: true }).count()).toBeGreaterThan(0);
    const totals = page.getByTestId('volunteer-totals');
    await expect.poll(() => totals.textContent()).toContain('2');
    await expectNoAxeViolations(page, 'my hours');
  });

  it('the host certifies the year’s hours, and the volunteer finds the certificate', async () => {
    screenshotOnFailure(() => page, 'volunteers-certificate');
    await as(host);
    await page.goto('/admin/volunteers?tab=totals');
    const row = page.getByRole('row', { name: /湖南省地质博物馆/ });
    await row.getByRole('button', { name: '颁发证书' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('只能逐份撤销').waitFor();
    await expectNoAxeViolations(page, 'certify hours dialog');
    await dialog.getByRole('button', { name: '颁发证书' }).click();
    await page.getByText(/^新颁发 \d+ 份证书/).waitFor();
    await as(volunteer);
    await page.goto('/me/certificates');
    const year = new Date(Date.now() + 8 * HOUR).getUTCFullYear();
    await page.getByText(`${year}年度科普志愿服务证书`).first().waitFor();
    await page.getByText('累计服务时长：2小时').waitFor();
    await expectNoAxeViolations(page, 'my certificates');
  });
});
