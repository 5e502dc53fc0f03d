import { passwordlessUserRow } from '../../src/modules/users/repo.ts';
import { newId, nowIso } from '../../src/platform/ids.ts';
import { buildOrganisation } from '../helpers.ts';
import { ACTORS, type ActorName, type Row, SIGNED_IN, STAFF_OF_A, type World } from './world.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const EDITORS_OF_A: ActorName[] = ['editor', 'orgAdmin', 'platformAdmin'];
const ADMINS_OF_A: ActorName[] = ['orgAdmin', 'platformAdmin'];
const CONSOLE: ActorName[] = [...STAFF_OF_A, 'foreignOrgAdmin'];

/**
 * Training: A's courses are kept by A's editors and administrators (completion, issuing the
 * certificates, by its administrators); B's administrator reaches none of them. A person's own
 * enrolment (withdraw, check-in, evaluation) is theirs; nominations are for the administrators of
 * the nominating unit (a unit inside A with a division code).
 */
export function trainingTable(w: World): Row[] {
  const body = (over: Record<string, unknown> = {}) => ({
    organisationId: w.orgA.id,
    title: '矩阵培训班',
    year: 2026,
    syllabus: [{ title: '政策解读', hours: 4 }],
    sessions: [{ title: '第一课', startsAt: iso(-HOUR), endsAt: iso(2 * HOUR), place: '北京' }],
    enrolmentMode: 'OPEN',
    capacity: 50,
    enrolOpensAt: iso(-DAY),
    enrolClosesAt: iso(7 * DAY),
    minSessions: 1,
    passScore: 60,
    ...over,
  });
  async function course(publish = true, over: Record<string, unknown> = {}) {
    const r = await w.admin.post<{ id: string; sessions: { id: string; checkInCode: string }[] }>(
      '/api/training/courses',
      body(over),
    );
    if (r.status !== 201) throw new Error(`course: ${JSON.stringify(r.body)}`);
    if (publish) {
      const p = await w.admin.post(`/api/training/courses/${r.body.id}/publish`);
      if (p.status !== 200) throw new Error(`publish: ${JSON.stringify(p.body)}`);
    }
    return r.body;
  }
  /** An enrolment written directly (as a nomination by A when `unitId` is given). */
  async function enrolment(
    userId: string,
    status: 'PENDING' | 'APPROVED',
    opts: { attended?: boolean; unitId?: string } = {},
  ) {
    const c = await course();
    const id = newId();
    const now = nowIso();
    await w.env.handle.db
      .insertInto('trainingEnrolments')
      .values({
        id,
        courseId: c.id,
        userId,
        status,
        nominatedBy: opts.unitId ? w.ids.orgAdmin : null,
        unitId: opts.unitId ?? null,
        divisionCode: null,
        score: null,
        completed: 0,
        certificateId: null,
        rating: null,
        comment: null,
        ratedAt: null,
        decidedBy: null,
        decidedAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    if (opts.attended)
      await w.env.handle.db
        .insertInto('trainingAttendance')
        .values({
          enrolmentId: id,
          sessionId: c.sessions[0]!.id,
          present: 1,
          checkedInAt: now,
          correctedBy: null,
          correctionReason: null,
          updatedAt: now,
        })
        .execute();
    return { id, course: c };
  }
  let unit: { id: string } | null = null;
  /** A unit inside A with a division code, and a person of it to nominate. */
  async function nominee() {
    unit ??= await buildOrganisation(w.admin, w.orgA.id, {
      name: '矩阵甲单位湖南分部',
      divisionCode: '430100',
    });
    const now = nowIso();
    const row = passwordlessUserRow({
      id: newId(),
      username: `mt${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`,
      displayName: '矩阵学员',
      at: now,
      birthYear: 1990,
    });
    await w.env.handle.db.insertInto('users').values(row).execute();
    await w.env.handle.db
      .insertInto('roleGrants')
      .values({
        id: newId(),
        userId: row.id,
        role: 'MEMBER',
        organisationId: unit.id,
        grantedBy: null,
        createdAt: now,
      })
      .execute();
    return { unitId: unit.id, userId: row.id };
  }
  return [
    {
      name: 'GET /api/public/training',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/training' }),
    },
    {
      name: 'GET /api/public/training/:id',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/training/${(await course()).id}` }),
    },
    {
      name: 'GET /api/me/training',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/training' }),
    },
    {
      name: 'POST /api/training/courses/:id/enrol',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'POST',
        url: `/api/training/courses/${(await course()).id}/enrol`,
      }),
    },
    {
      name: 'POST /api/training/enrolments/:id/withdraw',
      allowed: ['member'],
      make: async () => ({
        method: 'POST',
        url: `/api/training/enrolments/${(await enrolment(w.ids.member, 'APPROVED')).id}/withdraw`,
      }),
    },
    {
      name: 'POST /api/training/enrolments/:id/withdraw [nominated by a unit in A]',
      allowed: ['member', ...ADMINS_OF_A],
      make: async () => {
        const n = await nominee();
        const e = await enrolment(w.ids.member, 'PENDING', { unitId: n.unitId });
        return { method: 'POST', url: `/api/training/enrolments/${e.id}/withdraw` };
      },
    },
    {
      name: 'POST /api/training/sessions/:id/check-in',
      allowed: ['member'],
      make: async () => {
        const e = await enrolment(w.ids.member, 'APPROVED');
        const s = e.course.sessions[0]!;
        return {
          method: 'POST',
          url: `/api/training/sessions/${s.id}/check-in`,
          body: { code: s.checkInCode },
        };
      },
    },
    {
      name: 'POST /api/training/enrolments/:id/feedback',
      allowed: ['member'],
      make: async () => ({
        method: 'POST',
        url: `/api/training/enrolments/${(await enrolment(w.ids.member, 'APPROVED', { attended: true })).id}/feedback`,
        body: { rating: 5, comment: '很好' },
      }),
    },
    {
      name: 'GET /api/training/courses',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/training/courses' }),
    },
    {
      name: 'POST /api/training/courses',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'POST', url: '/api/training/courses', body: body() }),
    },
    {
      name: 'GET /api/training/courses/:id',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'GET', url: `/api/training/courses/${(await course()).id}` }),
    },
    {
      name: 'PUT /api/training/courses/:id',
      allowed: EDITORS_OF_A,
      make: async () => {
        const c = await course(false);
        return {
          method: 'PUT',
          url: `/api/training/courses/${c.id}`,
          body: body({ title: '矩阵培训班（修改）' }),
        };
      },
    },
    {
      name: 'POST /api/training/courses/:id/publish',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/training/courses/${(await course(false)).id}/publish`,
      }),
    },
    {
      name: 'POST /api/training/courses/:id/complete',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/training/courses/${(await course()).id}/complete`,
      }),
    },
    {
      name: 'GET /api/training/courses/:id/enrolments',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'GET',
        url: `/api/training/courses/${(await course()).id}/enrolments`,
      }),
    },
    {
      name: 'POST /api/training/enrolments/:id/decide',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/training/enrolments/${(await enrolment(w.ids.public, 'PENDING')).id}/decide`,
        body: { approve: true },
      }),
    },
    {
      name: 'POST /api/training/enrolments/:id/attendance',
      allowed: EDITORS_OF_A,
      make: async () => {
        const e = await enrolment(w.ids.public, 'APPROVED');
        return {
          method: 'POST',
          url: `/api/training/enrolments/${e.id}/attendance`,
          body: { sessionId: e.course.sessions[0]!.id, present: true, reason: '设备故障' },
        };
      },
    },
    {
      name: 'POST /api/training/enrolments/:id/score',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/training/enrolments/${(await enrolment(w.ids.public, 'APPROVED')).id}/score`,
        body: { score: 88 },
      }),
    },
    {
      name: 'GET /api/training/material-options',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/training/material-options?q=课程' }),
    },
    {
      name: 'GET /api/training/nominatable',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/training/nominatable' }),
    },
    {
      name: 'GET /api/training/nominations',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/training/nominations' }),
    },
    {
      name: 'POST /api/training/courses/:id/nominations',
      allowed: ADMINS_OF_A,
      make: async () => {
        const n = await nominee();
        const c = await course(true, {
          organisationId: w.env.rootId,
          enrolmentMode: 'NOMINATION',
          quotas: [{ divisionCode: '430000', places: 20 }],
        });
        return {
          method: 'POST',
          url: `/api/training/courses/${c.id}/nominations`,
          body: { unitId: n.unitId, userIds: [n.userId] },
        };
      },
    },
  ];
}
