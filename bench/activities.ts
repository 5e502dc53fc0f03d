/**
 * `npm run bench:activities [-- sqlite|postgres|both]` — registration under contention: 2,000
 * people register for one session of 500 places, 200 at a time (the service's transaction, as a
 * request runs it, without HTTP), on a fresh database. Reports throughput, p50 and p99 latency,
 * and checks that exactly the capacity is confirmed and `taken` equals it.
 * PostgreSQL: BENCH_PG_URL (or KEPU_TEST_PG_URL), an admin URL a scratch database is made under.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { register } from '../server/src/modules/activities/registration.ts';
import { passwordlessUserRow } from '../server/src/modules/users/repo.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import type { Config } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { newId, nowIso } from '../server/src/platform/ids.ts';
import { seedBase } from '../server/src/seed.ts';

setAuditKey(crypto.randomBytes(32));

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2000);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 500);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);

async function scratch(
  kind: 'sqlite' | 'postgres',
): Promise<{ database: Config['database']; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-act-'));
    return {
      database: { kind, file: path.join(dir, 'kepu.sqlite') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.BENCH_PG_URL ?? process.env.KEPU_TEST_PG_URL;
  if (!admin) throw new Error('set BENCH_PG_URL for PostgreSQL');
  const name = `kepu_ba_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    database: { kind, url: url.toString() },
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

async function run(kind: 'sqlite' | 'postgres') {
  const { database, drop } = await scratch(kind);
  const handle = openDatabase(database);
  try {
    await migrateToLatest(handle);
    const { rootId } = await seedBase(handle);
    const { db } = handle;
    const at = nowIso();
    const activityId = newId();
    const sessionId = newId();
    await db
      .insertInto('activities')
      .values({
        id: activityId,
        organisationId: rootId,
        coOrganiserIds: '[]',
        typeCode: 'LECTURE',
        title: '压测活动',
        summary: '',
        body: '',
        audiences: '[]',
        sectors: '[]',
        topics: '[]',
        themeDayCode: null,
        campaignId: null,
        divisionCode: null,
        address: '',
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
    await db
      .insertInto('activitySessions')
      .values({
        id: sessionId,
        activityId,
        startsAt: nowIso(Date.now() + 7 * 86_400_000),
        endsAt: nowIso(Date.now() + 7 * 86_400_000 + 7_200_000),
        capacity: CAPACITY,
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
    const users = Array.from({ length: PEOPLE }, (_, i) =>
      passwordlessUserRow({
        id: newId(),
        username: `bench${i}`,
        displayName: `压测${i}`,
        at,
        birthYear: 1990,
      }),
    );
    for (let i = 0; i < users.length; i += 100)
      await db
        .insertInto('users')
        .values(users.slice(i, i + 100))
        .execute();

    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (;;) {
          const i = next++;
          if (i >= users.length) return;
          const s = performance.now();
          try {
            const r = await register(
              db,
              { userId: users[i]!.id, username: users[i]!.username, grants: [], mfaPassed: true },
              activityId,
              { quantity: 1, answers: {} },
            );
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          } catch (e) {
            const code = (e as { code?: string }).code ?? 'ERROR';
            statuses[code] = (statuses[code] ?? 0) + 1;
          }
          latencies.push(performance.now() - s);
        }
      }),
    );
    const total = performance.now() - t0;
    latencies.sort((a, b) => a - b);
    const q = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
    const taken = await db
      .selectFrom('activitySessions')
      .select('taken')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    const ok = statuses.CONFIRMED === CAPACITY && Number(taken.taken) === CAPACITY;
    console.log(
      `${kind}: ${PEOPLE} registrations, ${CONNECTIONS} at a time, ${CAPACITY} places — ` +
        `${Math.round((PEOPLE / total) * 1000)} reg/s, p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, ` +
        `total ${Math.round(total)} ms; ${JSON.stringify(statuses)}; taken ${taken.taken} ${ok ? 'OK' : 'MISMATCH'}`,
    );
    if (!ok) process.exitCode = 1;
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
