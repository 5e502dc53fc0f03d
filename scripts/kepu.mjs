// `npm start` (`node scripts/kepu.mjs start`) and `npm run kepu -- <command>`: Kepu as built
// JavaScript, in this very process — no wrapper process, no TypeScript loader at run time.
//  - The web app (for `start`): built when web/dist is missing or older than its sources.
//  - The server: built into dist/server (scripts/build-server.mjs, about a second) when missing
//    or older than its sources, the migrations or the package files.
// Then dist/server/main.mjs runs here: signals, exit codes and the process id are the server's
// own (a supervisor such as systemd sees the server itself). KEPU_SKIP_WEB_BUILD=1 starts without
// the web app's check (built beforehand, or only the API is wanted).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const at = (...p) => path.join(root, ...p);

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const olderThan = (built, sources) =>
  !fs.existsSync(built) || fs.statSync(built).mtimeMs < Math.max(...sources.map(newestMtime));

function run(what, args) {
  console.log(what);
  const r = spawnSync(args[0], args.slice(1), { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const command = process.argv[2];
if (
  command === 'start' &&
  process.env.KEPU_SKIP_WEB_BUILD !== '1' &&
  // The build itself too: a dist from before pre-compression has no .br/.gz files.
  olderThan(at('web/dist/index.html'), [
    at('web/src'),
    at('web/index.html'),
    at('web/vite.config.ts'),
    at('web/precompress.ts'),
    at('web/first-screen.ts'),
  ])
)
  run('构建前端 / building the web app …', [
    'npx',
    'vite',
    'build',
    '--config',
    'web/vite.config.ts',
    '--logLevel',
    'warn',
  ]);

if (
  olderThan(at('dist/server/main.mjs'), [
    at('server/src'),
    at('server/migrations'),
    at('package.json'),
    at('package-lock.json'),
    at('scripts/build-server.mjs'),
  ])
)
  run('构建服务端 / building the server …', [process.execPath, at('scripts/build-server.mjs')]);

// Stack traces name the TypeScript sources (read from the source map only when one is printed).
process.setSourceMapsEnabled(true);
await import(pathToFileURL(at('dist/server/main.mjs')).href);
