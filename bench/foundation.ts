/**
 * `npm run bench:foundation` — the foundation issue's figures, printed as a table:
 * cold start to the first healthy answer; req/s and p99 (10 s, 50 connections) of /api/health and
 * of a 10,000-organisation subtree list, beside a bare Fastify hello-world in the same run; the
 * portal's first load (HTML, CSS, JavaScript) as the server sends it: uncompressed, gzip, brotli.
 * Everything runs on loopback and stops by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { createPlatformAdmin } from '../server/src/modules/accounts/service.ts';
import { recountOrganisations } from '../server/src/modules/organisations/repo.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import { newTotpSecret, totpCode } from '../server/src/platform/auth/totp.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { newId, nowIso } from '../server/src/platform/ids.ts';
import { seedBase } from '../server/src/seed.ts';

// A bench never verifies the audit chain: a key of this run signs it.
setAuditKey(randomBytes(32));

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const PASSWORD = 'Bench-Passw0rd-2026';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return Date.now() - started;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no 200 from ${url}`);
}

function startKepu(dataDir: string, port: number, viaNpmStart = false): ChildProcess {
  const args = viaNpmStart
    ? ['scripts/kepu.mjs', 'start']
    : ['--import', 'tsx', 'server/src/main.ts', 'start'];
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KEPU_DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function load(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  const bad = r.non2xx + r.errors + r.timeouts;
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, bad };
}

/** A province with 10,000 organisations below it: cities, counties and units, as real trees go. */
async function buildTenThousand(dataDir: string): Promise<{ provinceId: string; secret: string }> {
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'kepu.sqlite') });
  await migrateToLatest(handle);
  const { rootId } = await seedBase(handle);
  const at = nowIso();
  const rows: Record<string, unknown>[] = [];
  const provinceId = newId();
  const provincePath = `/${rootId}/${provinceId}/`;
  rows.push({
    id: provinceId,
    tree: 'ADMIN',
    type: 'PROVINCIAL_DEPT',
    name: '基准测试省自然资源厅',
    parentId: rootId,
    path: provincePath,
    depth: 1,
    divisionCode: '430000',
  });
  let n = 1;
  for (let c = 0; c < 20 && n < 10_000; c++) {
    const cityId = newId();
    const cityPath = `${provincePath}${cityId}/`;
    rows.push({
      id: cityId,
      tree: 'ADMIN',
      type: 'CITY_DEPT',
      name: `基准市${c + 1}自然资源和规划局`,
      parentId: provinceId,
      path: cityPath,
      depth: 2,
      divisionCode: null,
    });
    n++;
    for (let k = 0; k < 25 && n < 10_000; k++) {
      const countyId = newId();
      const countyPath = `${cityPath}${countyId}/`;
      rows.push({
        id: countyId,
        tree: 'ADMIN',
        type: 'COUNTY_DEPT',
        name: `基准市${c + 1}第${k + 1}县自然资源局`,
        parentId: cityId,
        path: countyPath,
        depth: 3,
        divisionCode: null,
      });
      n++;
      for (let u = 0; u < 19 && n < 10_000; u++) {
        const id = newId();
        rows.push({
          id,
          tree: 'ADMIN',
          type: u % 3 === 0 ? 'SCHOOL' : 'BASE_HOST',
          name: `基准单位${n}`,
          parentId: countyId,
          path: `${countyPath}${id}/`,
          depth: 4,
          divisionCode: null,
        });
        n++;
      }
    }
  }
  await handle.db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('organisations')
        .values(
          rows.slice(i, i + 500).map(
            (r) =>
              ({
                nameEn: null,
                shortName: null,
                active: 1,
                createdAt: at,
                updatedAt: at,
                ...r,
              }) as never,
          ),
        )
        .execute();
    }
  });
  await recountOrganisations(handle.db);
  const secret = newTotpSecret();
  const admin = await createPlatformAdmin(handle.db, 'sqlite', loadConfig({}), {
    username: 'bench-admin',
    password: PASSWORD,
  });
  await handle.db
    .updateTable('users')
    .set({ totpSecret: secret, totpEnabledAt: at })
    .where('id', '=', admin.id)
    .execute();
  await handle.close();
  return { provinceId, secret };
}

/** One GET as sent on the wire (no decompression): the body's bytes, and the body decoded. */
function wire(url: string, encoding: string): Promise<{ bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const sent = res.headers['content-encoding'];
          const body =
            sent === 'br'
              ? zlib.brotliDecompressSync(raw)
              : sent === 'gzip'
                ? zlib.gunzipSync(raw)
                : raw;
          if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
          else resolve({ bytes: raw.length, text: body.toString('utf8') });
        });
      })
      .on('error', reject);
  });
}

interface FirstLoad {
  jsFiles: number;
  /** Bytes sent for the page, its stylesheets and its first-load scripts; of which JavaScript. */
  total: number;
  js: number;
}

/**
 * The portal's first load as the running server sends it with this Accept-Encoding: index.html,
 * its stylesheets, its entry script and the modules it preloads.
 */
async function firstLoad(base: string, encoding: string): Promise<FirstLoad> {
  const page = await wire(`${base}/`, encoding);
  const js = [
    ...page.text.matchAll(
      /<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g,
    ),
  ].map((m) => m[1]!);
  const css = [...page.text.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  let jsBytes = 0;
  let cssBytes = 0;
  for (const src of new Set(js)) jsBytes += (await wire(`${base}${src}`, encoding)).bytes;
  for (const href of new Set(css)) cssBytes += (await wire(`${base}${href}`, encoding)).bytes;
  return { jsFiles: new Set(js).size, total: page.bytes + cssBytes + jsBytes, js: jsBytes };
}

async function main() {
  const results: [string, string][] = [];
  console.log(
    `Kepu foundation benchmark — ${os.cpus().length} cores, Node ${process.version}, ${DURATION} s × ${CONNECTIONS} connections\n`,
  );

  // 1. Cold start on an empty database (migrations + reference + demo data), to the first 200.
  const coldDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-cold-'));
  const coldPort = await freePort();
  const hasWeb = fs.existsSync(path.join(ROOT, 'web/dist/index.html'));
  const cold = startKepu(coldDir, coldPort, hasWeb);
  const coldMs = await waitHealthy(`http://127.0.0.1:${coldPort}/api/health`, cold);
  await stop(cold);
  results.push([
    `cold ${hasWeb ? 'npm start' : 'kepu start'} → first 200 on /api/health (empty database)`,
    `${coldMs} ms`,
  ]);

  // 2. Bare Fastify hello-world, same machine, same run.
  const helloPort = await freePort();
  const hello = spawn(
    process.execPath,
    [
      '-e',
      `const f=require('fastify')();f.get('/',async()=>({hello:'world'}));f.listen({port:${helloPort},host:'127.0.0.1'})`,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  await waitHealthy(`http://127.0.0.1:${helloPort}/`, hello);
  const h = await load(`http://127.0.0.1:${helloPort}/`);
  await stop(hello);
  results.push(['bare Fastify hello-world', `${h.rps} req/s, p50 ${h.p50} ms, p99 ${h.p99} ms`]);

  // 3. Kepu on a database with a 10,000-organisation subtree.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-'));
  const { provinceId, secret } = await buildTenThousand(dir);
  const port = await freePort();
  const kepu = startKepu(dir, port);
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/api/health`, kepu);
  const health = await load(`${base}/api/health`);
  results.push([
    'GET /api/health',
    `${health.rps} req/s, p50 ${health.p50} ms, p99 ${health.p99} ms${health.bad ? `, ${health.bad} errors` : ''}`,
  ]);
  // As a browser asks: the answer is below the compression threshold and must cost the same.
  const healthBr = await load(`${base}/api/health`, { 'accept-encoding': 'gzip, deflate, br' });
  results.push([
    '  same, Accept-Encoding: gzip, deflate, br',
    `${healthBr.rps} req/s, p50 ${healthBr.p50} ms, p99 ${healthBr.p99} ms${healthBr.bad ? `, ${healthBr.bad} errors` : ''}`,
  ]);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'bench-admin',
      password: PASSWORD,
      totpCode: totpCode(secret),
    }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const check = (await (
    await fetch(`${base}/api/organisations?rootId=${provinceId}&pageSize=50`, {
      headers: { cookie },
    })
  ).json()) as { total: number };
  const subtree = await load(`${base}/api/organisations?rootId=${provinceId}&pageSize=50`, {
    cookie,
  });
  results.push([
    `GET /api/organisations?rootId=… (subtree of ${check.total} orgs, page of 50 + total)`,
    `${subtree.rps} req/s, p50 ${subtree.p50} ms, p99 ${subtree.p99} ms${subtree.bad ? `, ${subtree.bad} errors` : ''}`,
  ]);
  const big = await load(`${base}/api/organisations?rootId=${provinceId}&pageSize=1000`, {
    cookie,
  });
  results.push([
    '  same, page of 1,000',
    `${big.rps} req/s, p50 ${big.p50} ms, p99 ${big.p99} ms${big.bad ? `, ${big.bad} errors` : ''}`,
  ]);
  // 4. The portal's first load as sent: pre-compressed at build time, picked by Accept-Encoding.
  if (fs.existsSync(path.join(ROOT, 'web/dist/index.html'))) {
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const sizes = [
      ['uncompressed', await firstLoad(base, 'identity')],
      ['gzip', await firstLoad(base, 'gzip')],
      ['brotli', await firstLoad(base, 'br')],
    ] as const;
    results.push([
      'portal first load, HTML + CSS + JS as sent',
      sizes.map(([name, s]) => `${name} ${kib(s.total)}`).join(', '),
    ]);
    results.push([
      `  of which JavaScript (${sizes[0][1].jsFiles} files)`,
      sizes.map(([name, s]) => `${name} ${kib(s.js)}`).join(', '),
    ]);
  } else results.push(['portal first load', 'web/dist missing: run npm run build:web']);
  await stop(kepu);

  const width = Math.max(...results.map(([k]) => k.length));
  for (const [k, v] of results) console.log(`${k.padEnd(width)}  ${v}`);
  fs.rmSync(coldDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
