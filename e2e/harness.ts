import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { describe, expect, onTestFailed } from 'vitest';
import { startCommand } from '../scripts/start-command.mjs';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `describe` when Chromium is present; otherwise a loud skip locally and a failure in CI,
 * so a missing browser never passes silently where it matters.
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      throw new Error(`Chromium is missing at ${CHROMIUM}: end-to-end journeys cannot run in CI`);
    });
    return;
  }
  console.warn(
    `\n${'!'.repeat(72)}\n!! SKIPPING end-to-end journeys "${name}": no Chromium at ${CHROMIUM}\n${'!'.repeat(72)}\n`,
  );
  describe.skip(name, fn);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface Server {
  baseUrl: string;
  /** The server's data directory (its SQLite database), for running CLI commands beside it. */
  dataDir: string;
  setupUrl: string | null;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts Kepu on a free port with a fresh data directory; resolves when it listens. `extraEnv`
 * adds settings (e.g. `KEPU_SMTP_URL` for a test's own mail server).
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<Server> {
  if (!fs.existsSync(path.join(ROOT, 'web/dist/index.html'))) {
    throw new Error('web/dist is missing: run `npm run build:web` before the journeys');
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    KEPU_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Every answer is also parsed by its zod schema and the compiled writer checked against it.
    KEPU_STRICT_RESPONSES: '1',
  };
  // Always a fresh embedded database, whatever the developer's shell points at.
  delete env.DATABASE_URL;
  delete env.KEPU_PUBLIC_URL;
  env.KEPU_SECURITY_PROFILE = 'standard';
  Object.assign(env, extraEnv);
  // As `npm start` runs it: the built server (dist/server, built first when older than its
  // sources), the web app built beforehand.
  env.KEPU_SKIP_WEB_BUILD = '1';
  const start = startCommand();
  Object.assign(env, start.env);
  const child: ChildProcess = spawn(process.execPath, start.args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const baseUrl = `http://localhost:${port}`;
  const setupUrl = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(
      // A fresh start seeds the demo world first (about 10 s on two busy cores).
      () => reject(new Error(`server did not start within 120 s:\n${out}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /https?:\/\/\S+\/admin\/setup\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[0]).pathname + new URL(m[0]).search);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  // The setup link is printed after listen(); make sure the HTTP side answers too.
  const health = await fetch(`${baseUrl}/api/health`);
  if (!health.ok) throw new Error(`health check failed: ${health.status}`);
  return {
    baseUrl,
    dataDir,
    setupUrl,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    // No animations: axe then sees every element in its final colours.
    reducedMotion: 'reduce',
  });
  // A slow CI machine (2 cores, argon2 at login, the server and Chromium side by side) has
  // taken over Playwright's default 30 s for one step; a wait that never ends still fails.
  context.setDefaultTimeout(60_000);
  return context;
}

/** Runs axe on the page as it is now and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page, where = page.url()): Promise<void> {
  const check = async () =>
    (await new AxeBuilder({ page }).analyze()).violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary ?? ''}`),
    }));
  // A page may still be filling in (a heading whose text arrives with a query): look again for
  // up to 3 s before failing; a violation that stays is reported as it was last seen.
  let readable = await check();
  for (let i = 0; i < 6 && readable.length > 0; i++) {
    await page.waitForTimeout(500);
    readable = await check();
  }
  if (readable.length > 0) {
    console.error(`axe violations on ${where}:\n${JSON.stringify(readable, null, 2)}`);
  }
  expect(readable, `axe violations on ${where}`).toEqual([]);
}

/** Whether the page scrolls sideways (it must not at 360 px). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  );
}

/** Opens an antd Select by its label (within scope, e.g. a dialog) and clicks the option with this text. */
export async function pickOption(
  page: Page,
  scope: Locator,
  label: string,
  option: string,
  search?: string,
) {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  if (search) await box.fill(search);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

/** Call inside a test: on failure, saves a screenshot of the page under $TMPDIR/kepu-e2e-failures. */
export function screenshotOnFailure(page: () => Page | undefined, name: string): void {
  onTestFailed(async () => {
    const p = page();
    if (!p || p.isClosed()) return;
    const dir = path.join(os.tmpdir(), 'kepu-e2e-failures');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^\w-]+/g, '_')}.png`);
    await p.screenshot({ path: file, fullPage: true });
    console.error(`screenshot of the failing page: ${file}`);
  });
}

/** With KEPU_E2E_SHOTS=dir, saves a full-page screenshot (for looking at what was built). */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.KEPU_E2E_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Looks at the page at 1280 and at 360 px (screenshots with KEPU_E2E_SHOTS) and fails when it
 * scrolls sideways at 360 px once the layout has settled (antd's responsive parts re-render
 * after the resize, a moment later).
 */
export async function atBothWidths(page: Page, name: string): Promise<void> {
  await shot(page, `${name}-1280`);
  await page.setViewportSize({ width: 360, height: 780 });
  await expect
    .poll(() => hasHorizontalScroll(page), {
      message: `${name} scrolls sideways at 360 px`,
      timeout: 3000,
    })
    .toBe(false);
  await shot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Takes an irreversible step through the shared confirmation (web/src/lib/confirm.tsx): the
 * dialog must name the step, and its primary button repeats the action's verb.
 */
export async function confirmStep(
  page: Page,
  title: string | RegExp,
  action: string,
): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}
