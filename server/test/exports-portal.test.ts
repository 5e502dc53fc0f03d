import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

async function sheet(body: unknown) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) =>
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => (v === null || v === undefined ? '' : String(v))),
    ),
  );
  return rows;
}

describe.each(DIALECTS)('list exports, sitemap and feed on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let unit: { id: string };
  let published: { id: string };

  beforeAll(async () => {
    env = await createTestEnv(dialect, { KEPU_PUBLIC_URL: 'https://kepu.example.gov.cn' });
    admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { name: '导出测试单位' });
    const reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', env.rootId)).agent;
    const w = await admin.post<{ id: string }>('/api/works', {
      organisationId: unit.id,
      type: 'VIDEO',
      title: '海洋<生态> & 保护',
      summary: '认识海洋生态',
    });
    published = w.body;
    await admin.post(`/api/works/${w.body.id}/submit`);
    await reviewer.post(`/api/works/${w.body.id}/check`, { decision: 'PASSED' });
    await admin.post(`/api/works/${w.body.id}/publish`);
    await admin.post('/api/works', { organisationId: unit.id, type: 'BOOK', title: '草稿作品' });
  });
  afterAll(() => env.close());

  it('exports the filtered works, organisations and users lists as xlsx', async () => {
    const works = await admin.get('/api/works/export?status=PUBLISHED');
    expect(works.headers['content-type']).toContain('spreadsheetml');
    const wrows = await sheet(works.body);
    expect(wrows[0]!.slice(0, 3)).toEqual(['标题', '类型', '状态']);
    expect(wrows.slice(1).map((r) => [r[0], r[2]])).toEqual([['海洋<生态> & 保护', '已发布']]);
    const orgs = await sheet((await admin.get(`/api/organisations/export?rootId=${unit.id}`)).body);
    expect(orgs.slice(1).map((r) => r[0]?.trim())).toEqual(['导出测试单位']);
    const users = await sheet((await admin.get('/api/users/export?role=REVIEWER')).body);
    expect(users.slice(1).map((r) => r[3])).toEqual(['审核专家（自然资源部）']);
    expect(JSON.stringify(users)).not.toMatch(/argon2|totp/i);
    expect((await new Agent(env.app).get('/api/works/export')).status).toBe(401);
  });

  it('serves a sitemap and an RSS feed of published works only, with escaped text', async () => {
    const anon = new Agent(env.app);
    const map = await anon.get('/sitemap.xml');
    expect(map.status).toBe(200);
    const xml = String(map.body);
    expect(xml).toContain(`<loc>https://kepu.example.gov.cn/works/${published.id}</loc>`);
    expect(xml.match(/\/works\//g)).toHaveLength(1);
    expect(xml).toContain('<loc>https://kepu.example.gov.cn/channel</loc>');
    const feed = await anon.get('/feed.xml');
    expect(feed.headers['content-type']).toContain('application/rss+xml');
    expect(String(feed.body)).toContain('<title>海洋&lt;生态&gt; &amp; 保护</title>');
    expect(String(feed.body)).not.toContain('草稿作品');
  });

  it("sends a shared work's own title, description and Open Graph tags in the page itself", async () => {
    // The app with a built web app: here a minimal index.html of the same shape.
    const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-web-'));
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8" />' +
        '<meta name="description" content="平台简介" /><title>自然资源科普服务平台</title></head>' +
        '<body><div id="root"></div></body></html>',
    );
    const app = await buildApp({ ...env.config, webDist }, env.handle, { logger: false });
    try {
      const page = await app.inject({ method: 'GET', url: `/works/${published.id}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain(
        '<title>海洋&lt;生态&gt; &amp; 保护 - 自然资源科普服务平台</title>',
      );
      expect(page.body).toContain('<meta name="description" content="认识海洋生态" />');
      expect(page.body).toContain(
        '<meta property="og:title" content="海洋&lt;生态&gt; &amp; 保护" />',
      );
      expect(page.body).toContain(
        `<link rel="canonical" href="https://kepu.example.gov.cn/works/${published.id}" />`,
      );
      expect(page.body).not.toContain('平台简介');
      // A draft, or any other page, gets the app's own title.
      const draft = (
        await admin.get<{ items: { id: string; title: string }[] }>('/api/works?q=草稿作品')
      ).body.items.find((w) => w.title === '草稿作品')!;
      for (const url of [`/works/${draft.id}`, '/works/nope', '/search?q=海洋']) {
        const other = await app.inject({ method: 'GET', url });
        expect(other.statusCode).toBe(200);
        expect(other.body).toContain('<title>自然资源科普服务平台</title>');
        expect(other.body).not.toContain('og:title');
      }
    } finally {
      await app.close();
      fs.rmSync(webDist, { recursive: true, force: true });
    }
  });
});
