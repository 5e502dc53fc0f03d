import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../web/precompress.ts';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/platform/app-types.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import { triangleGlb } from './media-fixtures.ts';

const decode = (encoding: unknown, raw: Buffer) =>
  encoding === 'br'
    ? zlib.brotliDecompressSync(raw)
    : encoding === 'gzip'
      ? zlib.gunzipSync(raw)
      : raw;

/** The build's one inline script (the home page's first screen), as web/first-screen.ts writes it. */
const FIRST_SCREEN_JS =
  "(function(){if(location.pathname==='/')document.getElementById('first-screen').innerHTML='<h1>自然资源科普服务平台</h1>'})()";

/** A built web app of the real shape: index.html and hashed assets, pre-compressed. */
async function webDist(): Promise<{ dir: string; script: string; js: Buffer }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  const js = Buffer.from(
    Array.from({ length: 200 }, (_, i) => `export const f${i} = (x) => x * ${i};`).join('\n'),
  );
  const script = '/assets/index-abc123.js';
  fs.writeFileSync(path.join(dir, script), js);
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8" /><title>自然资源科普服务平台</title>${'<meta name="x" content="填充内容" />'.repeat(40)}<script type="module" src="${script}"></script></head><body><div id="first-screen"></div><script id="kepu-first-screen">${FIRST_SCREEN_JS}</script><div id="root"></div></body></html>`,
  );
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await precompress(dir);
  return { dir, script, js };
}

describe.each(DIALECTS)('headers and compression on %s', (dialect) => {
  let env: TestEnv;
  let web: Awaited<ReturnType<typeof webDist>>;
  let app: App;
  let admin: Agent;

  beforeAll(async () => {
    env = await createTestEnv(dialect, { KEPU_PUBLIC_URL: 'https://kepu.example.gov.cn' });
    web = await webDist();
    app = await buildApp({ ...env.config, webDist: web.dir }, env.handle, { logger: false });
    admin = (await buildPlatformAdmin(env)).agent;
  });
  afterAll(async () => {
    await app.close();
    await env.close();
    fs.rmSync(web.dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('sends Strict-Transport-Security when the public address is https, and only then', async () => {
    for (const url of ['/api/health', '/', '/works/x', '/api/docs']) {
      const res = await get(url);
      expect(res.headers['strict-transport-security'], url).toBe(
        'max-age=31536000; includeSubDomains',
      );
    }
    const plain = await createTestEnv(dialect, { KEPU_PUBLIC_URL: 'http://localhost:3000' });
    try {
      const res = await plain.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it("allows the build's own inline script by its hash on web pages, and no other inline script", async () => {
    const hash = createHash('sha256').update(FIRST_SCREEN_JS).digest('base64');
    for (const url of ['/', '/works/x', '/search?q=%E6%BB%91%E5%9D%A1']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(FIRST_SCREEN_JS);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain(`script-src 'self' 'sha256-${hash}';`);
      expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe');
    }
  });

  it('puts a CSP on the API explorer that loads nothing from another host', async () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/swagger-initializer.js']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    }
    // Everything the page loads is one of its own files, and is there.
    const page = (await get('/api/docs/')).body;
    const refs = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(3);
    for (const ref of refs) {
      expect(ref).toMatch(/^\.\/static\//);
      expect((await get(`/api/docs/${ref.slice(2)}`)).statusCode, ref).toBe(200);
    }
    expect(page).not.toMatch(/<script>(?!\s*<\/script>)|<style>|on(?:load|click)=/);
    const init = (await get('/api/docs/static/swagger-initializer.js')).body;
    expect(init).toContain('validatorUrl: null');
  });

  it('compresses JSON answers with brotli or gzip as asked, but not tiny ones', async () => {
    for (const encoding of ['br', 'gzip']) {
      const res = await get('/api/openapi.json', { 'accept-encoding': encoding });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      const doc = JSON.parse(decode(encoding, res.rawPayload).toString('utf8'));
      expect(doc.openapi).toBe('3.1.0');
      expect(res.rawPayload.length).toBeLessThan(JSON.stringify(doc).length / 4);
    }
    expect(
      (await get('/api/openapi.json', { 'accept-encoding': 'br;q=0.5, gzip' })).headers[
        'content-encoding'
      ],
    ).toBe('gzip');
    const plain = await get('/api/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().openapi).toBe('3.1.0');
    // /api/health is a few dozen bytes: below the threshold, sent as it is.
    const health = await get('/api/health', { 'accept-encoding': 'br, gzip' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json().status).toBe('ok');
    // A list over 1 KiB (the provinces), as a route's own answer.
    const list = await get('/api/divisions', { 'accept-encoding': 'br' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decode('br', list.rawPayload).toString()).length).toBe(34);
  });

  it('serves the web app pre-compressed, and compresses the page the server writes', async () => {
    for (const encoding of ['br', 'gzip']) {
      const js = await get(web.script, { 'accept-encoding': encoding });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-encoding']).toBe(encoding);
      expect(js.headers['content-type']).toMatch(/javascript/);
      // The very bytes the build wrote (brotli 11, gzip 9), not compressed again per request.
      expect(
        js.rawPayload.equals(
          fs.readFileSync(path.join(web.dir, `${web.script}.${encoding === 'br' ? 'br' : 'gz'}`)),
        ),
      ).toBe(true);
      expect(decode(encoding, js.rawPayload).equals(web.js)).toBe(true);
      // The index page at / and a portal page that gets its own meta (the SPA fallback).
      for (const url of ['/', '/works/x']) {
        const page = await get(url, { 'accept-encoding': encoding });
        expect(page.statusCode, url).toBe(200);
        expect(page.headers['content-encoding'], url).toBe(encoding);
        expect(decode(encoding, page.rawPayload).toString()).toContain('<div id="root"></div>');
      }
    }
    const identity = await get(web.script);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.rawPayload.equals(web.js)).toBe(true);
    // A file under 1 KiB has no pre-compressed copy.
    expect(fs.existsSync(path.join(web.dir, 'favicon.svg.br'))).toBe(false);
  });

  it('sends media files as stored, whole or in byte ranges, never compressed', async () => {
    const unit = await buildOrganisation(admin, env.rootId);
    const glb = triangleGlb();
    const up = await admin.upload<{ id: string; mime: string }>(
      `/api/media?organisationId=${unit.id}&name=t.glb`,
      glb,
    );
    expect(up.status).toBe(201);
    // model/gltf-binary is a type compressors would take: the route opts out.
    expect(up.body.mime).toBe('model/gltf-binary');
    const url = `/api/media/${up.body.id}/original`;
    const headers = { cookie: admin.cookie!, 'accept-encoding': 'br, gzip' };
    const whole = await app.inject({ method: 'GET', url, headers });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(whole.rawPayload.equals(glb)).toBe(true);
    const part = await app.inject({
      method: 'GET',
      url,
      headers: { ...headers, range: 'bytes=4-11' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.headers['content-range']).toBe(`bytes 4-11/${glb.length}`);
    expect(part.rawPayload.equals(glb.subarray(4, 12))).toBe(true);
    // A byte range of a web app file is a range of the file, never of a compressed stream.
    const jsPart = await get(web.script, { 'accept-encoding': 'identity', range: 'bytes=0-9' });
    expect(jsPart.statusCode).toBe(206);
    expect(jsPart.rawPayload.equals(web.js.subarray(0, 10))).toBe(true);
    // Even when the client takes gzip and the file has no pre-compressed copy.
    const svgPart = await get('/favicon.svg', { 'accept-encoding': 'gzip', range: 'bytes=0-9' });
    expect(svgPart.statusCode).toBe(206);
    expect(svgPart.headers['content-encoding']).toBeUndefined();
    expect(svgPart.rawPayload.toString()).toBe('<svg xmlns');
  });
});
