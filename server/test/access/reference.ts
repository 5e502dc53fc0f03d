import { uniqueName } from '../helpers.ts';
import { ACTORS, type Row } from './world.ts';

/** Reference lists and administrative divisions. */
export function referenceTable(): Row[] {
  /** Each new division takes the next free code under 郑州市. */
  let divisionSeq = 1;

  return [
    {
      name: 'GET /api/reference/:kind',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/reference/TOPIC' }),
    },
    {
      name: 'GET /api/reference/:kind/export',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/reference/TOPIC/export' }),
    },
    {
      name: 'POST /api/reference/:kind',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/reference/AUDIENCE',
        body: {
          code: uniqueName('X')
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, ''),
          nameZh: '新受众',
          nameEn: 'New',
        },
      }),
    },
    {
      name: 'PATCH /api/reference/:kind/:code',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: '/api/reference/SECTOR/LAND',
        body: { sort: 10 },
      }),
    },
    {
      name: 'GET /api/divisions',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/divisions' }),
    },
    {
      name: 'POST /api/divisions',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/divisions',
        body: { code: String(410180 + divisionSeq++), name: '测试区', parentCode: '410100' },
      }),
    },
    {
      name: 'PATCH /api/divisions/:code',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: '/api/divisions/410100',
        body: { name: '郑州市' },
      }),
    },
  ];
}
