import { newId, nowIso } from '#platform/ids.ts';
import { type Agent, buildPublicUser } from '../helpers.ts';
import { type ActorName, type Row, SIGNED_IN, type World } from './world.ts';

const HOSTS_OF_A: ActorName[] = ['editor', 'orgAdmin', 'platformAdmin'];
const STAFF: ActorName[] = ['member', 'editor', 'orgAdmin', 'platformAdmin'];
const CONSOLE = SIGNED_IN.filter((a) => a !== 'public');

const REGISTRATION = {
  skills: ['讲解'],
  availability: { weekdays: true, weekends: false, holidays: false, note: '' },
  regions: [],
  emergencyContact: { name: '矩阵联系人', phone: '13800000000' },
};

/**
 * 科普志愿者: anyone signed in registers and asks a host; a host's applications are listed to
 * and decided by exactly that organisation's administrators (A's orgAdmin) — not a platform
 * admin, not B's administrator, not A's editor.
 */
export function volunteersTable(w: World): Row[] {
  async function application() {
    const p = await buildPublicUser(w.env);
    const r = await p.agent.put<{ volunteer: { hosts: { id: string }[] } }>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [w.orgA.id],
    });
    if (r.status !== 200) throw new Error(`volunteer: ${JSON.stringify(r.body)}`);
    return r.body.volunteer.hosts[0]!.id;
  }
  const inDays = (d: number, h = 9) =>
    new Date(Date.now() + d * 86_400_000 + h * 3_600_000).toISOString();
  let act: Promise<{ id: string; sessionId: string }> | undefined;
  /** A published activity of A with one session in ten days. */
  const activity = () => {
    act ??= (async () => {
      const r = await w.admin.post<{ id: string; sessions: { id: string }[] }>('/api/activities', {
        organisationId: w.orgA.id,
        typeCode: 'LECTURE',
        title: '矩阵志愿活动',
        address: '矩阵礼堂',
        sessions: [{ startsAt: inDays(10), endsAt: inDays(10, 12), capacity: 50 }],
      });
      if (r.status !== 201) throw new Error(`activity: ${JSON.stringify(r.body)}`);
      await w.admin.post(`/api/activities/${r.body.id}/publish`);
      return { id: r.body.id, sessionId: r.body.sessions[0]!.id };
    })();
    return act;
  };
  async function role(places = 100) {
    const a = await activity();
    const r = await w.admin.post<{ id: string }>(
      `/api/activities/${a.id}/sessions/${a.sessionId}/volunteer-roles`,
      { label: '矩阵岗位', places },
    );
    if (r.status !== 201) throw new Error(`role: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  /** Makes the person a verified volunteer of A (rows written directly). */
  async function verify(userId: string) {
    const db = w.env.handle.db;
    const now = nowIso();
    const had = await db
      .selectFrom('volunteers')
      .select('userId')
      .where('userId', '=', userId)
      .executeTakeFirst();
    if (!had)
      await db
        .insertInto('volunteers')
        .values({
          userId,
          skills: '[]',
          availability: '{}',
          regions: '[]',
          emergencyName: '矩阵',
          emergencyPhone: '13800000000',
          guardianName: null,
          guardianContact: null,
          guardianConsentAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    await db
      .deleteFrom('volunteerHosts')
      .where('userId', '=', userId)
      .where('organisationId', '=', w.orgA.id)
      .execute();
    await db
      .insertInto('volunteerHosts')
      .values({
        id: newId(),
        userId,
        organisationId: w.orgA.id,
        status: 'VERIFIED',
        decisionNote: null,
        decidedBy: null,
        decidedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }
  /** A volunteer to act for: the actor, or a fresh public person for the anonymous. */
  async function volunteerFor(actor: ActorName): Promise<{ agent: Agent; userId: string }> {
    if (actor === 'anonymous') return buildPublicUser(w.env);
    return { agent: w.agents[actor], userId: w.ids[actor] };
  }
  /** A shift (each in a role of its own) of `actor`'s, confirmed or arrived when asked. */
  async function shiftOf(actor: ActorName, state: 'PENDING' | 'CONFIRMED' | 'ARRIVED' = 'PENDING') {
    const v = await volunteerFor(actor);
    await verify(v.userId);
    // One live shift per person and session: end any the actor holds there.
    await w.env.handle.db
      .updateTable('volunteerShifts')
      .set({ status: 'CANCELLED' })
      .where('userId', '=', v.userId)
      .execute();
    const r = await v.agent.post<{ id: string }>(`/api/volunteer-roles/${await role()}/sign-ups`);
    if (r.status !== 201) throw new Error(`sign-up: ${JSON.stringify(r.body)}`);
    if (state !== 'PENDING')
      await w.admin.post(`/api/volunteer-shifts/${r.body.id}/decide`, { confirm: true });
    if (state === 'ARRIVED')
      await w.admin.post(`/api/volunteer-shifts/${r.body.id}/arrive`, {
        at: new Date(Date.now() - 3_600_000).toISOString(),
      });
    return r.body.id;
  }
  async function manualEntry() {
    const p = await buildPublicUser(w.env);
    await verify(p.userId);
    const r = await p.agent.post<{ id: string }>('/api/me/volunteer-hours', {
      organisationId: w.orgA.id,
      workedOn: '2026-01-15',
      hours: 2,
      what: '矩阵服务',
    });
    if (r.status !== 201) throw new Error(`hours: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  return [
    {
      name: 'GET /api/me/volunteer',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/volunteer' }),
    },
    {
      name: 'PUT /api/me/volunteer',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'PUT',
        url: '/api/me/volunteer',
        body: { ...REGISTRATION, hostIds: [w.orgA.id] },
      }),
    },
    {
      name: 'GET /api/volunteers/hosts',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/volunteers/hosts?q=%E7%9F%A9%E9%98%B5' }),
    },
    {
      name: 'GET /api/volunteer-applications',
      allowed: SIGNED_IN.filter((a) => a !== 'public'),
      make: async () => ({ method: 'GET', url: '/api/volunteer-applications' }),
    },
    {
      name: 'POST /api/volunteer-applications/:id/decide',
      allowed: ['orgAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-applications/${await application()}/decide`,
        body: { verify: true, note: '' },
      }),
    },
    {
      name: 'POST /api/activities/:id/sessions/:sessionId/volunteer-roles',
      allowed: HOSTS_OF_A,
      make: async () => {
        const a = await activity();
        return {
          method: 'POST',
          url: `/api/activities/${a.id}/sessions/${a.sessionId}/volunteer-roles`,
          body: { label: '讲解', places: 2 },
        };
      },
    },
    {
      name: 'DELETE /api/volunteer-roles/:id',
      allowed: HOSTS_OF_A,
      make: async () => ({ method: 'DELETE', url: `/api/volunteer-roles/${await role()}` }),
    },
    {
      name: 'GET /api/activities/:id/volunteer-roles',
      allowed: STAFF,
      make: async () => ({
        method: 'GET',
        url: `/api/activities/${(await activity()).id}/volunteer-roles`,
      }),
    },
    {
      name: 'GET /api/volunteers/open-roles',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/volunteers/open-roles' }),
    },
    {
      name: 'POST /api/volunteer-roles/:id/sign-ups',
      allowed: [],
      make: async () => ({ method: 'POST', url: `/api/volunteer-roles/${await role()}/sign-ups` }),
    },
    {
      name: 'POST /api/volunteer-roles/:id/sign-ups (verified by A)',
      allowed: SIGNED_IN,
      make: async (actor) => {
        if (actor !== 'anonymous') await verify(w.ids[actor]);
        await w.env.handle.db
          .updateTable('volunteerShifts')
          .set({ status: 'CANCELLED' })
          .where('userId', '=', actor === 'anonymous' ? '' : w.ids[actor])
          .execute();
        return { method: 'POST', url: `/api/volunteer-roles/${await role()}/sign-ups` };
      },
    },
    {
      name: 'GET /api/me/volunteer-shifts',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/volunteer-shifts' }),
    },
    {
      name: 'POST /api/volunteer-shifts/:id/cancel',
      allowed: SIGNED_IN,
      make: async (actor) => ({
        method: 'POST',
        url: `/api/volunteer-shifts/${await shiftOf(actor)}/cancel`,
      }),
    },
    {
      name: 'POST /api/volunteer-shifts/:id/cancel (another person’s)',
      allowed: [],
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-shifts/${await shiftOf('anonymous')}/cancel`,
      }),
    },
    {
      name: 'POST /api/volunteer-shifts/:id/decide',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-shifts/${await shiftOf('anonymous')}/decide`,
        body: { confirm: true },
      }),
    },
    {
      name: 'POST /api/volunteer-shifts/:id/arrive',
      allowed: STAFF,
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-shifts/${await shiftOf('anonymous', 'CONFIRMED')}/arrive`,
        body: {},
      }),
    },
    {
      name: 'POST /api/volunteer-shifts/:id/depart',
      allowed: STAFF,
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-shifts/${await shiftOf('anonymous', 'ARRIVED')}/depart`,
        body: {},
      }),
    },
    {
      name: 'POST /api/volunteer-shifts/:id/hours',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-shifts/${await shiftOf('anonymous', 'CONFIRMED')}/hours`,
        body: { hours: 2, reason: '未签退' },
      }),
    },
    {
      name: 'GET /api/me/volunteer-hours',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/volunteer-hours' }),
    },
    {
      name: 'POST /api/me/volunteer-hours',
      allowed: SIGNED_IN,
      make: async (actor) => {
        if (actor !== 'anonymous') await verify(w.ids[actor]);
        return {
          method: 'POST',
          url: '/api/me/volunteer-hours',
          body: { organisationId: w.orgA.id, workedOn: '2026-01-15', hours: 2, what: '矩阵服务' },
        };
      },
    },
    {
      name: 'GET /api/volunteer-hours',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/volunteer-hours' }),
    },
    {
      name: 'POST /api/volunteer-hours/:id/decide',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-hours/${await manualEntry()}/decide`,
        body: { approve: true },
      }),
    },
    {
      name: 'GET /api/volunteer-totals',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/volunteer-totals?by=province' }),
    },
    {
      name: 'GET /api/volunteer-totals/export',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/volunteer-totals/export?by=host' }),
    },
    {
      name: 'POST /api/volunteer-hours/certificates',
      allowed: ['orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/volunteer-hours/certificates',
        body: { organisationId: w.orgA.id, year: 2026, minHours: 1 },
      }),
    },
    {
      name: 'GET /api/volunteer-settings',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/volunteer-settings' }),
    },
    {
      name: 'PUT /api/volunteer-settings',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PUT',
        url: '/api/volunteer-settings',
        body: { thresholds: [100, 300, 600, 1000, 1500] },
      }),
    },
  ];
}
