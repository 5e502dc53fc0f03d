import { newId } from '#platform/ids.ts';
import { buildPublicUser } from '../helpers.ts';
import { ACTORS, type ActorName, type Row, SIGNED_IN, type World } from './world.ts';

const HOSTS_OF_A: ActorName[] = ['editor', 'orgAdmin', 'platformAdmin'];

/**
 * Activities: anyone reads the public list, pages and feeds; anyone signed in registers and
 * cancels their own; A's editors and administrators (and platform admins) manage A's activities
 * and cancel anyone's registration there; campaigns are the office's (here: platform admins).
 */
export function activitiesTable(w: World): Row[] {
  const inDays = (d: number, h = 9) =>
    new Date(Date.now() + d * 86_400_000 + h * 3_600_000).toISOString();
  async function draft(capacity = 50): Promise<string> {
    const r = await w.admin.post<{ id: string }>('/api/activities', {
      organisationId: w.orgA.id,
      typeCode: 'LECTURE',
      title: '矩阵活动',
      address: '矩阵礼堂',
      sessions: [{ startsAt: inDays(10), endsAt: inDays(10, 11), capacity }],
    });
    if (r.status !== 201) throw new Error(`activity: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  async function published(capacity = 50): Promise<string> {
    const id = await draft(capacity);
    await w.admin.post(`/api/activities/${id}/publish`);
    return id;
  }
  /** A registration of `actor` (anonymous: of a fresh member of the public). */
  async function registrationOf(actor: ActorName): Promise<string> {
    const id = await published();
    const agent = actor === 'anonymous' ? (await buildPublicUser(w.env)).agent : w.agents[actor];
    const r = await agent.post<{ id: string }>(`/api/activities/${id}/registrations`, {});
    if (r.status !== 201) throw new Error(`registration: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  /** A place offered to `actor` from the waiting list of a one-place session. */
  async function offerTo(actor: ActorName): Promise<string> {
    if (actor === 'anonymous') return registrationOf('anonymous');
    const id = await published(1);
    const first = (await buildPublicUser(w.env)).agent;
    const taken = await first.post<{ id: string }>(`/api/activities/${id}/registrations`, {});
    const mine = await w.agents[actor].post<{ id: string }>(
      `/api/activities/${id}/registrations`,
      {},
    );
    await first.post(`/api/registrations/${taken.body.id}/cancel`);
    return mine.body.id;
  }
  /** A registration awaiting approval at an activity of A, by a fresh member of the public. */
  async function pending(): Promise<string> {
    const r = await w.admin.post<{ id: string }>('/api/activities', {
      organisationId: w.orgA.id,
      typeCode: 'LECTURE',
      title: '矩阵开放日',
      sessions: [
        { startsAt: inDays(10), endsAt: inDays(10, 11), capacity: 5, approvalRequired: true },
      ],
    });
    await w.admin.post(`/api/activities/${r.body.id}/publish`);
    const p = (await buildPublicUser(w.env)).agent;
    const reg = await p.post<{ id: string }>(`/api/activities/${r.body.id}/registrations`, {});
    return reg.body.id;
  }
  /** A registration of `actor` at an activity of A, checked in at the door. */
  async function attendedBy(actor: ActorName): Promise<string> {
    const reg = await registrationOf(actor);
    const r = await w.env.handle.db
      .selectFrom('registrations')
      .select(['activityId', 'ticketCode'])
      .where('id', '=', reg)
      .executeTakeFirstOrThrow();
    await w.admin.post(`/api/activities/${r.activityId}/check-ins`, { code: r.ticketCode });
    return reg;
  }
  /** A comment waiting for moderation at an activity of A. */
  async function pendingComment(): Promise<string> {
    const reg = await attendedBy('anonymous');
    const owner = await w.env.handle.db
      .selectFrom('registrations')
      .select('userId')
      .where('id', '=', reg)
      .executeTakeFirstOrThrow();
    const id = newId();
    const t = new Date().toISOString();
    await w.env.handle.db
      .insertInto('activityFeedback')
      .values({
        id,
        registrationId: reg,
        activityId: (
          await w.env.handle.db
            .selectFrom('registrations')
            .select('activityId')
            .where('id', '=', reg)
            .executeTakeFirstOrThrow()
        ).activityId,
        userId: owner.userId,
        rating: 4,
        comment: '矩阵留言',
        commentStatus: 'PENDING',
        moderationReason: null,
        moderatedBy: null,
        moderatedAt: null,
        createdAt: t,
        updatedAt: t,
      })
      .execute();
    return id;
  }
  /** A published activity of A that takes group bookings. */
  async function groupActivity(): Promise<string> {
    const r = await w.admin.post<{ id: string }>('/api/activities', {
      organisationId: w.orgA.id,
      typeCode: 'LECTURE',
      title: '矩阵团体活动',
      groupsAllowed: true,
      sessions: [{ startsAt: inDays(10), endsAt: inDays(10, 11), capacity: 100 }],
    });
    if (r.status !== 201) throw new Error(`activity: ${JSON.stringify(r.body)}`);
    await w.admin.post(`/api/activities/${r.body.id}/publish`);
    return r.body.id;
  }
  const GROUP = {
    schoolName: '矩阵学校',
    gradeClass: '初二（3）班',
    contactName: '陈老师',
    contactPhone: '13700137000',
    requested: 5,
  };
  /** A group booking of `actor` (anonymous: of a fresh member of the public), awaiting approval. */
  async function groupOf(actor: ActorName): Promise<string> {
    const id = await groupActivity();
    const agent = actor === 'anonymous' ? (await buildPublicUser(w.env)).agent : w.agents[actor];
    const r = await agent.post<{ id: string }>(`/api/activities/${id}/groups`, GROUP);
    if (r.status !== 201) throw new Error(`group: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  let year = 2000;
  async function campaign(): Promise<string> {
    year++;
    const r = await w.admin.post<{ id: string }>('/api/campaigns', {
      themeDayCode: 'LAND_DAY',
      year,
      startDate: `${year}-06-25`,
      endDate: `${year}-06-25`,
    });
    if (r.status !== 201) throw new Error(`campaign: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  return [
    {
      name: 'GET /api/public/activities',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/activities?pageSize=5' }),
    },
    {
      name: 'GET /api/public/activities.ics',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/activities.ics?type=LECTURE' }),
    },
    {
      name: 'GET /api/public/activities/:id.ics',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/activities/${await published()}.ics` }),
    },
    {
      name: 'GET /api/public/activities/:id',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/activities/${await published()}` }),
    },
    {
      name: 'GET /api/public/campaigns',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/campaigns' }),
    },
    {
      name: 'POST /api/activities/:id/registrations',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'POST',
        url: `/api/activities/${await published()}/registrations`,
        body: {},
      }),
    },
    {
      name: 'POST /api/registrations/:id/cancel',
      allowed: SIGNED_IN,
      make: async (actor) => ({
        method: 'POST',
        url: `/api/registrations/${await registrationOf(actor)}/cancel`,
      }),
    },
    {
      name: 'POST /api/registrations/:id/cancel (someone else’s, in A)',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/registrations/${await registrationOf('anonymous')}/cancel`,
      }),
    },
    {
      name: 'POST /api/registrations/:id/confirm',
      allowed: SIGNED_IN,
      make: async (actor) => ({
        method: 'POST',
        url: `/api/registrations/${await offerTo(actor)}/confirm`,
      }),
    },
    {
      name: 'GET /api/me/registrations',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/registrations' }),
    },
    {
      name: 'POST /api/activities',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: '/api/activities',
        body: {
          organisationId: w.orgA.id,
          typeCode: 'LECTURE',
          title: '矩阵新活动',
          sessions: [{ startsAt: inDays(5), endsAt: inDays(5, 11) }],
        },
      }),
    },
    {
      name: 'GET /api/activities/:id',
      allowed: ['member', ...HOSTS_OF_A],
      make: async () => ({ method: 'GET', url: `/api/activities/${await draft()}` }),
    },
    {
      name: 'PATCH /api/activities/:id',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'PATCH',
        url: `/api/activities/${await draft()}`,
        body: { title: '矩阵改名' },
      }),
    },
    {
      name: 'POST /api/activities/:id/publish',
      allowed: HOSTS_OF_A,
      make: async () => ({ method: 'POST', url: `/api/activities/${await draft()}/publish` }),
    },
    {
      name: 'POST /api/activities/:id/cancel',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/activities/${await published()}/cancel`,
        body: { reason: '矩阵取消' },
      }),
    },
    {
      name: 'GET /api/activities/:id/registrations',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'GET',
        url: `/api/activities/${await published()}/registrations?status=CONFIRMED`,
      }),
    },
    {
      name: 'POST /api/registrations/:id/approve',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/registrations/${await pending()}/approve`,
        body: {},
      }),
    },
    {
      name: 'POST /api/registrations/:id/decline',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/registrations/${await pending()}/decline`,
        body: { note: '矩阵拒绝' },
      }),
    },
    {
      name: 'POST /api/activities/:id/sessions/:sessionId/cancel',
      allowed: HOSTS_OF_A,
      make: async () => {
        const id = await published();
        const a = await w.admin.get<{ sessions: { id: string }[] }>(`/api/activities/${id}`);
        return {
          method: 'POST',
          url: `/api/activities/${id}/sessions/${a.body.sessions[0]!.id}/cancel`,
          body: { reason: '矩阵取消' },
        };
      },
    },
    {
      name: 'POST /api/activities/:id/check-ins',
      allowed: ['member', ...HOSTS_OF_A],
      make: async () => {
        const id = await published();
        const p = (await buildPublicUser(w.env)).agent;
        const r = await p.post<{ ticketCode: string }>(`/api/activities/${id}/registrations`, {});
        return {
          method: 'POST',
          url: `/api/activities/${id}/check-ins`,
          body: { code: r.body.ticketCode },
        };
      },
    },
    {
      name: 'GET /api/activities/:id/check-in-list',
      allowed: ['member', ...HOSTS_OF_A],
      make: async () => ({
        method: 'GET',
        url: `/api/activities/${await published()}/check-in-list`,
      }),
    },
    {
      name: 'GET /api/activities/:id/attendance',
      allowed: ['member', ...HOSTS_OF_A],
      make: async () => ({ method: 'GET', url: `/api/activities/${await published()}/attendance` }),
    },
    {
      name: 'GET /api/activities',
      allowed: ACTORS.filter((a) => a !== 'anonymous' && a !== 'public'),
      make: async () => ({ method: 'GET', url: '/api/activities?status=DRAFT' }),
    },
    {
      name: 'GET /api/activities/pending-review',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/activities/pending-review' }),
    },
    {
      name: 'POST /api/activities/:id/review',
      allowed: ['platformAdmin'],
      make: async () => {
        const c = await campaign();
        await w.admin.patch(`/api/campaigns/${c}`, { requiresApproval: true });
        const id = await draft();
        await w.admin.patch(`/api/activities/${id}`, { campaignId: c });
        await w.admin.post(`/api/activities/${id}/publish`);
        return { method: 'POST', url: `/api/activities/${id}/review`, body: { approve: true } };
      },
    },
    {
      name: 'GET /api/activities/:id/registrations/export',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'GET',
        url: `/api/activities/${await published()}/registrations/export`,
      }),
    },
    {
      name: 'POST /api/activities/:id/messages',
      allowed: HOSTS_OF_A,
      make: async () => {
        const id = await published();
        const p = (await buildPublicUser(w.env)).agent;
        await p.post(`/api/activities/${id}/registrations`, {});
        return {
          method: 'POST',
          url: `/api/activities/${id}/messages`,
          body: { subject: '集合地点', body: '请到东门集合' },
        };
      },
    },
    {
      name: 'POST /api/registrations/:id/no-show',
      allowed: HOSTS_OF_A,
      make: async () => {
        const reg = await registrationOf('anonymous');
        const r = await w.env.handle.db
          .selectFrom('registrations')
          .select('sessionId')
          .where('id', '=', reg)
          .executeTakeFirstOrThrow();
        await w.env.handle.db
          .updateTable('activitySessions')
          .set({ startsAt: inDays(-2), endsAt: inDays(-2, 11) })
          .where('id', '=', r.sessionId)
          .execute();
        return { method: 'POST', url: `/api/registrations/${reg}/no-show` };
      },
    },
    {
      name: 'PUT /api/registrations/:id/feedback',
      allowed: SIGNED_IN,
      make: async (actor) => ({
        method: 'PUT',
        url: `/api/registrations/${await attendedBy(actor)}/feedback`,
        body: { rating: 5, comment: '矩阵评价' },
      }),
    },
    {
      name: 'PUT /api/registrations/:id/feedback (someone else’s)',
      allowed: [],
      make: async () => ({
        method: 'PUT',
        url: `/api/registrations/${await attendedBy('anonymous')}/feedback`,
        body: { rating: 1 },
      }),
    },
    {
      name: 'GET /api/public/activities/:id/feedback',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/activities/${await published()}/feedback`,
      }),
    },
    {
      name: 'GET /api/activity-feedback',
      allowed: ACTORS.filter((a) => a !== 'anonymous' && a !== 'public'),
      make: async () => ({ method: 'GET', url: '/api/activity-feedback?status=PENDING' }),
    },
    {
      name: 'POST /api/activity-feedback/:id/moderate',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/activity-feedback/${await pendingComment()}/moderate`,
        body: { approve: true },
      }),
    },
    {
      name: 'GET /api/activity-satisfaction',
      allowed: ACTORS.filter((a) => a !== 'anonymous' && a !== 'public'),
      make: async () => ({ method: 'GET', url: '/api/activity-satisfaction?by=province' }),
    },
    {
      name: 'POST /api/campaigns',
      allowed: ['platformAdmin'],
      make: async () => {
        year++;
        return {
          method: 'POST',
          url: '/api/campaigns',
          body: {
            themeDayCode: 'LAND_DAY',
            year,
            startDate: `${year}-06-25`,
            endDate: `${year}-06-25`,
          },
        };
      },
    },
    {
      name: 'PATCH /api/campaigns/:id',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/campaigns/${await campaign()}`,
        body: { theme: '节约集约用地' },
      }),
    },
    {
      name: 'POST /api/activities/:id/groups',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'POST',
        url: `/api/activities/${await groupActivity()}/groups`,
        body: GROUP,
      }),
    },
    {
      name: 'GET /api/me/groups',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/groups' }),
    },
    {
      name: 'POST /api/groups/:id/cancel',
      allowed: SIGNED_IN,
      make: async (actor) => ({
        method: 'POST',
        url: `/api/groups/${await groupOf(actor)}/cancel`,
      }),
    },
    {
      name: 'POST /api/groups/:id/cancel (someone else’s, in A)',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/groups/${await groupOf('anonymous')}/cancel`,
      }),
    },
    {
      name: 'POST /api/groups/:id/roster',
      allowed: SIGNED_IN,
      make: async (actor) => ({
        method: 'POST',
        url: `/api/groups/${await groupOf(actor)}/roster`,
        upload: Buffer.from('姓名\n赵一\n钱二\n'),
      }),
    },
    {
      name: 'GET /api/activities/:id/groups',
      allowed: HOSTS_OF_A,
      make: async () => ({ method: 'GET', url: `/api/activities/${await groupActivity()}/groups` }),
    },
    {
      name: 'POST /api/groups/:id/decide',
      allowed: HOSTS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/groups/${await groupOf('anonymous')}/decide`,
        body: { approve: 3, ticketMode: 'PERSON', rest: 'RELEASE' },
      }),
    },
  ];
}
