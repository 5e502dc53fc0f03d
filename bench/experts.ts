/**
 * `npm run bench:experts [-- sqlite|postgres|both]` — the expert directory over 10,000 experts
 * (BENCH_EXPERTS): each query below run 200 times through the service (filters, paging, this
 * year's review load counted in SQL), printing p50 and p95 in milliseconds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { EMPTY_PROFILE } from '../server/src/modules/experts/repo.ts';
import { ExpertDirectoryQuerySchema } from '../server/src/modules/experts/schema.ts';
import { listExperts, publicExperts } from '../server/src/modules/experts/service.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import { type DbHandle, openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { newId, nowIso } from '../server/src/platform/ids.ts';
import type { Actor } from '../server/src/platform/policy.ts';
import { seedBase } from '../server/src/seed.ts';
import { rng } from './corpus-generator.ts';

setAuditKey(crypto.randomBytes(32));

const EXPERTS = Number(process.env.BENCH_EXPERTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SECTORS = ['GEOLOGY', 'MINERAL', 'OCEAN', 'LAND', 'FOREST', 'WETLAND', 'SURVEYING'];
const HAZARDS = [
  'COLLAPSE',
  'LANDSLIDE',
  'DEBRIS_FLOW',
  'GROUND_COLLAPSE',
  'LAND_SUBSIDENCE',
  'STORM_SURGE',
];
const RANKS = ['SENIOR', 'ASSOCIATE', 'INTERMEDIATE', 'JUNIOR'];
const SERVICES = ['REVIEW', 'LECTURE', 'MEDIA', 'EMERGENCY'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红文辉建国林峰海波宁山川岚雪雨晨';
const random = rng(7);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const some = <T>(xs: readonly T[], n: number) => [
  ...new Set(Array.from({ length: n }, () => pick(xs))),
];

async function scratch(kind: 'sqlite' | 'postgres') {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-experts-'));
    return {
      handle: openDatabase({ kind, file: path.join(dir, 'kepu.sqlite') }),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.BENCH_PG_URL ?? process.env.KEPU_TEST_PG_URL;
  if (!admin)
    throw new Error('set BENCH_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  const name = `kepu_be_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    handle: openDatabase({ kind, url: url.toString() }),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

async function insert(handle: DbHandle, table: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await handle.db
      .insertInto(table as never)
      .values(rows.slice(i, i + 500) as never)
      .execute();
}

async function seed(handle: DbHandle) {
  const { rootId } = await seedBase(handle);
  const { db } = handle;
  const at = nowIso();
  const counties = (
    await db.selectFrom('divisions').select('code').where('level', '=', 3).execute()
  ).map((d) => d.code);
  const provinces = (
    await db.selectFrom('divisions').select(['code', 'name']).where('level', '=', 1).execute()
  ).slice(0, 31);
  const orgs: Record<string, unknown>[] = [];
  const units: string[] = [];
  for (const p of provinces) {
    const pid = newId();
    orgs.push({
      id: pid,
      tree: 'ADMIN',
      type: 'PROVINCIAL_DEPT',
      name: `${p.name}自然资源厅`,
      parentId: rootId,
      path: `/${rootId}/${pid}/`,
      depth: 1,
      divisionCode: p.code,
    });
    for (let i = 0; i < 10; i++) {
      const uid = newId();
      units.push(uid);
      orgs.push({
        id: uid,
        tree: 'ADMIN',
        type: 'RESEARCH_UNIT',
        name: `${p.name}地质研究所${i + 1}`,
        parentId: pid,
        path: `/${rootId}/${pid}/${uid}/`,
        depth: 2,
        divisionCode: null,
      });
    }
  }
  await insert(
    handle,
    'organisations',
    orgs.map((o) => ({
      nameEn: null,
      shortName: null,
      active: 1,
      createdAt: at,
      updatedAt: at,
      ...o,
    })),
  );
  const ids = Array.from({ length: EXPERTS }, () => newId());
  await insert(
    handle,
    'users',
    ids.map((id, i) => ({
      id,
      username: `e${i}`,
      displayName: `${pick([...SURNAMES])}${pick([...GIVEN])}${random() < 0.6 ? pick([...GIVEN]) : ''}`,
      email: null,
      phone: null,
      passwordHash: 'x',
      locale: 'zh-CN',
      birthYear: null,
      guardianName: null,
      guardianContact: null,
      guardianConsentAt: null,
      totpSecret: null,
      totpEnabledAt: null,
      status: 'ACTIVE',
      passwordChangedAt: at,
      createdAt: at,
      updatedAt: at,
    })),
  );
  const unitOf = ids.map(() => pick(units));
  await insert(
    handle,
    'roleGrants',
    ids.map((userId, i) => ({
      id: newId(),
      userId,
      role: 'REVIEWER',
      organisationId: unitOf[i],
      grantedBy: null,
      createdAt: at,
    })),
  );
  const profiles: Record<string, unknown>[] = [];
  const tags: Record<string, unknown>[] = [];
  for (const [i, userId] of ids.entries()) {
    const p = {
      sectors: some(SECTORS, 2),
      hazards: some(HAZARDS, 2),
      regions: some(counties, 2),
      services: some(SERVICES, 2),
    };
    profiles.push({
      ...EMPTY_PROFILE,
      userId,
      title: '研究员',
      rank: pick(RANKS),
      organisationId: unitOf[i],
      sectors: JSON.stringify(p.sectors),
      hazards: JSON.stringify(p.hazards),
      regions: JSON.stringify(p.regions),
      services: JSON.stringify(p.services),
      availability: random() < 0.8 ? 'AVAILABLE' : 'LIMITED',
      publicFields: JSON.stringify(['title', 'hazards']),
      publicConsentAt: random() < 0.5 ? at : null,
      verifiedAt: random() < 0.4 ? at : null,
      updatedAt: at,
    });
    for (const [kind, codes] of [
      ['SECTOR', p.sectors],
      ['HAZARD', p.hazards],
      ['REGION', p.regions],
      ['SERVICE', p.services],
    ] as const)
      for (const code of codes) tags.push({ userId, kind, code });
  }
  await insert(handle, 'expertProfiles', profiles);
  await insert(handle, 'expertTags', tags);
  return {
    admin: {
      userId: newId(),
      username: 'bench',
      grants: [{ role: 'PLATFORM_ADMIN', organisationId: null, orgPath: null }],
      mfaPassed: true,
    } as unknown as Actor,
  };
}

const q = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function run(kind: 'sqlite' | 'postgres') {
  const { handle, drop } = await scratch(kind);
  try {
    await migrateToLatest(handle);
    const t0 = performance.now();
    const { admin } = await seed(handle);
    // As autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) would after a load this size:
    // the planner needs the tables' statistics.
    await sql`analyze`.execute(handle.db);
    console.log(
      `${kind}: ${EXPERTS.toLocaleString('en')} experts seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const cases: [string, Record<string, unknown>][] = [
      ['first page, by name', {}],
      ['hazard 滑坡', { hazard: 'LANDSLIDE' }],
      ['province 湖南 (counties within)', { region: '430000' }],
      [
        'hazard + province + rank + service',
        { hazard: 'LANDSLIDE', region: '430000', rank: 'SENIOR', service: 'EMERGENCY' },
      ],
      ['name contains 王', { q: '王' }],
      ['verified, lightest load first', { verified: 'yes', sort: 'load' }],
      ['page 50 of all', { page: '50' }],
    ];
    for (const [name, query] of cases) {
      const parsed = ExpertDirectoryQuerySchema.parse(query);
      let total = 0;
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        total = (await listExperts(handle.db, admin, parsed, 'zh-CN')).total;
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      console.log(
        `${kind}  ${name.padEnd(40)} ${String(total).padStart(6)} found   p50 ${q(ms, 0.5).toFixed(1)} ms   p95 ${q(ms, 0.95).toFixed(1)} ms`,
      );
    }
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await publicExperts(handle.db, { hazard: 'LANDSLIDE', page: 1, pageSize: 20 }, 'zh-CN');
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    console.log(
      `${kind}  ${'portal list, hazard 滑坡'.padEnd(40)}          p50 ${q(ms, 0.5).toFixed(1)} ms   p95 ${q(ms, 0.95).toFixed(1)} ms`,
    );
  } finally {
    await handle.close();
    await drop();
  }
}

const which = process.argv[2] ?? 'both';
for (const kind of which === 'both'
  ? (['sqlite', 'postgres'] as const)
  : [which as 'sqlite' | 'postgres'])
  await run(kind);
