import type { Row } from './world.ts';

/** The audit log. */
export function auditTable(): Row[] {
  return [
    {
      name: 'GET /api/audit',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/audit' }),
    },
    {
      name: 'GET /api/audit/export',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/audit/export?from=2000-01-01&to=2000-01-01' }),
    },
    {
      name: 'GET /api/audit/verify',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/audit/verify' }),
    },
  ];
}
