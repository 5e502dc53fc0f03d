import { ACTORS, type Row, STAFF_OF_A, type World } from './world.ts';

/** Collections and the public channel. */
export function collectionsTable(w: World): Row[] {
  /** A collection of A holding one published work, as a draft or published, by the fixture admin. */
  async function collectionInA(status: 'DRAFT' | 'PUBLISHED') {
    const t = await w.admin.post<{ id: string }>('/api/collections', {
      organisationId: w.orgA.id,
      kind: 'TOPIC',
      title: '矩阵专题',
    });
    const work = await w.workInA('PUBLISHED');
    await w.admin.request('PUT', `/api/collections/${t.body.id}/items`, {
      items: [{ workId: work.id }],
    });
    if (status === 'PUBLISHED') await w.admin.post(`/api/collections/${t.body.id}/publish`);
    return t.body.id;
  }

  return [
    {
      name: 'GET /api/collections',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/collections' }),
    },
    {
      name: 'GET /api/collections/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/collections/export' }),
    },
    {
      name: 'POST /api/collections',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/collections',
        body: { organisationId: w.orgA.id, kind: 'TOPIC', title: '矩阵专题' },
      }),
    },
    {
      name: 'GET /api/collections/:id',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/collections/${await collectionInA('DRAFT')}`,
      }),
    },
    {
      name: 'PATCH /api/collections/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/collections/${await collectionInA('DRAFT')}`,
        body: { featured: true },
      }),
    },
    {
      name: 'PUT /api/collections/:id/items',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PUT',
        url: `/api/collections/${await collectionInA('DRAFT')}/items`,
        body: { items: [{ workId: (await w.workInA('PUBLISHED')).id }] },
      }),
    },
    {
      name: 'POST /api/collections/:id/publish',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/collections/${await collectionInA('DRAFT')}/publish`,
      }),
    },
    {
      name: 'POST /api/collections/:id/unpublish',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/collections/${await collectionInA('PUBLISHED')}/unpublish`,
      }),
    },
    {
      name: 'POST /api/collections/:id/archive',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/collections/${await collectionInA('DRAFT')}/archive`,
      }),
    },
    {
      name: 'GET /api/public/collections',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/collections' }),
    },
    {
      name: 'GET /api/public/collections/:id',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/collections/${await collectionInA('PUBLISHED')}`,
      }),
    },
    {
      name: 'GET /api/public/channel',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/channel' }),
    },
  ];
}
