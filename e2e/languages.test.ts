import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { orgByName, setupAdmin } from './api.ts';
import {
  describeWithBrowser,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-Languages-2024!';

/**
 * Each console feature's words load with its pages, in the language shown; switching language
 * fetches the other language of every part already in use, and a page opened afterwards comes
 * in the new language straight away.
 */
describeWithBrowser('languages in the console', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await setupAdmin(server.baseUrl, server.setupUrl as string);
    const ministry = await orgByName(admin, '自然资源部');
    const unit = await admin.call<{ id: string }>('POST', '/api/organisations', {
      parentId: ministry.id,
      tree: 'DEPT',
      type: 'AFFILIATED_UNIT',
      name: '地质灾害科普中心',
    });
    await admin.call('POST', '/api/users', {
      username: 'creator',
      displayName: '林创作',
      password: PASSWORD,
      role: 'MEMBER',
      organisationId: unit.id,
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('a creator switches the console to English and back, page by page', async () => {
    screenshotOnFailure(() => page, 'languages-console');
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await page.goto('/admin/login');
    await page.getByLabel('用户名').fill('creator');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '欢迎，林创作' }).waitFor();

    // A works page in Chinese: the console's words and the works dictionary's.
    await page
      .getByRole('navigation', { name: '作品管理' })
      .getByRole('link', { name: '新建作品' })
      .click();
    await page.getByRole('heading', { level: 1, name: '新建作品' }).waitFor();
    await page.getByLabel('摘要').waitFor();

    // English: the console and the works part already in use both switch.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'New work' }).waitFor();
    await page.getByLabel('Summary').waitFor();
    expect(await page.getByText('摘要').count()).toBe(0);

    // A feature not opened yet loads its dictionary in English.
    await page
      .getByRole('navigation', { name: 'Works' })
      .getByRole('link', { name: 'Media library' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Media library' }).waitFor();
    await page.getByText('Only my uploads').waitFor();

    // A fresh load in English fetches the core, console and media parts in English.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Media library' }).waitFor();
    await page.getByText('Only my uploads').waitFor();

    // And back to Chinese.
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { level: 1, name: '媒体库' }).waitFor();
    await page.getByText('只看我上传的').waitFor();
  });
});
