/**
 * `npm run bench:activities [-- sqlite|postgres|both]` — the activities module under load, on a
 * fresh database per kind:
 *  1. service: 2,000 people register for one session of 500 places, 200 at a time (the service's
 *     transaction without HTTP);
 *  2. HTTP: the same over `POST /api/activities/:id/registrations` with 200 connections (autocannon,
 *     one signed-in person per request, CSRF header and cookie as a browser sends them);
 *  3. offline check-in: two door devices each queued 600 scans (200 tickets scanned on both) of
 *     1,000 tickets — 800 people's and 200 children's of five approved class bookings with a
 *     ticket per child — and sync them at once, in batches of 200, as the check-in page does.
 * Reports throughput, p50 and p99 latency, and checks that exactly the capacity is confirmed,
 * `taken` equals it, each ticket is checked in once at its earliest scan and every scan is kept.
 * BENCH_PROBE=1 also prints the time requests spend inside the server (the rest is queueing).
 * BENCH_PARTS=sync (or a comma list of service, http, sync) runs only those parts.
 * PostgreSQL: BENCH_PG_URL (or KEPU_TEST_PG_URL), an admin URL a scratch database is made under.
 */

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { register } from '../server/src/modules/activities/registration.ts';
import { ticketCodeFor, verifyTicketCode } from '../server/src/modules/activities/tickets.ts';
import { passwordlessUserRow } from '../server/src/modules/users/repo.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import { createSession } from '../server/src/platform/auth/sessions.ts';
import { type Config, loadConfig } from '../server/src/platform/config.ts';
import { type Db, openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { newId, nowIso } from '../server/src/platform/ids.ts';
import { seedBase } from '../server/src/seed.ts';

setAuditKey(crypto.randomBytes(32));

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2000);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 500);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1000);
/** Of the tickets, those of group members (five classes of 40, a ticket per child). */
const GROUPS = 5;
const PER_GROUP = 40;
const BATCH = 200;
const PARTS = new Set((process.env.BENCH_PARTS ?? 'service,http,sync').split(','));

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

const q = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/** A published activity with one session of `capacity` places, hosted by `organisationId`. */
async function activityWithSession(db: Db, organisationId: string, capacity: number) {
  const at = nowIso();
  const activityId = newId();
  const sessionId = newId();
  await db
    .insertInto('activities')
    .values({
      id: activityId,
      organisationId,
      checkInMode: 'ONCE',
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
      capacity,
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
  return { activityId, sessionId };
}

async function people(db: Db, prefix: string, n: number) {
  const at = nowIso();
  const users = Array.from({ length: n }, (_, i) =>
    passwordlessUserRow({
      id: newId(),
      username: `${prefix}${i}`,
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
  return users;
}

async function takenOf(db: Db, sessionId: string) {
  const r = await db
    .selectFrom('activitySessions')
    .select('taken')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return Number(r.taken);
}

/** 1. The registration transaction as a request runs it, 200 at a time. */
async function serviceContention(kind: string, db: Db, rootId: string) {
  const { activityId, sessionId } = await activityWithSession(db, rootId, CAPACITY);
  const users = await people(db, 'svc', PEOPLE);
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
  const taken = await takenOf(db, sessionId);
  const ok = statuses.CONFIRMED === CAPACITY && taken === CAPACITY;
  console.log(
    `${kind} service: ${PEOPLE} registrations, ${CONNECTIONS} at a time, ${CAPACITY} places — ` +
      `${Math.round((PEOPLE / total) * 1000)} reg/s, p50 ${q(latencies, 0.5).toFixed(1)} ms, ` +
      `p99 ${q(latencies, 0.99).toFixed(1)} ms, total ${Math.round(total)} ms; ` +
      `${JSON.stringify(statuses)}; taken ${taken} ${ok ? 'OK' : 'MISMATCH'}`,
  );
  if (!ok) process.exitCode = 1;
}

/** Runs autocannon in a process of its own (bench/lib/load.mjs) and returns its result. */
async function load(plan: Record<string, unknown>) {
  const file = path.join(os.tmpdir(), `kepu-bench-load-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  try {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [path.join(import.meta.dirname, 'lib', 'load.mjs'), file],
        { maxBuffer: 64 * 1024 * 1024 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    return JSON.parse(out) as {
      result: { requests: { average: number }; latency: Record<string, number> };
      statuses: Record<string, number>;
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Signed-in browsers: a session cookie and its CSRF token per person. */
async function sessionsFor(db: Db, config: Config, userIds: string[]) {
  const out: { cookie: string; csrf: string }[] = [];
  for (const userId of userIds) {
    const s = await createSession(db, config, {
      userId,
      mfaPassed: true,
      ip: null,
      userAgent: 'bench',
    });
    out.push({ cookie: `kepu_sid=${s.token}`, csrf: s.csrfToken });
  }
  return out;
}

/** 2. The same contention through HTTP: 200 connections, one person per request. */
async function httpContention(kind: string, db: Db, config: Config, url: string, rootId: string) {
  const { activityId, sessionId } = await activityWithSession(db, rootId, CAPACITY);
  const users = await people(db, 'http', PEOPLE);
  const browsers = await sessionsFor(
    db,
    config,
    users.map((u) => u.id),
  );
  const { result, statuses: codes } = await load({
    url,
    connections: CONNECTIONS,
    amount: PEOPLE,
    method: 'POST',
    path: `/api/activities/${activityId}/registrations`,
    body: JSON.stringify({ sessionId, quantity: 1 }),
    browsers,
  });
  const confirmed = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sessionId', '=', sessionId)
    .where('status', '=', 'CONFIRMED')
    .executeTakeFirstOrThrow();
  const taken = await takenOf(db, sessionId);
  const ok = Number(confirmed.n) === CAPACITY && taken === CAPACITY && codes['201'] === PEOPLE;
  console.log(
    `${kind} HTTP: ${PEOPLE} registrations over ${CONNECTIONS} connections, ${CAPACITY} places — ` +
      `${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, ` +
      `p90 ${result.latency.p90} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; statuses ${JSON.stringify(codes)}; ` +
      `confirmed ${confirmed.n}, taken ${taken} ${ok ? 'OK' : 'MISMATCH'}`,
  );
  if (!ok) process.exitCode = 1;
}

/**
 * Five approved class bookings with a ticket per child, as `decide` leaves them: the teacher's
 * CONFIRMED registration holding the places, the group, and its members' signed codes.
 */
async function classBookings(db: Db, activityId: string, sessionId: string) {
  const teachers = await people(db, 'teacher', GROUPS);
  const at = nowIso();
  const codes: string[] = [];
  for (const [g, t] of teachers.entries()) {
    const groupId = newId();
    const registrationId = newId();
    await db
      .insertInto('activityGroups')
      .values({
        id: groupId,
        activityId,
        sessionId,
        userId: t.id,
        schoolOrganisationId: null,
        schoolName: '压测学校',
        gradeClass: `${g + 1}班`,
        contactName: t.displayName,
        contactPhone: '13800138000',
        requested: PER_GROUP,
        approved: PER_GROUP,
        status: 'APPROVED',
        ticketMode: 'PERSON',
        registrationId: null,
        note: null,
        createdAt: at,
        updatedAt: at,
        safetyAckAt: null,
      })
      .execute();
    await db
      .insertInto('registrations')
      .values({
        id: registrationId,
        sessionId,
        activityId,
        userId: t.id,
        quantity: PER_GROUP,
        status: 'CONFIRMED',
        answers: '{}',
        offerExpiresAt: null,
        ticketCode: null,
        createdAt: at,
        updatedAt: at,
        cancelledAt: null,
        checkedInAt: null,
        noShowAt: null,
        guardianName: null,
        guardianContact: null,
        guardianConsentAt: null,
        groupId,
      })
      .execute();
    await db
      .updateTable('activityGroups')
      .set({ registrationId })
      .where('id', '=', groupId)
      .execute();
    const members = Array.from({ length: PER_GROUP }, (_, i) => {
      const id = newId();
      return {
        id,
        groupId,
        seq: i + 1,
        name: `学生${g}-${i + 1}`,
        ticketCode: ticketCodeFor(id),
        checkedInAt: null,
      };
    });
    await db.insertInto('groupMembers').values(members).execute();
    codes.push(...members.map((m) => m.ticketCode));
  }
  return codes;
}

/** When each ticket (a person's registration, or a child's member row) was checked in. */
async function checkedInByCode(db: Db, sessionId: string, codes: string[]) {
  const regs = await db
    .selectFrom('registrations')
    .select(['id', 'checkedInAt'])
    .where('sessionId', '=', sessionId)
    .execute();
  const members = await db
    .selectFrom('groupMembers as m')
    .innerJoin('activityGroups as g', 'g.id', 'm.groupId')
    .select(['m.id', 'm.checkedInAt'])
    .where('g.sessionId', '=', sessionId)
    .execute();
  const byId = new Map([...regs, ...members].map((r) => [r.id, r.checkedInAt]));
  return new Map(codes.map((c) => [c, byId.get(verifyTicketCode(c) ?? '') ?? null]));
}

/**
 * 3. Two offline devices sync their queues at once: 1,000 tickets (200 of them children's of
 * five class bookings, spread through the queues), 200 scanned on both.
 */
async function offlineSync(kind: string, db: Db, config: Config, url: string, rootId: string) {
  const { activityId, sessionId } = await activityWithSession(db, rootId, TICKETS);
  const users = await people(db, 'door', TICKETS - GROUPS * PER_GROUP);
  const personal: string[] = [];
  for (const u of users) {
    const r = await register(
      db,
      { userId: u.id, username: u.username, grants: [], mfaPassed: true },
      activityId,
      { quantity: 1, answers: {} },
    );
    personal.push(ticketCodeFor(r.id));
  }
  const children = await classBookings(db, activityId, sessionId);
  // Children arrive among the others: every fifth ticket is a child's.
  const codes: string[] = [];
  while (personal.length || children.length) {
    const c =
      codes.length % 5 === 4
        ? (children.shift() ?? personal.shift())
        : (personal.shift() ?? children.shift());
    codes.push(c!);
  }
  // The door staff: a member of the host unit, signed in.
  const [staff] = await people(db, 'staff', 1);
  await db
    .insertInto('roleGrants')
    .values({
      id: newId(),
      userId: staff!.id,
      role: 'MEMBER',
      organisationId: rootId,
      grantedBy: null,
      createdAt: nowIso(),
    })
    .execute();
  const [browser] = await sessionsFor(db, config, [staff!.id]);
  // Device A scanned tickets 0–599 and device B 400–999, one a second from 09:00; on the 200
  // scanned by both, A scanned the even ones first.
  const start = Date.parse('2026-04-22T01:00:00Z');
  const overlapFrom = Math.round(TICKETS * 0.4);
  const overlapTo = Math.round(TICKETS * 0.6);
  const scanA = codes.slice(0, overlapTo).map((code, i) => ({
    code,
    scannedAt: new Date(
      start + i * 1000 + (i >= overlapFrom && i % 2 === 1 ? 500 : 0),
    ).toISOString(),
    deviceId: 'door-a',
  }));
  const scanB = codes.slice(overlapFrom).map((code, j) => {
    const i = overlapFrom + j;
    return {
      code,
      scannedAt: new Date(
        start + i * 1000 + (i < overlapTo && i % 2 === 0 ? 500 : 0),
      ).toISOString(),
      deviceId: 'door-b',
    };
  });
  const latencies: number[] = [];
  const post = async (scans: typeof scanA) => {
    const s = performance.now();
    const res = await fetch(`${url}/api/activities/${activityId}/check-ins`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: browser!.cookie,
        'x-csrf-token': browser!.csrf,
      },
      body: JSON.stringify({ sessionId, scans }),
    });
    latencies.push(performance.now() - s);
    if (res.status !== 200) throw new Error(`sync refused: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const device = async (queue: typeof scanA) => {
    for (let i = 0; i < queue.length; i += BATCH) await post(queue.slice(i, i + BATCH));
  };
  const t0 = performance.now();
  await Promise.all([device(scanA), device(scanB)]);
  const total = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const earliest = new Map<string, string>();
  for (const s of [...scanA, ...scanB]) {
    const prev = earliest.get(s.code);
    if (!prev || s.scannedAt < prev) earliest.set(s.code, s.scannedAt);
  }
  const checkedIn = await checkedInByCode(db, sessionId, codes);
  let right = 0;
  for (const code of codes) {
    const at = checkedIn.get(code);
    if (at && Date.parse(at) === Date.parse(earliest.get(code)!)) right++;
  }
  const scans = await db
    .selectFrom('checkInScans')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activityId', '=', activityId)
    .executeTakeFirstOrThrow();
  const all = scanA.length + scanB.length;
  const ok = right === TICKETS && Number(scans.n) === all;
  console.log(
    `${kind} offline sync: 2 devices, ${all} scans of ${TICKETS} tickets (${GROUPS * PER_GROUP} ` +
      `children's of ${GROUPS} classes) in batches of ${BATCH} — ` +
      `${Math.round((all / total) * 1000)} scans/s, total ${Math.round(total)} ms, batch p50 ` +
      `${q(latencies, 0.5).toFixed(0)} ms, p99 ${q(latencies, 0.99).toFixed(0)} ms; checked in at the ` +
      `earliest scan ${right}/${TICKETS}, scans kept ${scans.n}/${all} ${ok ? 'OK' : 'MISMATCH'}`,
  );
  if (!ok) process.exitCode = 1;
}

async function run(kind: 'sqlite' | 'postgres') {
  const { database, drop } = await scratch(kind);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-act-files-'));
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', KEPU_DATA_DIR: dataDir }),
    database,
  };
  const handle = openDatabase(database, { busyTimeoutMs: config.dbBusyTimeoutMs });
  try {
    await migrateToLatest(handle);
    const { rootId } = await seedBase(handle);
    if (PARTS.has('service')) await serviceContention(kind, handle.db, rootId);
    const app = await buildApp(config, handle, { logger: false });
    const serverSide: number[] = [];
    if (process.env.BENCH_PROBE)
      app.addHook('onResponse', async (req, reply) => {
        if (req.method === 'POST') serverSide.push(reply.elapsedTime);
      });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      if (PARTS.has('http')) await httpContention(kind, handle.db, config, url, rootId);
      if (process.env.BENCH_PROBE) {
        serverSide.sort((a, b) => a - b);
        console.log(
          `${kind} HTTP, time inside the server (onRequest → response): ` +
            `p50 ${q(serverSide, 0.5).toFixed(0)} ms, p99 ${q(serverSide, 0.99).toFixed(0)} ms, ` +
            `max ${q(serverSide, 1).toFixed(0)} ms`,
        );
      }
      if (PARTS.has('sync')) await offlineSync(kind, handle.db, config, url, rootId);
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const which = process.argv[2] ?? 'both';
for (const kind of which === 'both'
  ? (['sqlite', 'postgres'] as const)
  : [which as 'sqlite' | 'postgres'])
  await run(kind);
