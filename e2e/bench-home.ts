/**
 * `npm run bench:home` — the portal home's largest contentful paint on a mid-range phone: 360×780
 * at 2× pixels, CPU slowed 4× (Chrome DevTools' "mid-tier mobile"), a fresh browser profile per
 * load (nothing cached), on the demo world over loopback. Prints each run, the median and the
 * worst; the issue's target is LCP under 1.5 s. Needs the web build and Chromium.
 */
import { launchBrowser, startServer } from './harness.ts';

const RUNS = Number(process.env.RUNS ?? 7);

const server = await startServer();
const browser = await launchBrowser();
const lcps: number[] = [];
const fcps: number[] = [];
try {
  // One warm-up load: the server's first answers (compression caches, SQLite pages) are not the
  // phone's business.
  for (let i = 0; i <= RUNS; i++) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: number; __lcpWhat: string };
      w.__lcp = 0;
      w.__lcpWhat = '';
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.__lcp = e.startTime;
          // Which element it was: the figure means little without it.
          const el = (e as PerformanceEntry & { element?: Element | null }).element;
          w.__lcpWhat = el
            ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} «${(el.textContent ?? '').trim().slice(0, 16)}»`
            : '(the pre-rendered first screen, since replaced by the app)';
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    await page.goto(server.baseUrl, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    // Under the CPU slow-down the paint entries can arrive after the network is idle: wait for
    // them rather than read zeros.
    await page.waitForFunction(
      () =>
        performance.getEntriesByName('first-contentful-paint').length > 0 &&
        (window as unknown as { __lcp: number }).__lcp > 0,
      undefined,
      { timeout: 60_000 },
    );
    const { lcp, fcp, what } = await page.evaluate(() => ({
      lcp: (window as unknown as { __lcp: number }).__lcp,
      what: (window as unknown as { __lcpWhat: string }).__lcpWhat,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
    }));
    if (i > 0) {
      lcps.push(lcp);
      fcps.push(fcp);
      console.log(`run ${i}: FCP ${fcp.toFixed(0)} ms · LCP ${lcp.toFixed(0)} ms (${what})`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(
  `\nhome, 360 px, CPU ×4, ${RUNS} cold loads: FCP median ${median(fcps).toFixed(0)} ms · LCP median ${median(lcps).toFixed(0)} ms, worst ${Math.max(...lcps).toFixed(0)} ms (target < 1,500 ms)`,
);
