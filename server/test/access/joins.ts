import { buildPublicUser } from '../helpers.ts';
import { type ActorName, ADMINS_OF_A, type Row, SIGNED_IN, type World } from './world.ts';

/** Join requests: anyone signed in asks; A's admins (and platform admins) decide those to A. */
export function joinsTable(w: World): Row[] {
  /** The actor's pending request, withdrawn, so that it may ask again (one pending at a time). */
  async function clearPending(actor: ActorName) {
    const agent = w.agents[actor];
    const mine = await agent.get<{ items: { id: string; status: string }[] }>(
      '/api/me/join-requests',
    );
    for (const r of mine.body.items ?? [])
      if (r.status === 'PENDING') await agent.post(`/api/me/join-requests/${r.id}/withdraw`);
  }
  /** The actor's own pending request to join C. */
  async function ownRequest(actor: ActorName) {
    await clearPending(actor);
    const r = await w.agents[actor].post<{ id: string }>('/api/me/join-requests', {
      organisationId: w.orgC.id,
      position: '矩阵岗位',
    });
    if (r.status !== 201) throw new Error(`join request: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  /** A fresh member of the public's pending request to join A. */
  async function requestToA() {
    const p = await buildPublicUser(w.env);
    const r = await p.agent.post<{ id: string }>('/api/me/join-requests', {
      organisationId: w.orgA.id,
      position: '矩阵申请人',
    });
    return r.body.id;
  }
  return [
    {
      name: 'GET /api/join-requests/units',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'GET',
        url: `/api/join-requests/units?q=${encodeURIComponent('矩阵')}`,
      }),
    },
    {
      name: 'GET /api/me/join-requests',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/join-requests' }),
    },
    {
      name: 'POST /api/me/join-requests',
      allowed: SIGNED_IN,
      make: async (actor) => {
        if (actor !== 'anonymous') await clearPending(actor);
        return {
          method: 'POST',
          url: '/api/me/join-requests',
          body: { organisationId: w.orgC.id, position: '矩阵岗位' },
        };
      },
    },
    {
      name: 'POST /api/me/join-requests/:id/withdraw',
      allowed: ['public'],
      make: async () => ({
        method: 'POST',
        url: `/api/me/join-requests/${await ownRequest('public')}/withdraw`,
      }),
    },
    {
      name: 'GET /api/join-requests',
      allowed: ['orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/join-requests?status=PENDING' }),
    },
    {
      name: 'POST /api/join-requests/:id/approve',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/join-requests/${await requestToA()}/approve`,
        body: { role: 'MEMBER' },
      }),
    },
    {
      name: 'POST /api/join-requests/:id/decline',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/join-requests/${await requestToA()}/decline`,
        body: { reason: '矩阵拒绝' },
      }),
    },
    {
      name: 'POST /api/join-requests/:id/approve (one’s own request)',
      allowed: [],
      make: async (actor) => ({
        method: 'POST',
        url: `/api/join-requests/${actor === 'anonymous' ? await requestToA() : await ownRequest(actor)}/approve`,
        body: { role: 'MEMBER' },
      }),
    },
  ];
}
