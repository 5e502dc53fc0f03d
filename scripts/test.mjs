// `npm test`: typecheck, lint, unit + integration tests (incl. the stale-client check) (SQLite, and
// PostgreSQL when KEPU_TEST_PG_URL is set), then the browser journeys in Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';

const totals = { passed: 0, failed: 0, skipped: 0 };

/** Adds a vitest JSON report to the totals printed as the closing line. */
function count(reportFile) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}

function vitest(title, extraArgs) {
  const reportFile = path.join(root, '.tmp', `${title.replace(/\W+/g, '-')}.json`);
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  const args = [
    'vitest',
    'run',
    ...extraArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ];
  console.log(`\n▶ ${title}`);
  const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
  if (fs.existsSync(reportFile)) count(reportFile);
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status})`);
    console.log(
      `\n${totals.passed} passed, ${Math.max(totals.failed, 1)} failed, ${totals.skipped} skipped`,
    );
    process.exit(r.status ?? 1);
  }
}

function run(title, cmd, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * The system packages the tests need (Debian names): Chromium for the journeys, a CJK font for
 * their screenshots, ffmpeg for the media tests. As root on Debian they are installed here, as
 * `.ci/run` does; otherwise the run stops before anything else, with the one line to run.
 */
function systemPackages() {
  const has = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'ignore' }).status === 0;
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!has("fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk'"))
    missing.push('fonts-wqy-microhei');
  if (!has('command -v ffmpeg')) missing.push('ffmpeg');
  if (missing.length === 0) return;
  const line = `apt-get install -y ${missing.join(' ')}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && fs.existsSync('/etc/debian_version') && has('command -v apt-get')) {
    console.log(`\n▶ installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], {
      stdio: 'inherit',
      env,
    });
    if (update.status === 0 && install.status === 0) return;
  }
  console.error(
    `\n✖ 缺少测试所需的系统软件包 / missing system packages: ${missing.join(', ')}\n  请先运行 / run first:  sudo ${line}\n`,
  );
  process.exit(1);
}

systemPackages();

run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
run('typecheck web', 'npx', ['tsc', '-p', 'web/tsconfig.json']);
run('typecheck e2e', 'npx', ['tsc', '-p', 'e2e/tsconfig.json']);
run('lint (biome)', 'npx', ['biome', 'check', '.']);
if (process.env.KEPU_TEST_PG_URL) {
  console.log(
    `\nPostgreSQL tests enabled: ${process.env.KEPU_TEST_PG_URL.replace(/\/\/[^@]*@/, '//…@')}`,
  );
} else {
  console.log('\n⚠ KEPU_TEST_PG_URL not set: database tests run on SQLite only');
}
vitest('unit + integration tests', []);

if (fs.existsSync(CHROMIUM)) {
  run('build web', 'npx', [
    'vite',
    'build',
    '--config',
    'web/vite.config.ts',
    '--logLevel',
    'warn',
  ]);
  vitest('browser journeys (Chromium)', ['--config', 'vitest.e2e.config.ts']);
} else if (process.env.CI) {
  console.error(`✖ ${CHROMIUM} is missing: browser journeys are required in CI`);
  process.exit(1);
} else {
  console.warn(
    `\n${'!'.repeat(72)}\n!! SKIPPED: browser journeys — ${CHROMIUM} not found (apt-get install chromium)\n${'!'.repeat(72)}\n`,
  );
}
console.log('\nAll checks passed.');
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
