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
