import { ACTORS, type ActorName, type Row, SIGNED_IN, type World } from './world.ts';

const ISSUERS_OF_A: ActorName[] = ['orgAdmin', 'platformAdmin'];

/**
 * Certificates: issued by A (to the member of A) through the manual route; the PDF is for the
 * holder and A's administrators (not B's admin, not A's editor); revoking and the issuer's list
 * for A's administrators; the public look-up for everyone.
 */
export function certificatesTable(w: World): Row[] {
  async function certificate(holder: ActorName = 'member') {
    const r = await w.admin.post<{ id: string; code: string }>('/api/certificates', {
      kind: 'AWARD',
      holderId: w.ids[holder],
      organisationId: w.orgA.id,
      title: '矩阵证书',
      lines: ['矩阵证明内容'],
    });
    if (r.status !== 201) throw new Error(`certificate: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  return [
    {
      name: 'GET /api/public/certificates/:code',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/certificates/${(await certificate()).code}`,
      }),
    },
    {
      name: 'GET /api/certificates',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/certificates' }),
    },
    {
      name: 'GET /api/certificates/issued',
      allowed: ['orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/certificates/issued' }),
    },
    {
      name: 'GET /api/certificates/issued [organisation A]',
      allowed: ISSUERS_OF_A,
      make: async () => ({
        method: 'GET',
        url: `/api/certificates/issued?organisationId=${w.orgA.id}`,
      }),
    },
    {
      name: 'POST /api/certificates',
      allowed: ISSUERS_OF_A,
      make: async () => ({
        method: 'POST',
        url: '/api/certificates',
        body: {
          kind: 'AWARD',
          holderId: w.ids.member,
          organisationId: w.orgA.id,
          title: '矩阵奖',
          lines: ['一等奖'],
        },
      }),
    },
    {
      name: 'GET /api/certificates/:id/pdf',
      allowed: ['member', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/certificates/${(await certificate('member')).id}/pdf`,
      }),
    },
    {
      name: 'GET /api/certificates/:id/pdf [held by the public person]',
      allowed: ['public', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/certificates/${(await certificate('public')).id}/pdf`,
      }),
    },
    {
      name: 'POST /api/certificates/:id/revoke',
      allowed: ISSUERS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/certificates/${(await certificate()).id}/revoke`,
        body: { reason: '矩阵撤销' },
      }),
    },
  ];
}
