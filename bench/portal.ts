/**
 * `npm run bench:portal -- [sqlite|postgres] [100000|1000000]` (default sqlite 100000) — issue 15's
 * acceptance bench: the public portal's requests, served by the server as `npm start` runs it,
 * beside a bare node:http server measured in the same run.
 *  1. Corpus: a fresh database (a SQLite file, or a scratch PostgreSQL database made under
 *     BENCH_PG_URL or KEPU_TEST_PG_URL), migrated and seeded with the base data; N generated works
 *     (bench/corpus-generator.ts, the search bench's stream) imported as an office imports them
 *     (JSONL through importWorks, all published, works rows and their search documents), the
 *     index then left as a bulk load would (FTS5 optimize / VACUUM ANALYZE); 24 named bases and
 *     24 published activities with a session next week written as rows (the generator makes
 *     works only). The database then has organisations, so `kepu start` adds no demo data.
 *  2. The server: `node scripts/kepu.mjs start` (what `npm start` runs) with DATABASE_URL, PORT (a free port), KEPU_DATA_DIR (a
 *     temp folder), NODE_ENV=production and KEPU_SKIP_WEB_BUILD=1 (web/dist is built once first
 *     when missing); its log goes to a file. Ready when GET /api/health answers 200. Its whole
 *     process tree (a process group) is stopped at the end, on an error and on Ctrl-C.
 *  3. The floor: bench/lib/bare-http.mjs, a node:http server answering {"status":"ok"}, in a
 *     process of its own.
 *  4. Load: autocannon in a process of its own (bench/lib/cannon.mjs), per row BENCH_WARMUP
 *     seconds (default 3, discarded) then BENCH_SECONDS (default 10): the library list (作品库,
 *     newest 20, no query), searches of 介绍 (the generator's word in ~40% of the texts: 46%;
 *     BENCH_WORD), 海洋 (the issue's word, said to be in 43% of the texts of its corpus; in 16% of
 *     this generator's) and 天然气水合物 (each one question asked again and again: answered from
 *     memory after the first), 688 different questions in turn (more than the engine keeps:
 *     each searched afresh),
 *     /api/health and the bare server at 50 connections and their ratio, a work page (over 300
 *     real ids in turn), a base page, an activity page (kept for visitors up to 2 s, so mostly
 *     from memory), the same three pages afresh (3,000 different URLs in turn: none from memory),
 *     the public lists of bases, activities and the channel; the server tree's RSS (VmRSS summed
 *     over the tree, from /proc) idle 30 s after start and a light warm-up (BENCH_IDLE_SECONDS),
 *     and its peak sampled every 200 ms under load.
 * Prints one markdown table (measure | req/s | p50 ms | p99 ms | target | met?) against the
 * issue's targets, non-2xx answers and errors per row, and the totals the API gives for the list
 * and the searches (with totalApproximate) beside exact counts from the database.
 * BENCH_OUT=FILE also writes the results as JSON. BENCH_KEEP=FILE keeps the corpus (the database is
 * not dropped) and describes it in FILE; BENCH_REUSE=FILE measures that corpus again without
 * building it (a scratch PostgreSQL database made so is dropped by hand). BENCH_SERVER_NODE_OPTIONS
 * (e.g. `--max-semi-space-size=32`) is NODE_OPTIONS for the server's processes only;
 * BENCH_ROWS=REGEX measures only the rows whose name matches. BENCH_ACCEPT_ENCODING=br (say) sends that
 * Accept-Encoding (default none, as autocannon). The load generator shares the machine's cores
 * with the server, as it did in the issue's figures.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { startCommand } from '../scripts/start-command.mjs';
import { importWorks } from '../server/src/modules/works/import.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import { type DbHandle, openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { newId, nowIso } from '../server/src/platform/ids.ts';
import { seedBase } from '../server/src/seed.ts';
import {
  adminPgUrl,
  createImporter,
  describePostgres,
  type ScratchDatabase,
  scratchDatabase,
  writeWorksJsonl,
} from './lib/scratch-db.ts';
import { everyQuestion } from './search-queries.ts';

// The corpus's audit rows are signed with a key of this run (the server makes its own).
setAuditKey(crypto.randomBytes(32));

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const KIND: 'sqlite' | 'postgres' = args.includes('postgres') ? 'postgres' : 'sqlite';
const SIZE = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** The word in ~40% of the texts (介绍: 46% of the generated works' texts). */
const WORD = process.env.BENCH_WORD ?? '介绍';
/** The issue's word (43% of its corpus's texts; 16% of the generator's), and a rare compound. */
const ISSUE_WORD = '海洋';
const RARE = '天然气水合物';
const WORDS = [WORD, ISSUE_WORD, RARE];
/** The search bench's stream: the same works at the same size. */
const SEED = 20261129;
/** Rows per import file (a file holds at most 200,000 lines; one transaction each). */
const PER_FILE = 50_000;
const BASES = 24;
const ACTIVITIES = 24;

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (t: number) => (performance.now() - t) / 1000;

// ---- cleanup: everything started is stopped, on success, error and Ctrl-C

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      console.error('cleanup:', err);
    }
  }
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping …`);
    void cleanup().finally(() => process.exit(130));
  });

/** Stops a process group (the child was spawned detached): TERM, then KILL after `ms`. */
async function stopGroup(child: ChildProcess, ms = 10_000) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const killed = await Promise.race([exited.then(() => false), sleep(ms).then(() => true)]);
  try {
    // Whatever of the group is left (a wrapper that exited before its child, or a stuck stop).
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
  if (killed) console.error(`pid ${child.pid} did not stop within ${ms} ms: killed`);
}

// ---- process tree RSS from /proc

interface Proc {
  pid: number;
  name: string;
  kib: number;
}

function procTable(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function procOf(pid: number): Proc | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const name = cmd
      .map((a) => (a.startsWith('/') ? path.basename(a) : a))
      .join(' ')
      .slice(0, 70);
    return { pid, name, kib };
  } catch {
    return null;
  }
}

/** The process and all its descendants, with their VmRSS. */
function tree(root: number): Proc[] {
  const children = procTable();
  const out: Proc[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const p = procOf(pid);
    if (p) out.push(p);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}
const treeMiB = (procs: Proc[]) => procs.reduce((n, p) => n + p.kib, 0) / 1024;

// ---- corpus

interface Corpus {
  workIds: string[];
  baseIds: string[];
  activityIds: string[];
  publishedWorks: number;
  indexedWorks: number;
  /** Per searched word: works with it in title, summary or body; and that or a tag's name. */
  counts: Record<string, { text: number; textOrTag: number; tags: string[]; synonyms: string[] }>;
  timings: { jsonlS: number; importS: number; optimizeS: number; extrasS: number; countS: number };
  jsonlMiB: number;
  databaseMiB: number;
}

async function insertBasesAndActivities(handle: DbHandle, hostId: string) {
  const at = nowIso();
  const baseIds: string[] = [];
  for (let i = 0; i < BASES; i++) {
    const id = newId();
    baseIds.push(id);
    await handle.db
      .insertInto('bases')
      .values({
        id,
        hostOrgId: hostId,
        name: `基准科普基地 ${i + 1}`,
        tier: 'MINISTRY',
        category: 'VENUE',
        sectors: '["GEOLOGY"]',
        intro: '<p>基准测试用的科普基地：地质标本展厅、研学实验室与科普讲堂。</p>',
        address: '北京市西城区',
        divisionCode: null,
        longitude: 116.36 + i / 100,
        latitude: 39.91,
        openingHours: '周二至周日 9:00—17:00',
        capacity: 5000,
        facilities: '展厅、研学实验室',
        contacts: '[]',
        coverId: null,
        gallery: '[]',
        status: 'ACTIVE',
        namingDocNo: `自然资科普〔2024〕${i + 1}号`,
        namedAt: '2024-05-20',
        batchYear: 2024,
        validUntil: null,
        rectifyBy: null,
        applicationId: null,
        authorityOrgId: hostId,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
  }
  const activityIds: string[] = [];
  for (let i = 0; i < ACTIVITIES; i++) {
    const id = newId();
    activityIds.push(id);
    await handle.db
      .insertInto('activities')
      .values({
        id,
        organisationId: hostId,
        checkInMode: 'ONCE',
        coOrganiserIds: '[]',
        typeCode: 'LECTURE',
        title: `基准科普讲座 ${i + 1}：走近天然气水合物`,
        summary: '面向公众的科普讲座。',
        body: '<p>讲座介绍天然气水合物的形成、勘查与开采。</p>',
        audiences: '[]',
        sectors: '["OCEAN"]',
        topics: '[]',
        themeDayCode: null,
        campaignId: null,
        divisionCode: null,
        address: '北京市西城区',
        lat: null,
        lng: null,
        onlineUrl: null,
        coverMediaId: null,
        status: 'PUBLISHED',
        cancelReason: null,
        createdBy: 'bench',
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
        cancelledAt: null,
        registrationForm: null,
        admitsMinors: 0,
        groupsAllowed: 0,
      })
      .execute();
    const starts = Date.now() + (7 + i) * 86_400_000;
    await handle.db
      .insertInto('activitySessions')
      .values({
        id: newId(),
        activityId: id,
        startsAt: nowIso(starts),
        endsAt: nowIso(starts + 7_200_000),
        capacity: 200,
        taken: 0,
        registrationOpensAt: null,
        registrationClosesAt: null,
        approvalRequired: 0,
        perPersonLimit: 1,
        holdHours: 24,
        cancelCutoffHours: 0,
        status: 'ACTIVE',
        createdAt: at,
      })
      .execute();
  }
  return { baseIds, activityIds };
}

/**
 * Exact counts from the rows: the word (or one of its synonyms) in a work's text, or that or the
 * name of one of its tags containing the word. Substrings: the analyzer's word boundaries aside.
 */
async function countWord(handle: DbHandle, word: string) {
  const { db, dialect } = handle;
  const tags = await db
    .selectFrom('referenceItems')
    .select(['kind', 'code', 'nameZh'])
    .where('kind', 'in', ['WORK_TYPE', 'SECTOR', 'TOPIC'])
    .execute();
  const hit = tags.filter((t) => t.nameZh.includes(word));
  // The search finds a word's synonyms too (天然气水合物 = 可燃冰): so does the count.
  const groups = await db
    .selectFrom('searchTerms')
    .select('members')
    .where('kind', '=', 'SYNONYM')
    .where('active', '=', 1)
    .execute();
  const words = [
    ...new Set([
      word,
      ...groups.flatMap((g) => {
        const members = JSON.parse(g.members) as string[];
        return members.includes(word) ? members : [];
      }),
    ]),
  ];
  const has = (column: string, w: string) =>
    dialect === 'sqlite'
      ? sql`instr(${sql.ref(column)}, ${w}) > 0`
      : sql`strpos(${sql.ref(column)}, ${w}) > 0`;
  const text = sql.join(
    words.flatMap((w) => [has('title', w), has('summary', w), has('body', w)]),
    sql` or `,
  );
  const tagged = hit.map((t) =>
    t.kind === 'WORK_TYPE'
      ? sql`type = ${t.code}`
      : sql`${sql.ref(t.kind === 'SECTOR' ? 'sectors' : 'topics')} like ${`%"${t.code}"%`}`,
  );
  const count = async (where: ReturnType<typeof sql>) =>
    Number(
      (
        await sql<{
          n: number | string;
        }>`select count(*) as n from works where status = 'PUBLISHED' and (${where})`.execute(db)
      ).rows[0]!.n,
    );
  return {
    text: await count(text),
    textOrTag: tagged.length ? await count(sql.join([text, ...tagged], sql` or `)) : -1,
    tags: hit.map((t) => `${t.kind}:${t.code} ${t.nameZh}`),
    synonyms: words.slice(1),
  };
}

async function buildCorpus(db: ScratchDatabase, dir: string): Promise<Corpus> {
  const handle = openDatabase(db.database);
  try {
    await migrateToLatest(handle);
    const { rootId } = await seedBase(handle);
    const userId = await createImporter(handle);
    let t = performance.now();
    const { files, bytes } = await writeWorksJsonl(
      (i) => path.join(dir, `works-${i}.jsonl`),
      SIZE,
      SEED,
      PER_FILE,
    );
    const jsonlS = since(t);
    t = performance.now();
    for (const file of files) {
      const report = await importWorks(
        handle.db,
        { actorId: userId, ip: null, dialect: handle.dialect },
        file,
        { organisationId: rootId, userId },
      );
      if (report.errors.length) throw new Error(JSON.stringify(report.errors.slice(0, 3)));
      fs.rmSync(file);
      process.stdout.write('.');
    }
    process.stdout.write('\n');
    const importS = since(t);
    t = performance.now();
    if (handle.dialect === 'sqlite')
      await sql`insert into search_fts(search_fts) values ('optimize')`.execute(handle.db);
    else await sql`vacuum analyze`.execute(handle.db);
    const optimizeS = since(t);
    t = performance.now();
    const { baseIds, activityIds } = await insertBasesAndActivities(handle, rootId);
    const extrasS = since(t);
    t = performance.now();
    const n = async (q: ReturnType<typeof sql>) =>
      Number((await sql<{ n: number | string }>`${q}`.execute(handle.db)).rows[0]!.n);
    const publishedWorks = await n(sql`select count(*) as n from works where status = 'PUBLISHED'`);
    const indexedWorks = await n(
      sql`select count(*) as n from search_documents where type = 'work'`,
    );
    const counts: Corpus['counts'] = {};
    for (const w of WORDS) counts[w] = await countWord(handle, w);
    const workIds = (
      await sql<{
        id: string;
      }>`select id from works where status = 'PUBLISHED' order by random() limit 300`.execute(
        handle.db,
      )
    ).rows.map((r) => r.id);
    const countS = since(t);
    return {
      workIds,
      baseIds,
      activityIds,
      publishedWorks,
      indexedWorks,
      counts,
      timings: { jsonlS, importS, optimizeS, extrasS, countS },
      jsonlMiB: bytes / MiB,
      databaseMiB: 0,
    };
  } finally {
    await handle.close();
  }
}

// ---- processes

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Seconds after the warm-up at which the idle RSS is read. */
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);

/** More URLs than public-answers.ts keeps (1,000): each asked afresh. */
const AFRESH_URLS = 3_000;

async function startServer(databaseUrl: string, dataDir: string, logFile: string) {
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const start = startCommand();
  const child = spawn(process.execPath, start.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...start.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      KEPU_DATA_DIR: dataDir,
      KEPU_SKIP_WEB_BUILD: '1',
      NODE_ENV: 'production',
      // BENCH_SERVER_NODE_OPTIONS=--cpu-prof (say): options for the server's processes only.
      ...(process.env.BENCH_SERVER_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
        : {}),
    },
    stdio: ['ignore', log, log],
    // A process group of its own: stopped as a whole.
    detached: true,
  });
  fs.closeSync(log);
  cleanups.push(() => stopGroup(child));
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}); see ${logFile}`);
    if (since(started) > 300) throw new Error(`the server did not answer in 300 s; see ${logFile}`);
    try {
      const r = await fetch(`${origin}/api/health`);
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return { child, origin, startS: since(started) };
}

async function startBare() {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/lib/bare-http.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  cleanups.push(() => stopGroup(child, 3000));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', () => reject(new Error('the bare server exited')));
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

// ---- load

interface Measured {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

const run = promisify(execFile);
async function load(
  origin: string,
  paths: string[],
  connections: number,
  dir: string,
): Promise<Measured> {
  const plan = path.join(dir, `plan-${crypto.randomBytes(4).toString('hex')}.json`);
  const headers: Record<string, string> = {};
  if (process.env.BENCH_ACCEPT_ENCODING)
    headers['accept-encoding'] = process.env.BENCH_ACCEPT_ENCODING;
  fs.writeFileSync(
    plan,
    JSON.stringify({
      url: origin,
      connections,
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      paths,
      headers,
    }),
  );
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'bench/lib/cannon.mjs'), plan], {
    maxBuffer: 16 * MiB,
  });
  fs.rmSync(plan);
  return JSON.parse(stdout) as Measured;
}

// ---- main

interface Row {
  measure: string;
  connections: number | null;
  paths: string[];
  measured: Measured | null;
  target: string;
  met: boolean | null;
  /** RSS rows: MiB. Ratio row: the ratio. */
  value?: number;
  peakMiB?: number;
}

async function main() {
  const began = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-portal-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  console.log(
    `Kepu portal benchmark (issue 15) — ${KIND}, ${SIZE.toLocaleString('en')} works; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    `load: autocannon in its own process, ${WARMUP} s warm-up + ${SECONDS} s per row; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  if (KIND === 'postgres') console.log(await describePostgres(adminPgUrl()));

  if (!fs.existsSync(path.join(ROOT, 'web/dist/index.html'))) {
    console.log('web/dist missing: building the web app once …');
    const r = spawnSync(
      'npx',
      ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (r.status !== 0) throw new Error('the web build failed');
  }

  // 1. corpus (or the one a BENCH_KEEP run left)
  const kept = process.env.BENCH_REUSE;
  let dbUrl: string;
  let corpus: Corpus;
  const corpusStarted = performance.now();
  if (kept) {
    ({ url: dbUrl, corpus } = JSON.parse(fs.readFileSync(kept, 'utf8')) as {
      url: string;
      corpus: Corpus;
    });
    console.log(`reusing the corpus of ${kept} (${dbUrl.replace(/\/\/[^@]*@/, '//')})`);
  } else {
    const db = await scratchDatabase(KIND, 'kepu_portal');
    dbUrl = db.url;
    if (!process.env.BENCH_KEEP) cleanups.push(() => db.drop());
    console.log(`building the corpus (${db.url.replace(/\/\/[^@]*@/, '//')}) …`);
    corpus = await buildCorpus(db, tmp);
    corpus.databaseMiB = (await db.size()) / MiB;
    if (process.env.BENCH_KEEP) {
      fs.writeFileSync(process.env.BENCH_KEEP, JSON.stringify({ url: db.url, corpus }));
      console.log(`corpus kept: BENCH_REUSE=${process.env.BENCH_KEEP} measures it again`);
    }
  }
  const corpusS = since(corpusStarted);
  const t = corpus.timings;
  console.log(
    `corpus: ${corpusS.toFixed(1)} s — JSONL ${t.jsonlS.toFixed(1)} s (${corpus.jsonlMiB.toFixed(0)} MiB), import incl. indexing ${t.importS.toFixed(1)} s (${Math.round(SIZE / t.importS)}/s), ${KIND === 'sqlite' ? 'FTS optimize' : 'VACUUM ANALYZE'} ${t.optimizeS.toFixed(1)} s, bases and activities ${t.extrasS.toFixed(1)} s, exact counts ${t.countS.toFixed(1)} s; database ${corpus.databaseMiB.toFixed(0)} MiB`,
  );
  const pctOf = (w: string) =>
    `${((100 * corpus.counts[w]!.text) / corpus.publishedWorks).toFixed(0)}%`;
  const share = corpus.counts[WORD]!.text / corpus.publishedWorks;
  console.log(
    `${WORD} is in the text of ${corpus.counts[WORD]!.text.toLocaleString('en')} of ${corpus.publishedWorks.toLocaleString('en')} works (${(share * 100).toFixed(1)}%)${share < 0.3 || share > 0.55 ? ' — NOT ~40%: set BENCH_WORD' : ''}`,
  );

  // 2. server, 3. floor
  const measureStarted = performance.now();
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);
  const logFile = path.join(os.tmpdir(), `kepu-portal-${KIND}-${SIZE}-${process.pid}-server.log`);
  fs.rmSync(logFile, { force: true });
  const server = await startServer(dbUrl, dataDir, logFile);
  console.log(`server ready in ${server.startS.toFixed(1)} s (log: ${logFile})`);
  const bare = await startBare();

  const q = encodeURIComponent;
  const rows: Row[] = [];
  const listPath = '/api/search?q=&type=work&sort=date&page=1&pageSize=20';
  const searchPath = (w: string) => `/api/search?q=${q(w)}&type=work&page=1&pageSize=20`;
  const searchP99 = SIZE >= 1_000_000 ? 100 : 50;
  const coldQuestions = everyQuestion().map(
    (p) =>
      `/api/search?q=${q(p.q)}&type=work&sort=${p.sort}&page=1&pageSize=20${p.sector ? `&sector=${p.sector}` : ''}`,
  );
  const plan: {
    measure: string;
    origin: string;
    paths: string[];
    c: number;
    rps: number;
    p99: number;
  }[] = [
    {
      measure: 'library list, newest 20, no query',
      origin: server.origin,
      paths: [listPath],
      c: 10,
      rps: 1000,
      p99: 30,
    },
    {
      measure: `search ${WORD} (${pctOf(WORD)} of texts)`,
      origin: server.origin,
      paths: [searchPath(WORD)],
      c: 10,
      rps: 500,
      p99: searchP99,
    },
    {
      measure: `search ${ISSUE_WORD} (the issue's word; ${pctOf(ISSUE_WORD)} of texts here)`,
      origin: server.origin,
      paths: [searchPath(ISSUE_WORD)],
      c: 10,
      rps: 500,
      p99: searchP99,
    },
    {
      measure: `search ${RARE} (${pctOf(RARE)} of texts)`,
      origin: server.origin,
      paths: [searchPath(RARE)],
      c: 10,
      rps: 500,
      p99: searchP99,
    },
    {
      // The rows above ask one question again and again: after the first, the engine answers
      // from memory. This one asks more different questions than it keeps: every one afresh.
      measure: `search, ${coldQuestions.length} different questions in turn (none from memory)`,
      origin: server.origin,
      paths: coldQuestions,
      c: 10,
      rps: 0,
      p99: 0,
    },
    {
      measure: '/api/health',
      origin: server.origin,
      paths: ['/api/health'],
      c: 50,
      rps: 0,
      p99: 0,
    },
    {
      measure: 'bare node:http JSON server',
      origin: bare.origin,
      paths: ['/'],
      c: 50,
      rps: 0,
      p99: 0,
    },
    {
      measure: `work page (${corpus.workIds.length} ids in turn)`,
      origin: server.origin,
      paths: corpus.workIds.map((id) => `/api/public/works/${id}`),
      c: 10,
      rps: 2000,
      p99: 20,
    },
    {
      measure: `base page (${corpus.baseIds.length} ids in turn)`,
      origin: server.origin,
      paths: corpus.baseIds.map((id) => `/api/public/bases/${id}`),
      c: 10,
      rps: 2000,
      p99: 20,
    },
    {
      measure: `activity page (${corpus.activityIds.length} ids in turn)`,
      origin: server.origin,
      paths: corpus.activityIds.map((id) => `/api/public/activities/${id}`),
      c: 10,
      rps: 2000,
      p99: 20,
    },
    // The pages above are kept for visitors (platform/public-answers.ts): after its first asking,
    // a page is answered from memory for up to 2 s. These rows ask more different URLs (the same
    // pages, each with a query string no route reads) than are kept: every one is read afresh.
    ...(
      [
        ['work page', corpus.workIds, '/api/public/works/'],
        ['base page', corpus.baseIds, '/api/public/bases/'],
        ['activity page', corpus.activityIds, '/api/public/activities/'],
      ] as const
    ).map(([name, ids, prefix]) => ({
      measure: `${name} afresh (${AFRESH_URLS.toLocaleString('en')} URLs in turn, none from memory)`,
      origin: server.origin,
      paths: Array.from(
        { length: AFRESH_URLS },
        (_, i) => `${prefix}${ids[i % ids.length]}?afresh=${i}`,
      ),
      c: 10,
      rps: 0,
      p99: 0,
    })),
    {
      measure: 'public list /api/public/bases',
      origin: server.origin,
      paths: ['/api/public/bases'],
      c: 10,
      rps: 2000,
      p99: 20,
    },
    {
      measure: 'public list /api/public/activities',
      origin: server.origin,
      paths: ['/api/public/activities'],
      c: 10,
      rps: 2000,
      p99: 20,
    },
    {
      measure: 'public list /api/public/channel',
      origin: server.origin,
      paths: ['/api/public/channel'],
      c: 10,
      rps: 2000,
      p99: 20,
    },
  ];

  // A light warm-up (each route a few times, one at a time), then the idle figure.
  const answers: Record<string, unknown> = {};
  for (const p of plan)
    for (const u of p.paths.slice(0, 20)) {
      for (let i = 0; i < (p.paths.length > 1 ? 1 : 20); i++) {
        const r = await fetch(`${p.origin}${u}`);
        const body = await r.text();
        if (r.status !== 200) throw new Error(`${u}: ${r.status} ${body.slice(0, 300)}`);
        answers[u] = body;
      }
    }
  // Idle: after V8's memory reducer has had its chance (it collects 8–15 s after allocation slows).
  await sleep(IDLE_SECONDS * 1000);
  const idleProcs = tree(server.child.pid!);
  const idleMiB = treeMiB(idleProcs);

  // The totals the API gives, beside the database's exact counts.
  const totals = [
    {
      query: 'library list (no query)',
      path: listPath,
      exact: corpus.publishedWorks,
      tagged: null,
    },
    ...WORDS.map((w) => ({
      path: searchPath(w),
      query: corpus.counts[w]!.synonyms.length
        ? `${w} (= ${corpus.counts[w]!.synonyms.join(', ')})`
        : w,
      exact: corpus.counts[w]!.text,
      tagged: corpus.counts[w]!.textOrTag,
    })),
  ].map((x) => {
    const a = JSON.parse(answers[x.path] as string) as {
      total: number;
      exactTotal: number;
      totalApproximate: boolean;
      facetsApproximate: boolean;
      relaxed: boolean;
      items: unknown[];
    };
    return {
      ...x,
      total: a.total,
      exactTotal: a.exactTotal,
      totalApproximate: a.totalApproximate,
      facetsApproximate: a.facetsApproximate,
      relaxed: a.relaxed,
      items: a.items.length,
    };
  });

  // 4. load, with the tree's RSS sampled every 200 ms.
  let peakMiB = idleMiB;
  let rowPeak = 0;
  const sampler = setInterval(() => {
    const m = treeMiB(tree(server.child.pid!));
    peakMiB = Math.max(peakMiB, m);
    rowPeak = Math.max(rowPeak, m);
  }, 200);
  try {
    // BENCH_ROWS=REGEX: only the rows whose measure matches (a profile of one path, say).
    const only = process.env.BENCH_ROWS ? new RegExp(process.env.BENCH_ROWS) : null;
    for (const p of plan.filter((r) => !only || only.test(r.measure))) {
      rowPeak = 0;
      process.stdout.write(`  ${p.measure} … `);
      const m = await load(p.origin, p.paths, p.c, tmp);
      console.log(
        `${Math.round(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms (load average ${os.loadavg()[0]!.toFixed(2)})${m.non2xx || m.errors || m.timeouts ? ` — statuses ${JSON.stringify(m.statuses)}, ${m.errors} errors, ${m.timeouts} timeouts` : ''}`,
      );
      const clean = m.non2xx === 0 && m.errors === 0 && m.timeouts === 0;
      rows.push({
        measure: p.measure,
        connections: p.c,
        paths: p.paths.length > 3 ? [...p.paths.slice(0, 3), '…'] : p.paths,
        measured: m,
        target: p.rps ? `≥ ${p.rps.toLocaleString('en')} req/s, p99 ≤ ${p.p99} ms` : '—',
        met: p.rps ? clean && m.rps >= p.rps && m.p99 <= p.p99 : null,
        peakMiB: rowPeak,
      });
    }
  } finally {
    clearInterval(sampler);
  }
  await sleep(3000);
  const afterMiB = treeMiB(tree(server.child.pid!));
  const health = rows.find((r) => r.measure === '/api/health')?.measured;
  const floor = rows.find((r) => r.measure.startsWith('bare'))?.measured;
  if (health && floor) {
    const ratio = health.rps / floor.rps;
    const healthAt = rows.findIndex((r) => r.measure.startsWith('bare')) + 1;
    rows.splice(healthAt, 0, {
      measure: '/api/health ÷ bare node:http (50 connections)',
      connections: null,
      paths: [],
      measured: null,
      target: '≥ 0.5',
      met: ratio >= 0.5,
      value: ratio,
    });
  }
  rows.push(
    {
      measure: 'server process tree RSS, idle',
      connections: null,
      paths: [],
      measured: null,
      target: '≤ 200 MiB',
      met: idleMiB <= 200,
      value: idleMiB,
    },
    {
      measure: 'server process tree RSS, peak under load',
      connections: null,
      paths: [],
      measured: null,
      target: '≤ 300 MiB',
      met: peakMiB <= 300,
      value: peakMiB,
    },
  );
  const measureS = since(measureStarted);

  // ---- report
  const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));
  const mark = (met: boolean | null) => (met === null ? '—' : met ? '✓' : '✗');
  console.log(
    `\n### ${KIND}, ${SIZE.toLocaleString('en')} works — ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} cores\n`,
  );
  console.log('| measure | req/s | p50 ms | p99 ms | target | met? |');
  console.log('|---|---:|---:|---:|---|:-:|');
  for (const r of rows) {
    const m = r.measured;
    if (m) {
      const bad = m.non2xx || m.errors || m.timeouts;
      const flag = bad
        ? ` ⚠ ${m.non2xx} non-2xx ${JSON.stringify(m.statuses)}, ${m.errors} errors, ${m.timeouts} timeouts`
        : '';
      console.log(
        `| ${r.measure}, ${r.connections} conn.${flag} | ${fmt(m.rps)} | ${m.p50} | ${m.p99} | ${r.target} | ${mark(r.met)} |`,
      );
    } else if (r.measure.includes('RSS')) {
      console.log(
        `| ${r.measure}: **${r.value!.toFixed(0)} MiB** | — | — | — | ${r.target} | ${mark(r.met)} |`,
      );
    } else {
      console.log(
        `| ${r.measure}: **${r.value!.toFixed(2)}** | — | — | — | ${r.target} | ${mark(r.met)} |`,
      );
    }
  }
  console.log(
    `\nRSS idle by process: ${idleProcs.map((p) => `${p.name} ${(p.kib / 1024).toFixed(0)} MiB`).join('; ')}; ${afterMiB.toFixed(0)} MiB 3 s after the load`,
  );
  console.log('\nTotals the API gives (page 1) beside exact counts from the database:\n');
  console.log(
    '| query | API total | totalApproximate | exactTotal | relaxed | facetsApproximate | database: works with it (or a synonym) in title, summary or body | … or a tag named with it |',
  );
  console.log('|---|---:|:-:|---:|:-:|:-:|---:|---:|');
  for (const x of totals)
    console.log(
      `| ${x.query} | ${x.total.toLocaleString('en')} | ${x.totalApproximate} | ${x.exactTotal.toLocaleString('en')} | ${x.relaxed} | ${x.facetsApproximate} | ${x.exact.toLocaleString('en')}${x.tagged === null ? ' (published works)' : ''} | ${x.tagged === null ? '—' : x.tagged < 0 ? 'no tag named so' : x.tagged.toLocaleString('en')} |`,
    );
  const off = totals.filter((x) => x.query.startsWith('library') && x.total !== x.exact);
  for (const x of off)
    console.log(
      `⚠ the list's total ${x.total.toLocaleString('en')} is not the ${x.exact.toLocaleString('en')} published works${x.totalApproximate ? ' (flagged as an estimate)' : ' and is NOT flagged as an estimate'}`,
    );
  const bad = rows.filter(
    (r) => r.measured && (r.measured.non2xx || r.measured.errors || r.measured.timeouts),
  );
  if (bad.length)
    console.log(`⚠ non-2xx answers or errors in: ${bad.map((r) => r.measure).join('; ')}`);
  console.log(
    `\nload average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(
        ' ',
      )}; indexed work documents: ${corpus.indexedWorks.toLocaleString('en')}; corpus ${corpusS.toFixed(0)} s, measurement ${measureS.toFixed(0)} s (server start ${server.startS.toFixed(1)} s), total ${since(began).toFixed(0)} s`,
  );

  if (process.env.BENCH_OUT) {
    fs.writeFileSync(
      process.env.BENCH_OUT,
      `${JSON.stringify(
        {
          kind: KIND,
          size: SIZE,
          at: new Date().toISOString(),
          cores: os.cpus().length,
          node: process.version,
          seconds: SECONDS,
          warmupSeconds: WARMUP,
          corpus: {
            seconds: corpusS,
            ...corpus.timings,
            jsonlMiB: corpus.jsonlMiB,
            databaseMiB: corpus.databaseMiB,
            publishedWorks: corpus.publishedWorks,
            indexedWorks: corpus.indexedWorks,
            counts: corpus.counts,
          },
          measurementSeconds: measureS,
          serverStartSeconds: server.startS,
          rows,
          rss: { idleMiB, peakMiB, afterMiB, idleProcesses: idleProcs },
          totals,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${process.env.BENCH_OUT}`);
  }
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  if (!interrupted) await cleanup();
}
