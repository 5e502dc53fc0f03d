// `npm run screenshots`: the portal home at 360 px and 1280 px, in zh-CN and en-US, on a fresh
// demo world, into docs/screenshots/. Needs the web build (npm run build:web) and Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer } from './harness.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const PAGES = [{ name: 'home', path: '/' }];
const WIDTHS = [360, 1280];
const LANGS = ['zh-CN', 'en-US'] as const;

const server = await startServer();
const browser = await launchBrowser();
try {
  fs.mkdirSync(OUT, { recursive: true });
  for (const lang of LANGS)
    for (const width of WIDTHS) {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        locale: lang,
        viewport: { width, height: width < 600 ? 780 : 900 },
        deviceScaleFactor: width < 600 ? 2 : 1,
        reducedMotion: 'reduce',
      });
      await context.addInitScript((l) => localStorage.setItem('kepu.lang', l), lang);
      const page = await context.newPage();
      for (const p of PAGES) {
        await page.goto(p.path);
        await page.waitForLoadState('networkidle');
        // Covers are lazy: scroll through once so the full-page shot has them.
        await page.evaluate(async () => {
          for (let y = 0; y < document.body.scrollHeight; y += 600) {
            window.scrollTo(0, y);
            await new Promise((r) => setTimeout(r, 80));
          }
          window.scrollTo(0, 0);
        });
        await page.waitForLoadState('networkidle');
        const file = path.join(OUT, `${p.name}-${width}-${lang}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
      await context.close();
    }
} finally {
  await browser.close();
  await server.stop();
}
