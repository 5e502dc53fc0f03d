import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPdf } from '../server/test/pdf-reading.ts';
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

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The demo expert (王强) opens 我的科普档案: the activities the demo says he spoke at and led,
 * downloads the PDF (its text read back), and the code on it verifies on /verify.
 */
describeWithBrowser('the person’s 科普 record', () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let expertLink = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const env: NodeJS.ProcessEnv = { ...process.env, KEPU_DATA_DIR: server.dataDir };
    delete env.DATABASE_URL;
    const out = execFileSync('npx', ['tsx', 'server/src/main.ts', 'demo', 'logins'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    const tokens = [...out.matchAll(/\/sign-in-link#([\w-]+)/g)].map((m) => m[1]!);
    expertLink = tokens[3]!;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function fresh() {
    await context?.close();
    context = await newContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('kepu.lang', 'zh-CN'));
    page = await context.newPage();
    return page;
  }

  it('the expert sees talks, led activities and reviews, downloads the PDF and verifies its code', async () => {
    screenshotOnFailure(() => page, 'record-expert');
    const p = await fresh();
    await p.goto(`/sign-in-link#${expertLink}`);
    await p.waitForURL(/\/admin/);
    await p
      .getByRole('navigation', { name: '科普人才' })
      .getByRole('link', { name: '我的科普档案' })
      .click();
    await p.getByRole('heading', { level: 1, name: '我的科普档案' }).waitFor();
    // The demo's activities fall within weeks of today: take next year in too.
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    await p.goto(`/admin/record?from=${year - 1}&to=${year + 1}`);
    await p.getByRole('heading', { level: 1, name: '我的科普档案' }).waitFor();
    const talks = p.getByRole('region', { name: /主讲的活动/ });
    await talks.getByText('地质灾害防治知识进校园').waitFor();
    await p
      .getByRole('region', { name: /负责的活动/ })
      .getByText('地质灾害群测群防培训进乡村')
      .waitFor();
    await p.getByRole('region', { name: /完成的评审/ }).waitFor();
    await p.getByRole('region', { name: /发布的科普作品/ }).waitFor();
    await expectNoAxeViolations(p, 'record');
    await atBothWidths(p, 'record');

    const downloading = p.waitForEvent('download');
    await p.getByRole('link', { name: '下载 PDF' }).click();
    const file = await (await downloading).path();
    const pdf = await readPdf(new Uint8Array(fs.readFileSync(file)));
    const text = pdf.text.replace(/\s+/g, '');
    for (const s of ['科普工作档案', '王强', '地质灾害防治知识进校园', '主讲的活动', '完成的评审'])
      expect(text, s).toContain(s);
    const code = text.match(/KP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/)?.[0];
    expect(code).toBeTruthy();

    // Someone else checks the code.
    const v = await fresh();
    await v.goto(`/verify/${code}`);
    await v.getByRole('heading', { level: 1, name: '证书验证' }).waitFor();
    await v.getByText('证书有效').waitFor();
    await expect.poll(() => v.getByText('王强').count()).toBeGreaterThan(0);
    await v.getByText(/主讲的活动（讲座、报告）[1-9]/).waitFor();
    await expectNoAxeViolations(v, 'record verified');
  });
});
