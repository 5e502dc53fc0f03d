import { ACTORS, type Row, SIGNED_IN, type World } from './world.ts';

/** Privacy policy and terms, their versions, settings and one's consents. */
export function privacyTable(w: World): Row[] {
  return [
    {
      name: 'GET /api/policies/:kind',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/policies/PRIVACY' }),
    },
    {
      name: 'GET /api/policies/:kind/versions',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/policies/TERMS/versions' }),
    },
    {
      name: 'POST /api/policies/:kind',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/policies/TERMS',
        body: { title: '用户协议', body: '<p>修订后的用户协议正文，供矩阵测试使用。</p>' },
      }),
    },
    {
      name: 'GET /api/privacy-settings',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/privacy-settings' }),
    },
    {
      name: 'PUT /api/privacy-settings',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PUT',
        url: '/api/privacy-settings',
        body: { guardianConsentAge: 14, accountHelpContact: '科普工作办公室 010-00000000' },
      }),
    },
    {
      name: 'GET /api/me/consents',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/consents' }),
    },
    {
      name: 'POST /api/me/consents',
      allowed: SIGNED_IN,
      make: async () => {
        const p = await w.admin.get<{ version: number }>('/api/policies/PRIVACY');
        const t = await w.admin.get<{ version: number }>('/api/policies/TERMS');
        return {
          method: 'POST',
          url: '/api/me/consents',
          body: { privacyVersion: p.body.version, termsVersion: t.body.version },
        };
      },
    },
  ];
}
