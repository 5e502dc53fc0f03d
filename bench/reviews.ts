/**
 * `npm run bench:reviews` — figures for the review engine and the bases:
 * automatic assignment of 1,000 applications to 300 reviewers with conflict checks (target ≤ 2 s),
 * ranking with per-reviewer normalisation of 1,000 items (target ≤ 200 ms), and the public base
 * list and base page under 50 concurrent connections (req/s, p50, p99).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { EMPTY_PROFILE } from '../server/src/modules/experts/repo.ts';
import { autoAssign } from '../server/src/modules/reviews/assign.ts';
import * as assignment from '../server/src/modules/reviews/assignment.ts';
import * as rounds from '../server/src/modules/reviews/rounds.ts';
import { rank } from '../server/src/modules/reviews/scoring.ts';
import { newWorkRow } from '../server/src/modules/works/repo.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { newId, nowIso } from '../server/src/platform/ids.ts';
import type { Actor } from '../server/src/platform/policy.ts';
import { seedBase } from '../server/src/seed.ts';
import { rng } from './corpus-generator.ts';

// A bench never verifies the audit chain: a key of this run signs it.
setAuditKey(randomBytes(32));

const ROOT = path.resolve(import.meta.dirname, '..');
const ITEMS = 1000;
const REVIEWERS = 300;
const BASES = 500;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const SECTORS = [
  'GEOLOGY',
  'MINERAL',
  'OCEAN',
  'LAND',
  'FOREST',
  'WETLAND',
  'SURVEYING',
  'GRASSLAND',
];
const random = rng(42);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-reviews-'));
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'kepu.sqlite') });
  await migrateToLatest(handle);
  const { rootId } = await seedBase(handle);
  const { db } = handle;
  const at = nowIso();

  // Organisations: the office and 31 provinces with 12 units each.
  const provinces = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('level', '=', 1)
    .limit(31)
    .execute();
  const orgs: Record<string, unknown>[] = [];
  const officeId = newId();
  orgs.push({
    id: officeId,
    tree: 'DEPT',
    type: 'MINISTRY_OFFICE',
    name: '科普工作办公室',
    parentId: rootId,
    path: `/${rootId}/${officeId}/`,
    depth: 1,
    divisionCode: null,
  });
  const units: { id: string; path: string; province: string }[] = [];
  for (const p of provinces) {
    const pid = newId();
    const ppath = `/${rootId}/${pid}/`;
    orgs.push({
      id: pid,
      tree: 'ADMIN',
      type: 'PROVINCIAL_DEPT',
      name: `${p.name}自然资源厅`,
      parentId: rootId,
      path: ppath,
      depth: 1,
      divisionCode: p.code,
    });
    for (let i = 0; i < 12; i++) {
      const uid = newId();
      const upath = `${ppath}${uid}/`;
      orgs.push({
        id: uid,
        tree: 'ADMIN',
        type: 'BASE_HOST',
        name: `${p.name}科普单位${i + 1}`,
        parentId: pid,
        path: upath,
        depth: 2,
        divisionCode: null,
      });
      units.push({ id: uid, path: upath, province: p.code });
    }
  }
  for (let i = 0; i < orgs.length; i += 200)
    await db
      .insertInto('organisations')
      .values(
        orgs.slice(i, i + 200).map(
          (o) =>
            ({
              nameEn: null,
              shortName: null,
              active: 1,
              createdAt: at,
              updatedAt: at,
              ...o,
            }) as never,
        ),
      )
      .execute();

  const user = (id: string, name: string) => ({
    id,
    username: `u${id.slice(-12)}`,
    displayName: name,
    email: null,
    phone: null,
    passwordHash: null,
    locale: 'zh-CN',
    birthYear: null,
    guardianName: null,
    guardianContact: null,
    guardianConsentAt: null,
    totpSecret: null,
    totpEnabledAt: null,
    status: 'ACTIVE' as const,
    passwordChangedAt: at,
    createdAt: at,
    updatedAt: at,
  });
  const adminId = newId();
  const reviewers = Array.from({ length: REVIEWERS }, () => newId());
  const submitters = Array.from({ length: ITEMS }, () => newId());
  const users = [
    user(adminId, '管理员'),
    ...reviewers.map((id, i) => user(id, `专家${i + 1}`)),
    ...submitters.map((id, i) => user(id, `申报人${i + 1}`)),
  ];
  for (let i = 0; i < users.length; i += 200)
    await db
      .insertInto('users')
      .values(users.slice(i, i + 200))
      .execute();
  const grants: Record<string, unknown>[] = [
    { id: newId(), userId: adminId, role: 'PLATFORM_ADMIN', organisationId: null },
  ];
  // A third of the reviewers work in an applicant unit (conflicts), the rest in the office tree.
  for (const [i, r] of reviewers.entries())
    grants.push({
      id: newId(),
      userId: r,
      role: 'REVIEWER',
      organisationId: i % 3 === 0 ? pick(units).id : officeId,
    });
  const itemUnits = submitters.map(() => pick(units));
  for (const [i, s] of submitters.entries())
    grants.push({ id: newId(), userId: s, role: 'MEMBER', organisationId: itemUnits[i]!.id });
  for (let i = 0; i < grants.length; i += 200)
    await db
      .insertInto('roleGrants')
      .values(
        grants.slice(i, i + 200).map((g) => ({ createdAt: at, grantedBy: null, ...g }) as never),
      )
      .execute();
  await db
    .insertInto('expertProfiles')
    .values(
      reviewers.map((r) => ({
        ...EMPTY_PROFILE,
        userId: r,
        title: '研究员',
        sectors: JSON.stringify([pick(SECTORS), pick(SECTORS)]),
        topics: '[]',
        updatedAt: at,
      })),
    )
    .execute();
  // Declared ties (one in ten reviewers) and co-authored works (500).
  await db
    .insertInto('expertTies')
    .values(
      reviewers
        .filter((_, i) => i % 10 === 1)
        .map((r) => ({
          id: newId(),
          userId: r,
          organisationId: pick(units).id,
          kind: 'PART_TIME',
          note: '',
          createdAt: at,
        })),
    )
    .execute();
  const works = Array.from({ length: 500 }, (_, i) => {
    const s = pick(submitters);
    return newWorkRow({
      type: 'BOOK',
      status: 'DRAFT',
      title: `合著作品${i}`,
      authors: JSON.stringify([
        { userId: s, name: '申报人', role: 'AUTHOR' },
        { userId: pick(reviewers), name: '专家', role: 'AUTHOR' },
      ]),
      organisationId: pick(units).id,
      createdBy: s,
      createdAt: at,
    });
  });
  for (let i = 0; i < works.length; i += 100)
    await db
      .insertInto('works')
      .values(works.slice(i, i + 100))
      .execute();

  // The call and 1,000 applications through the formal check.
  const callId = newId();
  const rubric = ['content', 'facility', 'team', 'activity'].map((key) => ({
    key,
    label: key,
    weight: 25,
    min: 0,
    max: 100,
    commentRequired: false,
  }));
  await db
    .insertInto('reviewCalls')
    .values({
      id: callId,
      subjectKind: 'BASE',
      title: '基准征集',
      docNo: null,
      description: '',
      eligibility: '',
      templates: '[]',
      organisationId: officeId,
      status: 'OPEN',
      opensAt: '2026-01-01',
      closesAt: '2099-12-31',
      form: JSON.stringify({ fields: [], attachments: [] }),
      rubric: JSON.stringify(rubric),
      stages: JSON.stringify([
        { kind: 'FORMAL_CHECK', deadline: null },
        { kind: 'EXPERT_REVIEW', deadline: null },
        { kind: 'DECISION', deadline: null },
      ]),
      blind: 0,
      reviewersPerItem: 3,
      aggregation: 'TRIMMED_MEAN',
      normalize: 1,
      round: 1,
      settings: '{}',
      createdBy: adminId,
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  const items = submitters.map((s, i) => ({
    id: newId(),
    callId,
    applicantOrgId: itemUnits[i]!.id,
    submittedBy: s,
    title: `申报${i + 1}`,
    data: '{}',
    attachments: '{}',
    sectors: JSON.stringify([pick(SECTORS)]),
    topics: '[]',
    status: 'FORMAL_PASSED' as const,
    aggregate: null,
    rank: null,
    noticeId: null,
    subjectId: null,
    submittedAt: at,
    createdAt: at,
    updatedAt: at,
  }));
  for (let i = 0; i < items.length; i += 200)
    await db
      .insertInto('reviewItems')
      .values(items.slice(i, i + 200))
      .execute();

  const actor: Actor = {
    userId: adminId,
    username: 'admin',
    grants: [{ id: 'g', role: 'PLATFORM_ADMIN', organisationId: null, orgPath: null }],
    mfaPassed: true,
  };
  const ctx = { actorId: adminId, ip: '127.0.0.1', dialect: handle.dialect };

  // The pure algorithm alone (median of 5), then the whole service call once (it writes).
  const candidates = reviewers.map((r) => ({
    userId: r,
    sectors: [pick(SECTORS)],
    topics: [],
    load: 0,
  }));
  const pure = [];
  for (let k = 0; k < 5; k++)
    pure.push(
      (
        await timed(() =>
          autoAssign(
            items.map((it) => ({
              itemId: it.id,
              sectors: JSON.parse(it.sectors),
              topics: [],
              assigned: new Set<string>(),
              excluded: new Set([pick(reviewers)]),
            })),
            candidates,
            3,
          ),
        )
      ).ms,
    );
  const assign = await timed(() => assignment.autoAssignCall(db, actor, ctx, callId));
  const exclusions = await db
    .selectFrom('reviewExclusions')
    .select(db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  // Scores for every assignment; then ranking with normalisation.
  const assignments = await db
    .selectFrom('reviewAssignments')
    .select(['id', 'itemId', 'reviewerId'])
    .where('callId', '=', callId)
    .execute();
  const bias = new Map(reviewers.map((r) => [r, (random() - 0.5) * 30]));
  await db.transaction().execute(async (tx) => {
    for (const a of assignments)
      await tx
        .updateTable('reviewAssignments')
        .set({
          status: 'SUBMITTED',
          total: Math.max(0, Math.min(100, 70 + bias.get(a.reviewerId)! + (random() - 0.5) * 20)),
          submittedAt: at,
          scores: '{}',
          comments: '{}',
        })
        .where('id', '=', a.id)
        .execute();
  });
  const scored = await db
    .selectFrom('reviewAssignments')
    .select(['itemId', 'reviewerId', 'total'])
    .where('callId', '=', callId)
    .execute();
  const pureRank: number[] = [];
  for (let k = 0; k < 5; k++)
    pureRank.push(
      (
        await timed(() =>
          rank(
            scored.map((s) => ({
              itemId: s.itemId,
              reviewerId: s.reviewerId,
              total: Number(s.total),
            })),
            items.map((i) => i.id),
            'TRIMMED_MEAN',
            true,
          ),
        )
      ).ms,
    );
  const apiRank: number[] = [];
  for (let k = 0; k < 5; k++)
    apiRank.push((await timed(() => rounds.ranking(db, actor, callId))).ms);

  // 500 named bases for the list and the page.
  const counties = await db
    .selectFrom('divisions')
    .select('code')
    .where('level', '=', 3)
    .limit(2000)
    .execute();
  const bases = Array.from({ length: BASES }, (_, i) => ({
    id: newId(),
    hostOrgId: pick(units).id,
    name: `科普基地${i + 1}`,
    tier: pick(['NATIONAL', 'MINISTRY', 'PROVINCIAL']),
    category: pick(['VENUE', 'SITE', 'RESEARCH']),
    sectors: JSON.stringify([pick(SECTORS)]),
    intro: '<p>面向公众开放的自然资源科普场馆。</p>',
    address: '某市某区某路',
    divisionCode: pick(counties).code,
    longitude: 100 + random() * 20,
    latitude: 22 + random() * 20,
    openingHours: '周二至周日',
    capacity: 2000,
    facilities: '',
    contacts: '[]',
    coverId: null,
    gallery: '[]',
    status: 'ACTIVE' as const,
    namingDocNo: '自然资发〔2023〕265号',
    namedAt: '2023-12-26',
    batchYear: 2023,
    validUntil: '2028-12-25',
    rectifyBy: null,
    applicationId: null,
    authorityOrgId: officeId,
    createdAt: at,
    updatedAt: at,
  }));
  for (let i = 0; i < bases.length; i += 100)
    await db
      .insertInto('bases')
      .values(bases.slice(i, i + 100))
      .execute();
  await handle.close();

  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/main.ts', 'start'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        KEPU_DATA_DIR: dir,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const load = async (url: string) => {
    const r = await autocannon({ url, connections: 50, duration: DURATION });
    return {
      rps: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      bad: r.non2xx + r.errors + r.timeouts,
    };
  };
  const list = await load(`${base}/api/public/bases?pageSize=20&tier=NATIONAL`);
  const page = await load(`${base}/api/public/bases/${bases[7]!.id}`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });

  const ok = (v: number, target: number) => (v <= target ? '✓' : '✗');
  console.log(
    `\nReview engine (SQLite, ${ITEMS} applications, ${REVIEWERS} reviewers, 3 per application)`,
  );
  console.log(
    `  auto-assignment with conflict checks (whole service call, writes included): ${assign.ms.toFixed(0)} ms ${ok(assign.ms, 2000)} target ≤ 2000 ms`,
  );
  console.log(
    `    assigned ${assign.value.assigned}, short ${assign.value.short.length}, conflicts recorded ${Number(exclusions.n)}; the algorithm alone: median ${median(pure).toFixed(1)} ms`,
  );
  console.log(
    `  ranking with z-score normalisation of ${ITEMS} items: API ${median(apiRank).toFixed(1)} ms ${ok(median(apiRank), 200)} target ≤ 200 ms; pure function ${median(pureRank).toFixed(1)} ms`,
  );
  console.log(`\nBases (${BASES} named), ${DURATION} s × 50 connections`);
  console.log(
    `  GET /api/public/bases (page of 20): ${list.rps} req/s, p50 ${list.p50} ms, p99 ${list.p99} ms, errors ${list.bad}`,
  );
  console.log(
    `  GET /api/public/bases/:id:         ${page.rps} req/s, p50 ${page.p50} ms, p99 ${page.p99} ms, errors ${page.bad}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
