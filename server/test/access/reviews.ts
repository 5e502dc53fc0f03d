import { Agent } from '../helpers.ts';
import { ACTORS, type Row, SIGNED_IN, STAFF_OF_A, TODAY, type World } from './world.ts';

/** The review engine: calls, applications, assignments, experts, 公示 and objections. */
export function reviewsTable(w: World): Row[] {
  /** Each objection comes from its own address (objections are limited per address). */
  let objectionIp = 1;

  /** A draft application of A (the matrix actors of A are its applicants). */
  async function itemOfA() {
    const r = await w.admin.post<{ id: string; callId: string }>(
      `/api/review-calls/${await w.openCall()}/items`,
      {
        organisationId: w.orgA.id,
        title: '矩阵申报',
      },
    );
    if (r.status !== 201) throw new Error(`item: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  /** A's reviewer's assignment to an application of C under review. */
  async function assignmentOfReviewer() {
    const it = await w.itemAt('UNDER_REVIEW');
    const mine = await w.agents.reviewer.get<{ id: string; itemId: string }[]>(
      '/api/my/review-assignments',
    );
    return mine.body.find((x) => x.itemId === it.id)!.id;
  }
  /** A 公示 of an accepted application of C. */
  async function notice() {
    const it = await w.itemAt('ACCEPTED');
    const n = await w.admin.post<{ id: string }>(`/api/review-calls/${it.callId}/notices`, {
      title: '矩阵公示',
      startsAt: TODAY,
      endsAt: TODAY,
      itemIds: [it.id],
    });
    return { noticeId: n.body.id, itemId: it.id };
  }
  const quietNotice = async () => (await notice()).noticeId;
  /** One 公示 for every actor's objection. */
  let shared: { noticeId: string; itemId: string } | null = null;
  async function sharedNotice() {
    shared ??= await notice();
    return shared;
  }
  /** A 公示 with one objection from a visitor. */
  async function noticeWithObjection() {
    const n = await notice();
    const visitor = new Agent(w.env.app, `10.9.0.${objectionIp++}`);
    const o = await visitor.post<{ id: string }>(
      `/api/public/review-notices/${n.noticeId}/objections`,
      {
        itemId: n.itemId,
        name: '矩阵访客',
        contact: '13800000000',
        text: '矩阵测试的异议内容，足够长。',
      },
    );
    return { noticeId: n.noticeId, objectionId: o.body.id };
  }

  return [
    {
      name: 'GET /api/review-subjects',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/review-subjects' }),
    },
    {
      name: 'GET /api/review-calls',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/review-calls' }),
    },
    {
      name: 'GET /api/review-calls/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/review-calls/export' }),
    },
    {
      name: 'POST /api/review-calls',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'POST', url: '/api/review-calls', body: w.callBody() }),
    },
    {
      name: 'GET /api/review-calls/:id',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await w.openCall()}` }),
    },
    {
      name: 'PATCH /api/review-calls/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/review-calls/${await w.draftCall()}`,
        body: { title: '矩阵征集（改）' },
      }),
    },
    {
      name: 'POST /api/review-calls/:id/open',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/review-calls/${await w.draftCall()}/open` }),
    },
    {
      name: 'POST /api/review-calls/:id/close',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/review-calls/${await w.openCall()}/close` }),
    },
    {
      name: 'GET /api/review-calls/:id/ranking',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await w.openCall()}/ranking` }),
    },
    {
      name: 'POST /api/review-calls/:id/auto-assign',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-calls/${await w.openCall()}/auto-assign`,
      }),
    },
    {
      name: 'POST /api/review-calls/:id/rounds/close',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-calls/${await w.openCall()}/rounds/close`,
      }),
    },
    {
      name: 'POST /api/review-calls/:id/rounds/next',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => {
        const it = await w.itemAt('REVIEWED');
        return {
          method: 'POST',
          url: `/api/review-calls/${it.callId}/rounds/next`,
          body: { itemIds: [it.id] },
        };
      },
    },
    {
      name: 'POST /api/review-calls/:id/notices',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => {
        const it = await w.itemAt('ACCEPTED');
        return {
          method: 'POST',
          url: `/api/review-calls/${it.callId}/notices`,
          body: { title: '矩阵公示', startsAt: TODAY, endsAt: TODAY, itemIds: [it.id] },
        };
      },
    },
    {
      name: 'GET /api/review-calls/:id/notices',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await w.openCall()}/notices` }),
    },
    {
      name: 'GET /api/review-calls/:id/export',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await w.openCall()}/export` }),
    },
    {
      name: 'POST /api/review-calls/:id/items',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-calls/${await w.openCall()}/items`,
        body: { organisationId: w.orgA.id, title: '矩阵申报' },
      }),
    },
    {
      name: 'GET /api/review-items',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/review-items' }),
    },
    {
      name: 'GET /api/review-items/:id',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-items/${(await itemOfA()).id}` }),
    },
    {
      name: 'GET /api/review-items/:id (assigned reviewer)',
      allowed: ['reviewer', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-items/${(await w.itemAt('UNDER_REVIEW')).id}`,
      }),
    },
    {
      name: 'PATCH /api/review-items/:id',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/review-items/${(await itemOfA()).id}`,
        body: { title: '矩阵申报（改）' },
      }),
    },
    {
      name: 'POST /api/review-items/:id/submit',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await itemOfA()).id}/submit`,
      }),
    },
    {
      name: 'POST /api/review-items/:id/recommend',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await w.itemAt('SUBMITTED')).id}/recommend`,
        body: { recommend: true },
      }),
    },
    {
      name: 'POST /api/review-items/:id/formal-check',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await w.itemAt('RECOMMENDED')).id}/formal-check`,
        body: { passed: true },
      }),
    },
    {
      name: 'POST /api/review-items/:id/decide',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await w.itemAt('REVIEWED')).id}/decide`,
        body: { decision: 'ACCEPT', reason: '矩阵' },
      }),
    },
    {
      name: 'GET /api/review-items/:id/review',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-items/${(await w.itemAt('SUBMITTED')).id}/review`,
      }),
    },
    {
      name: 'POST /api/review-items/:id/assignments',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await w.itemAt('FORMAL_PASSED')).id}/assignments`,
        body: { reviewerId: w.ids.reviewer },
      }),
    },
    {
      name: 'GET /api/my/review-assignments',
      allowed: ['reviewer', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/my/review-assignments' }),
    },
    {
      name: 'GET /api/review-assignments/:id',
      allowed: ['reviewer'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-assignments/${await assignmentOfReviewer()}`,
      }),
    },
    {
      name: 'POST /api/review-assignments/:id/score',
      allowed: ['reviewer'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-assignments/${await assignmentOfReviewer()}/score`,
        body: { scores: { content: 80 } },
      }),
    },
    {
      name: 'POST /api/review-assignments/:id/recuse',
      allowed: ['reviewer'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-assignments/${await assignmentOfReviewer()}/recuse`,
        body: { reason: '矩阵回避' },
      }),
    },
    {
      name: 'GET /api/review-notices/:id/objections',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-notices/${(await noticeWithObjection()).noticeId}/objections`,
      }),
    },
    {
      name: 'POST /api/review-objections/:id/handle',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-objections/${(await noticeWithObjection()).objectionId}/handle`,
        body: { handling: '已核实', outcome: 'DISMISSED' },
      }),
    },
    {
      name: 'POST /api/review-notices/:id/close',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-notices/${await quietNotice()}/close`,
      }),
    },
    {
      name: 'GET /api/public/review-calls',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/review-calls?phase=OPEN' }),
    },
    {
      name: 'GET /api/public/review-calls/:id',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/review-calls/${await w.openCall()}` }),
    },
    {
      name: 'GET /api/public/review-notices',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/review-notices' }),
    },
    {
      name: 'GET /api/public/review-notices/past',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/review-notices/past?pageSize=5' }),
    },
    {
      name: 'GET /api/my/review-items',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/my/review-items' }),
    },
    {
      name: 'GET /api/public/review-notices/:id',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/review-notices/${await quietNotice()}`,
      }),
    },
    {
      name: 'POST /api/public/review-notices/:id/objections',
      allowed: [...ACTORS],
      make: async () => {
        const n = await sharedNotice();
        return {
          method: 'POST',
          url: `/api/public/review-notices/${n.noticeId}/objections`,
          body: {
            itemId: n.itemId,
            name: '矩阵',
            contact: '13800000000',
            text: '矩阵测试的异议内容，足够长。',
          },
        };
      },
    },
  ];
}
