import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordlessUserRow } from '../src/modules/users/repo.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { newId, nowIso } from '../src/platform/ids.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import { readPdf } from './pdf-reading.ts';

type Err = { error: { code: string; details?: { fields?: { field: string }[] } } };
type Course = {
  id: string;
  status: string;
  taken: number;
  sessions: { id: string; title: string; checkInCode: string }[];
  quotas: { divisionCode: string; places: number; taken: number }[];
  materials: { id: string; title: string; published: boolean }[];
  totalHours: number;
  rating: { average: number | null; count: number };
};
type Enrolments = {
  items: {
    id: string;
    userId: string | null;
    status: string;
    attendedSessionIds: string[];
    correctedSessionIds: string[];
    score: number | null;
    met: boolean;
    completed: boolean;
    certificateId: string | null;
  }[];
  total: number;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const year = Number(new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 4));
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

describe.each(DIALECTS)('training courses on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let ministryAdmin: Agent;
  let ministryEditor: Agent;
  let hunan: { id: string };
  let sichuan: { id: string };
  let changsha: { id: string };
  let hunanAdmin: Agent;
  let changshaAdmin: Agent;
  let sichuanAdmin: Agent;
  let material: string;
  let draftMaterial: string;

  /** People with a session (and a MEMBER role on `org` when given); rows written directly. */
  async function people(n: number, org?: string, prefix = '学员') {
    const out: { agent: Agent; userId: string }[] = [];
    const now = nowIso();
    for (let i = 0; i < n; i++) {
      const row = passwordlessUserRow({
        id: newId(),
        username: `tr${Date.now().toString(36)}${i}${Math.random().toString(36).slice(2, 6)}`,
        displayName: `${prefix}${i}`,
        at: now,
        birthYear: 1988,
      });
      await env.handle.db.insertInto('users').values(row).execute();
      if (org)
        await env.handle.db
          .insertInto('roleGrants')
          .values({
            id: newId(),
            userId: row.id,
            role: 'MEMBER',
            organisationId: org,
            grantedBy: null,
            createdAt: now,
          })
          .execute();
      const s = await createSession(env.handle.db, env.config, {
        userId: row.id,
        mfaPassed: true,
        ip: null,
        userAgent: null,
      });
      const agent = new Agent(env.app);
      agent.cookie = `kepu_sid=${s.token}`;
      agent.csrf = s.csrfToken;
      out.push({ agent, userId: row.id });
    }
    return out;
  }

  async function work(title: string, status: 'PUBLISHED' | 'DRAFT', type = 'COURSE') {
    const id = newId();
    const now = nowIso();
    await env.handle.db
      .insertInto('works')
      .values({
        id,
        type,
        status,
        title,
        summary: '',
        body: '',
        authors: '[]',
        organisationId: env.rootId,
        createdBy: (await env.handle.db.selectFrom('users').select('id').executeTakeFirstOrThrow())
          .id,
        sectors: '[]',
        topics: '[]',
        audiences: '[]',
        themeDays: '[]',
        regions: '[]',
        language: 'zh-CN',
        licence: null,
        source: null,
        isbn: null,
        issn: null,
        publicationDate: null,
        coverId: null,
        mediaIds: '[]',
        version: 1,
        checkedVersion: null,
        publishedVersion: status === 'PUBLISHED' ? 1 : null,
        publishedAt: status === 'PUBLISHED' ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    return id;
  }

  const courseBody = (over: Record<string, unknown> = {}) => ({
    organisationId: env.rootId,
    title: '自然资源科普能力提升培训班',
    year,
    description: '面向各地科普工作者的年度培训。',
    syllabus: [
      { title: '科普工作政策解读', hours: 4 },
      { title: '科普作品创作', hours: 8 },
    ],
    sessions: [
      { title: '开班式与政策解读', startsAt: iso(-HOUR), endsAt: iso(2 * HOUR), place: '北京' },
      { title: '科普创作实务', startsAt: iso(DAY), endsAt: iso(DAY + 3 * HOUR), online: true },
    ],
    enrolmentMode: 'OPEN',
    capacity: 5,
    enrolOpensAt: iso(-DAY),
    enrolClosesAt: iso(7 * DAY),
    minSessions: 1,
    passScore: 60,
    materialIds: [material, draftMaterial],
    ...over,
  });

  async function published(over: Record<string, unknown> = {}) {
    const c = await ministryEditor.post<Course>('/api/training/courses', courseBody(over));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const p = await ministryEditor.post<Course>(`/api/training/courses/${c.body.id}/publish`);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    return p.body;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    hunan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    sichuan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    changsha = await buildOrganisation(admin, hunan.id, {
      type: 'CITY_DEPT',
      name: '长沙市自然资源和规划局',
      tree: 'ADMIN',
      divisionCode: '430100',
    });
    ministryAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', env.rootId)).agent;
    ministryEditor = (await buildUserWithRole(env, admin, 'EDITOR', env.rootId)).agent;
    hunanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', hunan.id)).agent;
    changshaAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', changsha.id)).agent;
    sichuanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', sichuan.id)).agent;
    material = await work('科普讲解技巧（课程）', 'PUBLISHED');
    draftMaterial = await work('科普短视频制作（草稿）', 'DRAFT');
  }, 90_000);
  afterAll(() => env.close());

  it('validates a course and names the fields', async () => {
    const bad = await ministryEditor.post<Err>(
      '/api/training/courses',
      courseBody({
        enrolClosesAt: iso(-2 * DAY),
        minSessions: 3,
        sessions: [{ title: '一', startsAt: iso(DAY), endsAt: iso(DAY - HOUR) }],
        materialIds: [await work('一本书', 'PUBLISHED', 'BOOK')],
      }),
    );
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details!.fields!.map((f) => f.field).sort();
    expect(fields).toEqual(['enrolClosesAt', 'materialIds', 'minSessions', 'sessions.0.endsAt']);
    // A title longer than a certificate can print is refused up front.
    const long = await ministryEditor.post<Err>(
      '/api/training/courses',
      courseBody({ title: '培'.repeat(61) }),
    );
    expect(long.status).toBe(400);
    expect(long.body.error.details!.fields!.map((f) => f.field)).toEqual(['title']);
    const nomination = await ministryEditor.post<Err>(
      '/api/training/courses',
      courseBody({ enrolmentMode: 'NOMINATION', quotas: [] }),
    );
    expect(nomination.status).toBe(400);
    expect(nomination.body.error.details!.fields!.map((f) => f.field)).toEqual(['quotas']);
    const over = await ministryEditor.post<Err>(
      '/api/training/courses',
      courseBody({
        enrolmentMode: 'NOMINATION',
        quotas: [
          { divisionCode: '430000', places: 4 },
          { divisionCode: '510000', places: 4 },
        ],
      }),
    );
    expect(over.status).toBe(400);
  });

  it('keeps courses to their organiser: other units get 404, members 403', async () => {
    const c = await ministryEditor.post<Course>('/api/training/courses', courseBody());
    expect(c.status).toBe(201);
    expect(c.body.status).toBe('DRAFT');
    expect(c.body.totalHours).toBe(12);
    expect(c.body.sessions[0]!.checkInCode).toMatch(/^\d{6}$/);
    // a unit's admin below cannot create for the ministry, nor read its course
    expect((await hunanAdmin.post('/api/training/courses', courseBody())).status).toBe(403);
    expect((await hunanAdmin.get(`/api/training/courses/${c.body.id}`)).status).toBe(404);
    expect((await sichuanAdmin.get(`/api/training/courses/${c.body.id}/enrolments`)).status).toBe(
      404,
    );
    // a province's course is out of reach of another province's admin
    const h = await hunanAdmin.post<Course>(
      '/api/training/courses',
      courseBody({ organisationId: hunan.id, materialIds: [] }),
    );
    expect(h.status).toBe(201);
    expect((await sichuanAdmin.get(`/api/training/courses/${h.body.id}`)).status).toBe(404);
    expect(
      (
        await sichuanAdmin.put(
          `/api/training/courses/${h.body.id}`,
          courseBody({ organisationId: hunan.id }),
        )
      ).status,
    ).toBe(404);
    expect((await ministryAdmin.get(`/api/training/courses/${h.body.id}`)).status).toBe(200);
    // the draft is not public
    expect((await new Agent(env.app).get(`/api/public/training/${c.body.id}`)).status).toBe(404);
    const list = await sichuanAdmin.get<{ items: { id: string }[] }>('/api/training/courses');
    expect(list.body.items.map((i) => i.id)).not.toContain(h.body.id);
  });

  it('shows only published materials to the public', async () => {
    const c = await published();
    const pub = await new Agent(env.app).get<Course>(`/api/public/training/${c.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.materials.map((m) => m.id)).toEqual([material]);
    expect(JSON.stringify(pub.body)).not.toContain('checkInCode');
    const mine = await ministryEditor.get<Course>(`/api/training/courses/${c.id}`);
    expect(mine.body.materials.map((m) => m.id)).toEqual([material, draftMaterial]);
  });

  it('never oversells an open course under a burst of 30 for 5 places', async () => {
    const c = await published({ capacity: 5 });
    const crowd = await people(30);
    const answers = await Promise.all(
      crowd.map((p) => p.agent.post(`/api/training/courses/${c.id}/enrol`)),
    );
    const codes = answers.map((a) => a.status);
    expect(codes.filter((s) => s === 201)).toHaveLength(5);
    expect(codes.filter((s) => s === 409)).toHaveLength(25);
    const row = await env.handle.db
      .selectFrom('trainingCourses')
      .select('taken')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.taken).toBe(5);
    const live = await ministryEditor.get<Enrolments>(`/api/training/courses/${c.id}/enrolments`);
    expect(live.body.total).toBe(5);
    // withdrawing gives the place back; someone else takes it
    const first = answers.findIndex((a) => a.status === 201);
    const eid = (answers[first]!.body as { id: string }).id;
    expect(
      (await crowd[(first + 1) % 30]!.agent.post(`/api/training/enrolments/${eid}/withdraw`))
        .status,
    ).toBe(404);
    expect(
      (await crowd[first]!.agent.post(`/api/training/enrolments/${eid}/withdraw`)).status,
    ).toBe(200);
    const late = crowd.find((_, i) => codes[i] === 409)!;
    expect((await late.agent.post(`/api/training/courses/${c.id}/enrol`)).status).toBe(201);
    expect((await late.agent.post(`/api/training/courses/${c.id}/enrol`)).status).toBe(409);
  });

  it('holds each province’s quota exactly under a burst of nominations', async () => {
    const c = await published({
      enrolmentMode: 'NOMINATION',
      capacity: 20,
      quotas: [
        { divisionCode: '430000', places: 5 },
        { divisionCode: '510000', places: 3 },
      ],
    });
    const staff = await people(30, changsha.id, '长沙学员');
    // open enrolment is refused on a course by nomination
    expect((await staff[0]!.agent.post(`/api/training/courses/${c.id}/enrol`)).status).toBe(422);
    const answers = await Promise.all(
      staff.map((p) =>
        changshaAdmin.post(`/api/training/courses/${c.id}/nominations`, {
          unitId: changsha.id,
          userIds: [p.userId],
        }),
      ),
    );
    const codes = answers.map((a) => a.status);
    expect(codes.filter((s) => s === 201)).toHaveLength(5);
    expect(codes.filter((s) => s === 409)).toHaveLength(25);
    const q = await env.handle.db
      .selectFrom('trainingQuotas')
      .selectAll()
      .where('courseId', '=', c.id)
      .orderBy('divisionCode')
      .execute();
    expect(q.map((x) => x.taken)).toEqual([5, 0]);
    // not across units: Sichuan's admin cannot nominate for Changsha, nor Changsha's people
    const sichuanPeople = await people(1, sichuan.id, '四川学员');
    expect(
      (
        await sichuanAdmin.post(`/api/training/courses/${c.id}/nominations`, {
          unitId: changsha.id,
          userIds: [staff[29]!.userId],
        })
      ).status,
    ).toBe(403);
    const outside = await sichuanAdmin.post<Err>(`/api/training/courses/${c.id}/nominations`, {
      unitId: sichuan.id,
      userIds: [sichuanPeople[0]!.userId, staff[29]!.userId],
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details!.fields!.map((f) => f.field)).toEqual(['userIds.1']);
    const ok = await sichuanAdmin.post(`/api/training/courses/${c.id}/nominations`, {
      unitId: sichuan.id,
      userIds: [sichuanPeople[0]!.userId],
    });
    expect(ok.status).toBe(201);
    // the organiser approves one and declines one: the declined place goes back to Hunan
    const list = await ministryEditor.get<Enrolments>(
      `/api/training/courses/${c.id}/enrolments?status=PENDING`,
    );
    expect(list.body.total).toBe(6);
    const [a, b] = list.body.items;
    expect(
      (await hunanAdmin.post(`/api/training/enrolments/${a!.id}/decide`, { approve: true })).status,
    ).toBe(404);
    expect(
      (await ministryEditor.post(`/api/training/enrolments/${a!.id}/decide`, { approve: true }))
        .status,
    ).toBe(200);
    expect(
      (await ministryEditor.post(`/api/training/enrolments/${a!.id}/decide`, { approve: false }))
        .status,
    ).toBe(409);
    expect(
      (await ministryEditor.post(`/api/training/enrolments/${b!.id}/decide`, { approve: false }))
        .status,
    ).toBe(200);
    const after = await env.handle.db
      .selectFrom('trainingQuotas')
      .select('taken')
      .where('courseId', '=', c.id)
      .where('divisionCode', '=', '430000')
      .executeTakeFirstOrThrow();
    expect(after.taken).toBe(4);
    // the unit's admins see their nominations
    const mine = await changshaAdmin.get<{ total: number }>(
      `/api/training/nominations?courseId=${c.id}`,
    );
    expect(mine.body.total).toBe(5);
    const open = await changshaAdmin.get<{ items: { id: string }[] }>('/api/training/nominatable');
    expect(open.body.items.map((i) => i.id)).toContain(c.id);
  });

  it('takes attendance from check-in, corrections audited, completes and issues certificates once', async () => {
    const c = await published({ capacity: 10 });
    const [ann, bob, cat] = await people(3, undefined, '参训');
    for (const p of [ann!, bob!, cat!])
      expect((await p.agent.post(`/api/training/courses/${c.id}/enrol`)).status).toBe(201);
    const [s1, s2] = c.sessions;
    // a wrong code is a field error; a session not running is refused
    const wrong = await ann!.agent.post<Err>(`/api/training/sessions/${s1!.id}/check-in`, {
      code: s1!.checkInCode === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details!.fields![0]!.field).toBe('code');
    expect(
      (
        await ann!.agent.post(`/api/training/sessions/${s2!.id}/check-in`, {
          code: s2!.checkInCode,
        })
      ).status,
    ).toBe(422);
    // someone not enrolled cannot check in
    const [stranger] = await people(1);
    expect(
      (
        await stranger!.agent.post(`/api/training/sessions/${s1!.id}/check-in`, {
          code: s1!.checkInCode,
        })
      ).status,
    ).toBe(403);
    for (const p of [ann!, bob!])
      expect(
        (await p.agent.post(`/api/training/sessions/${s1!.id}/check-in`, { code: s1!.checkInCode }))
          .status,
      ).toBe(200);
    // evaluation: only after attending, once
    expect(
      (
        await cat!.agent.post(`/api/training/enrolments/${(await mineOf(cat!)).id}/feedback`, {
          rating: 5,
        })
      ).status,
    ).toBe(422);
    const annE = await mineOf(ann!);
    expect(
      (
        await ann!.agent.post(`/api/training/enrolments/${annE.id}/feedback`, {
          rating: 4,
          comment: '很实用',
        })
      ).status,
    ).toBe(200);
    expect(
      (await ann!.agent.post(`/api/training/enrolments/${annE.id}/feedback`, { rating: 5 })).status,
    ).toBe(409);
    expect(
      (await bob!.agent.post(`/api/training/enrolments/${annE.id}/feedback`, { rating: 1 })).status,
    ).toBe(404);
    // the organiser corrects Cat's attendance with a reason (audited) and records scores
    const list = await ministryEditor.get<Enrolments>(`/api/training/courses/${c.id}/enrolments`);
    const byUser = new Map(list.body.items.map((i) => [i.userId, i]));
    const catE = byUser.get(cat!.userId)!;
    const noReason = await ministryEditor.post<Err>(
      `/api/training/enrolments/${catE.id}/attendance`,
      {
        sessionId: s1!.id,
        present: true,
        reason: '',
      },
    );
    expect(noReason.status).toBe(400);
    expect(
      (
        await hunanAdmin.post(`/api/training/enrolments/${catE.id}/attendance`, {
          sessionId: s1!.id,
          present: true,
          reason: '签到系统故障',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await ministryEditor.post(`/api/training/enrolments/${catE.id}/attendance`, {
          sessionId: s1!.id,
          present: true,
          reason: '现场签到设备故障，经班主任核实出勤',
        })
      ).status,
    ).toBe(200);
    const audit = await env.handle.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', catE.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('trainingAttendance.correct');
    expect(
      (
        await ministryEditor.post(`/api/training/enrolments/${byUser.get(ann!.userId)!.id}/score`, {
          score: 90,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await ministryEditor.post(`/api/training/enrolments/${byUser.get(bob!.userId)!.id}/score`, {
          score: 40,
        })
      ).status,
    ).toBe(200);
    expect(
      (await ministryEditor.post(`/api/training/enrolments/${catE.id}/score`, { score: 75 }))
        .status,
    ).toBe(200);
    expect(
      (await ministryEditor.post(`/api/training/enrolments/${catE.id}/score`, { score: 101 }))
        .status,
    ).toBe(400);
    const now = await ministryEditor.get<Enrolments>(`/api/training/courses/${c.id}/enrolments`);
    const met = now.body.items
      .filter((i) => i.met)
      .map((i) => i.userId)
      .sort();
    expect(met).toEqual([ann!.userId, cat!.userId].sort());
    const catNow = now.body.items.find((i) => i.userId === cat!.userId)!;
    expect(catNow.correctedSessionIds).toEqual([s1!.id]);
    // completing is for the organiser's administrators; an editor is refused
    expect((await ministryEditor.post(`/api/training/courses/${c.id}/complete`)).status).toBe(403);
    expect((await hunanAdmin.post(`/api/training/courses/${c.id}/complete`)).status).toBe(404);
    const done = await ministryAdmin.post<{ issued: number; already: number; notMet: number }>(
      `/api/training/courses/${c.id}/complete`,
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ issued: 2, already: 0, notMet: 1 });
    const again = await ministryAdmin.post<{ issued: number; already: number }>(
      `/api/training/courses/${c.id}/complete`,
    );
    expect(again.body).toEqual({ issued: 0, already: 2, notMet: 1 });
    const certs = await env.handle.db
      .selectFrom('certificates')
      .selectAll()
      .where('sourceType', '=', 'trainingCourse')
      .where('sourceId', '=', c.id)
      .execute();
    expect(certs.map((x) => x.holderId).sort()).toEqual([ann!.userId, cat!.userId].sort());
    expect(certs[0]!.kind).toBe('TRAINING');
    // the participant sees it in 我的培训 and downloads the PDF
    const annNow = await mineOf(ann!);
    expect(annNow.completed).toBe(true);
    const pdf = await ann!.agent.get<Buffer>(`/api/certificates/${annNow.certificateId}/pdf`);
    expect(pdf.status).toBe(200);
    const text = (await readPdf(pdf.body)).text.replace(/\s+/g, '');
    expect(text).toContain('自然资源科普能力提升培训班');
    const bobNow = await mineOf(bob!);
    expect(bobNow.completed).toBe(false);
    // a closed course takes no more corrections, scores or withdrawals
    expect(
      (await ministryEditor.post(`/api/training/enrolments/${catE.id}/score`, { score: 80 }))
        .status,
    ).toBe(409);
    expect((await ann!.agent.post(`/api/training/enrolments/${annE.id}/withdraw`)).status).toBe(
      409,
    );
    const course = await ministryEditor.get<Course>(`/api/training/courses/${c.id}`);
    expect(course.body.status).toBe('CLOSED');
    expect(course.body.rating).toEqual({ average: 4, count: 1 });
  });

  async function mineOf(p: { agent: Agent }) {
    const r = await p.agent.get<{
      items: { id: string; completed: boolean; certificateId: string | null; met: boolean }[];
    }>('/api/me/training');
    expect(r.status).toBe(200);
    return r.body.items[0]!;
  }

  it('exports and erases a person’s enrolments', async () => {
    const c = await published({ capacity: 3 });
    const [p] = await people(1, undefined, '注销者');
    expect((await p!.agent.post(`/api/training/courses/${c.id}/enrol`)).status).toBe(201);
    const { exportPersonalData, erasePersonalData } = await import(
      '../src/platform/personal-data.ts'
    );
    const sections = await exportPersonalData(env.handle.db, p!.userId, 'zh-CN');
    const mine = sections.find((s) => s.module === 'training')!;
    expect(mine.items).toHaveLength(1);
    expect(JSON.stringify(mine.items[0])).toContain('自然资源科普能力提升培训班');
    await env.handle.db.transaction().execute(async (tx) =>
      erasePersonalData(tx, p!.userId, {
        ctx: { actorId: p!.userId, ip: null, dialect: env.handle.dialect } as never,
        nowMs: Date.now(),
        db: env.handle.db,
      }),
    );
    const row = await env.handle.db
      .selectFrom('trainingCourses')
      .select('taken')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.taken).toBe(0);
    expect(await exportPersonalData(env.handle.db, p!.userId, 'zh-CN')).not.toContainEqual(
      expect.objectContaining({ module: 'training' }),
    );
  });
});
