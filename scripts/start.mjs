// `npm start`: builds the web app when web/dist is missing or older than its sources, then starts
// Kepu (migrations and, on an empty database, demo data happen in `kepu start`). Signals are passed
// on to the server, so stopping `npm start` stops the platform gracefully; the server's own exit
// code is ours, so a supervisor (systemd) sees a failure and restarts. KEPU_SKIP_WEB_BUILD=1
// starts without the check (the web app was built beforehand, or only the API is wanted).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web/dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  newestMtime(path.join(root, 'web/src')),
  // The build itself too: a dist from before pre-compression has no .br/.gz files.
  ...['web/index.html', 'web/vite.config.ts', 'web/precompress.ts', 'web/first-screen.ts'].map(
    (f) => fs.statSync(path.join(root, f)).mtimeMs,
  ),
);
const stale = () => !fs.existsSync(dist) || fs.statSync(dist).mtimeMs < sources;
if (process.env.KEPU_SKIP_WEB_BUILD !== '1' && stale()) {
  console.log('构建前端 / building the web app …');
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'start'], {
  cwd: root,
  stdio: 'inherit',
});
let passedOn = null;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    passedOn = signal;
    server.kill(signal);
  });
server.on('error', (err) => {
  console.error('无法启动服务 / cannot start the server:', err.message);
  process.exit(1);
});
server.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  // Ended by a signal: the stop we passed on is a clean stop; any other (SIGKILL from the OOM
  // killer, SIGABRT when the heap overflows) is a failure, reported as a shell does (128 + n).
  process.exit(signal === passedOn ? 0 : 128 + (os.constants.signals[signal] ?? 0));
});
