// `npm run build:server`: the server as JavaScript, in dist/server — what `npm start` and
// `npm run kepu` run (scripts/kepu.mjs builds it first when the sources are newer). esbuild
// bundles server/src/main.ts and the three worker threads' entries (search analysis, text diff,
// certificate and record PDFs); npm packages stay outside, loaded from node_modules as before. A
// worker's source loads TypeScript through tsx (so it starts under tsx and Vitest too); built,
// that code is in the bundle and tsx is not needed. Files shipped with the code are read from the
// checkout (server/src/platform/paths.ts). Each file is written beside its place and renamed
// over it, so a server starting meanwhile reads whole files.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const OUT = path.join(root, 'dist/server');

/** `tsx/esm/api` in a built worker: the worker's TypeScript is in its bundle already. */
const noTsx = {
  name: 'no-tsx',
  setup(build) {
    build.onResolve({ filter: /^tsx\/esm\/api$/ }, () => ({ path: 'tsx', namespace: 'no-tsx' }));
    build.onLoad({ filter: /.*/, namespace: 'no-tsx' }, () => ({
      contents: 'export function register() {}',
      loader: 'js',
    }));
  },
};

const tmp = `${OUT}.${process.pid}.tmp`;
fs.rmSync(tmp, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: {
    main: 'server/src/main.ts',
    'analysis-worker': 'server/src/platform/search/analysis-worker.mjs',
    'diff-worker': 'server/src/platform/diff-worker.mjs',
    'pdf-worker': 'server/src/modules/certificates/pdf-worker.mjs',
  },
  outdir: tmp,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  legalComments: 'none',
  plugins: [noTsx],
  logLevel: 'warning',
});
fs.mkdirSync(OUT, { recursive: true });
for (const file of fs.readdirSync(tmp)) fs.renameSync(path.join(tmp, file), path.join(OUT, file));
fs.rmSync(tmp, { recursive: true, force: true });
