import { uniqueName } from '../helpers.ts';
import { ACTORS, type Row, type World } from './world.ts';

/** Search and its terms, zero-result log and reindexing. */
export function searchTable(w: World): Row[] {
  return [
    {
      name: 'GET /api/search',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/search?q=地质' }),
    },
    {
      name: 'GET /api/search/terms',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/search/terms' }),
    },
    {
      name: 'GET /api/search/terms/export',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/search/terms/export' }),
    },
    {
      name: 'POST /api/search/terms',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/search/terms',
        body: { kind: 'WORD', term: uniqueName('词') },
      }),
    },
    {
      name: 'PATCH /api/search/terms/:id',
      allowed: ['platformAdmin'],
      make: async () => {
        const t = await w.admin.post<{ id: string }>('/api/search/terms', {
          kind: 'WORD',
          term: uniqueName('词'),
        });
        return { method: 'PATCH', url: `/api/search/terms/${t.body.id}`, body: { active: false } };
      },
    },
    {
      name: 'GET /api/search/zero-results',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/search/zero-results' }),
    },
    {
      name: 'POST /api/search/reindex',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'POST', url: '/api/search/reindex', body: {} }),
    },
  ];
}
