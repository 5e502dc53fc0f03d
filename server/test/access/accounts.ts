import { ACTORS, type Row, SIGNED_IN } from './world.ts';

/** Getting in and one's own account: setup, who am I, signing out elsewhere, export, account help. */
export function accountsTable(): Row[] {
  return [
    {
      name: 'GET /api/setup',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/setup' }),
    },
    {
      name: 'GET /api/accounts/username-available',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: '/api/accounts/username-available?username=matrix',
      }),
    },
    {
      name: 'GET /api/auth/me',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/auth/me' }),
    },
    {
      name: 'POST /api/auth/logout-others',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'POST', url: '/api/auth/logout-others', body: {} }),
    },
    {
      name: 'GET /api/me/export',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/export' }),
    },
    {
      name: 'PATCH /api/me',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'PATCH', url: '/api/me', body: { locale: 'zh-CN' } }),
    },
    {
      name: 'POST /api/auth/account-help',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'POST',
        url: '/api/auth/account-help',
        body: { username: 'nobody-here' },
      }),
    },
  ];
}
