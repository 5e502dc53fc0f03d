/**
 * `npm run bench:certificates [-- sqlite|postgres|both]` — certificates (issue 13 §5):
 *  1. a 500-person batch issued in one transaction (`issueCertificates`), then issued again
 *     (idempotent: nothing new);
 *  2. one certificate's PDF rendered 50 times on the pool's worker threads, one at a time
 *     (p50/p95 after a cold first one) and its size;
 *  3. all 500 PDFs of the batch through the pool (as many waiting as the pool allows), throughput.
 * PostgreSQL: BENCH_PG_URL (or KEPU_TEST_PG_URL), an admin URL a scratch database is made under.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { renderOffThread } from '../server/src/modules/certificates/pdf-pool.ts';
import { issueCertificates, printOf } from '../server/src/modules/certificates/service.ts';
import { passwordlessUserRow } from '../server/src/modules/users/repo.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import type { Config } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { newId, nowIso } from '../server/src/platform/ids.ts';
import { seedBase } from '../server/src/seed.ts';

setAuditKey(crypto.randomBytes(32));
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 50);
const PUBLIC_URL = 'https://kepu.example.cn';

async function scratch(kind: 'sqlite' | 'postgres') {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-certs-'));
    return {
      database: { kind, file: path.join(dir, 'kepu.sqlite') } as Config['database'],
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.BENCH_PG_URL ?? process.env.KEPU_TEST_PG_URL;
  if (!admin) throw new Error('set BENCH_PG_URL (or KEPU_TEST_PG_URL) for PostgreSQL');
  const name = `kepu_bench_certs_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    database: { kind, url: url.toString() } as Config['database'],
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function run(kind: 'sqlite' | 'postgres') {
  const { database, drop } = await scratch(kind);
  const handle = openDatabase(database);
  try {
    await migrateToLatest(handle);
    const { rootId } = await seedBase(handle);
    const db = handle.db;
    const at = nowIso();
    const names = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
    const people = Array.from({ length: BATCH }, (_, i) =>
      passwordlessUserRow({
        id: newId(),
        username: `bench${i}`,
        displayName: `${names[i % 10]}学员${i}`,
        at,
      }),
    );
    for (let i = 0; i < people.length; i += 100)
      await db
        .insertInto('users')
        .values(people.slice(i, i + 100))
        .execute();
    const ctx = { actorId: null, ip: null, dialect: handle.dialect };
    const inputs = people.map((p) => ({
      kind: 'TRAINING' as const,
      holderId: p.id,
      organisationId: rootId,
      title: '2026年度自然资源科普能力提升培训结业证书',
      lines: [
        '参加自然资源部科普工作办公室举办的2026年度自然资源科普能力提升培训',
        '培训时间：2026年10月12日至10月16日，共40学时',
        '考核合格，准予结业',
      ],
      sourceType: 'course-enrolment',
      sourceId: `course-2026:${p.id}`,
    }));
    let t = performance.now();
    const issued = await issueCertificates(db, ctx, inputs);
    const issueMs = performance.now() - t;
    t = performance.now();
    const again = await issueCertificates(db, ctx, inputs);
    const againMs = performance.now() - t;
    if (issued.filter((c) => c.created).length !== BATCH || again.some((c) => c.created))
      throw new Error('batch not idempotent');

    const rows = await db.selectFrom('certificates').selectAll().execute();
    const prints = rows.map((r) => printOf(PUBLIC_URL, r));
    t = performance.now();
    const first = await renderOffThread(prints[0]!);
    const coldMs = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < SINGLE; i++) {
      t = performance.now();
      await renderOffThread(prints[i % prints.length]!);
      times.push(performance.now() - t);
    }
    t = performance.now();
    let bytes = 0;
    let next = 0;
    const lane = async () => {
      while (next < prints.length) {
        const pdf = await renderOffThread(prints[next++]!);
        bytes += pdf.length;
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    const allMs = performance.now() - t;
    console.log(`\n${kind}`);
    console.log(
      `  batch issue of ${BATCH}: ${issueMs.toFixed(0)} ms (again, nothing new: ${againMs.toFixed(0)} ms)`,
    );
    console.log(
      `  single PDF: cold ${coldMs.toFixed(0)} ms; p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms over ${SINGLE}`,
    );
    console.log(
      `  PDF size: ${(first.length / 1024).toFixed(1)} KB (A4 landscape, two font subsets, QR code)`,
    );
    console.log(
      `  all ${prints.length} PDFs on the pool: ${(allMs / 1000).toFixed(1)} s, ${((prints.length * 1000) / allMs).toFixed(1)} PDFs/s, ${(bytes / prints.length / 1024).toFixed(1)} KB each on average`,
    );
  } finally {
    await handle.close();
    await drop();
  }
}

const which = process.argv[2] ?? 'sqlite';
console.log(`certificates bench on ${os.availableParallelism()} cores`);
for (const kind of which === 'both'
  ? (['sqlite', 'postgres'] as const)
  : [which as 'sqlite' | 'postgres'])
  await run(kind);
process.exit(0);
