import { ACTORS, type Row } from './world.ts';

/** The health check. */
export function healthTable(): Row[] {
  return [
    {
      name: 'GET /api/health',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/health' }),
    },
  ];
}
