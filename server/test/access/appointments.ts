import { buildUserWithRole, uniqueName } from '../helpers.ts';
import { type Row, SIGNED_IN, TODAY, type World } from './world.ts';

const LISTS = ['editor', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'] as const;
const MANAGERS_OF_A = ['editor', 'orgAdmin', 'platformAdmin'] as const;

/**
 * 首席科学传播专家: the appointing body's (A's) administrators keep its schemes; its
 * administrators and editors appoint, renew and withdraw; B's administrator does nothing to A's
 * appointments. A unit's administrators set up studios under their own unit only.
 */
export function appointmentsTable(w: World): Row[] {
  let scheme: Promise<string>;
  const schemeOfA = () => {
    scheme ??= (async () => {
      const r = await w.admin.post<{ id: string }>('/api/appointment-schemes', {
        code: `M${uniqueName('')
          .replace(/[^A-Za-z0-9]/g, '')
          .toUpperCase()
          .slice(0, 20)}`,
        name: '矩阵方案',
        honorific: '矩阵首席科学传播专家',
        organisationId: w.orgA.id,
        termYears: 5,
        renewable: true,
        minLedPerYear: 2,
        minRank: 'SENIOR',
        minYearsPopularising: 3,
      });
      if (r.status !== 201) throw new Error(`scheme: ${JSON.stringify(r.body)}`);
      return r.body.id;
    })();
    return scheme;
  };
  const expert = async () => {
    const u = await buildUserWithRole(w.env, w.admin, 'REVIEWER', w.orgA.id);
    const r = await u.agent.request('PUT', '/api/experts/me', {
      title: '研究员',
      rank: 'SENIOR',
      organisationId: w.orgA.id,
    });
    if (r.status !== 200) throw new Error(`profile: ${JSON.stringify(r.body)}`);
    return u.userId;
  };
  const appointment = async () => {
    const r = await w.admin.post<{ id: string }>('/api/appointments', {
      schemeId: await schemeOfA(),
      userId: await expert(),
      batch: '矩阵批次',
      startDate: TODAY,
    });
    if (r.status !== 201) throw new Error(`appointment: ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  const schemeBody = (organisationId: string) => ({
    code: `S${uniqueName('')
      .replace(/[^A-Za-z0-9]/g, '')
      .toUpperCase()
      .slice(0, 20)}`,
    name: '新方案',
    honorific: '首席科学传播专家',
    organisationId,
    termYears: 3,
    renewable: false,
    minLedPerYear: 1,
    minRank: null,
    minYearsPopularising: 0,
  });
  return [
    {
      name: 'GET /api/appointment-schemes',
      allowed: [...LISTS],
      make: async () => ({ method: 'GET', url: '/api/appointment-schemes' }),
    },
    {
      name: 'POST /api/appointment-schemes',
      allowed: ['orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/appointment-schemes',
        body: schemeBody(w.orgA.id),
      }),
    },
    {
      name: 'POST /api/appointment-schemes [appointed by B]',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/appointment-schemes',
        body: schemeBody(w.orgB.id),
      }),
    },
    {
      name: 'PUT /api/appointment-schemes/:id',
      allowed: ['orgAdmin', 'platformAdmin'],
      make: async () => {
        const made = await w.admin.post<{ id: string }>(
          '/api/appointment-schemes',
          schemeBody(w.orgA.id),
        );
        return {
          method: 'PUT',
          url: `/api/appointment-schemes/${made.body.id}`,
          body: { ...schemeBody(w.orgA.id), name: '改名的方案' },
        };
      },
    },
    {
      name: 'GET /api/appointments',
      allowed: [...LISTS],
      make: async () => ({ method: 'GET', url: '/api/appointments?standing=BEHIND' }),
    },
    {
      name: 'POST /api/appointments',
      allowed: [...MANAGERS_OF_A],
      make: async () => ({
        method: 'POST',
        url: '/api/appointments',
        body: {
          schemeId: await schemeOfA(),
          userId: await expert(),
          batch: '补录',
          startDate: TODAY,
        },
      }),
    },
    {
      name: 'PATCH /api/appointments/:id',
      allowed: [...MANAGERS_OF_A],
      make: async () => ({
        method: 'PATCH',
        url: `/api/appointments/${await appointment()}`,
        body: { docNo: '矩阵〔2026〕1号' },
      }),
    },
    {
      name: 'POST /api/appointments/:id/renew',
      allowed: [...MANAGERS_OF_A],
      make: async () => ({
        method: 'POST',
        url: `/api/appointments/${await appointment()}/renew`,
        body: { batch: '续聘' },
      }),
    },
    {
      name: 'POST /api/appointments/:id/withdraw',
      allowed: [...MANAGERS_OF_A],
      make: async () => ({
        method: 'POST',
        url: `/api/appointments/${await appointment()}/withdraw`,
        body: { reason: '矩阵测试' },
      }),
    },
    {
      name: 'POST /api/appointments/:id/studio',
      allowed: ['orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/appointments/${await appointment()}/studio`,
        body: { parentId: w.orgA.id, name: uniqueName('工作室') },
      }),
    },
    {
      name: 'POST /api/appointments/:id/studio [under B]',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/appointments/${await appointment()}/studio`,
        body: { parentId: w.orgB.id, name: uniqueName('工作室') },
      }),
    },
    {
      name: 'GET /api/me/appointments',
      allowed: [...SIGNED_IN],
      make: async () => ({ method: 'GET', url: '/api/me/appointments' }),
    },
  ];
}
