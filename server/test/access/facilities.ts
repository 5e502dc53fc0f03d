import { buildOrganisation } from '../helpers.ts';
import { ACTORS, type ActorName, type Row, SIGNED_IN, type World } from './world.ts';

const KEEPERS: ActorName[] = ['editor', 'orgAdmin', 'platformAdmin'];
const WITH_A_ROLE = SIGNED_IN.filter((a) => a !== 'public');

/**
 * Open-day facilities: a facility run by A is kept by A's editors and admins (and platform
 * admins); anyone with a role lists their own and reads the figures in their reach; the portal's
 * pages are public. Another unit's admin sees nothing of A's facility (404).
 */
export function facilitiesTable(w: World): Row[] {
  let school: Promise<{ id: string }>;
  const aSchool = () => {
    school ??= buildOrganisation(w.admin, w.orgC.id, { type: 'SCHOOL', name: '矩阵合作学校' });
    return school;
  };
  async function facility(published = false) {
    const r = await w.admin.post<{ id: string }>('/api/facilities', {
      organisationId: w.orgA.id,
      kind: 'KEY_LAB',
      name: '矩阵实验室',
      published,
    });
    if (r.status !== 201) throw new Error(`facility: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  return [
    {
      name: 'GET /api/public/facilities',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/facilities' }),
    },
    {
      name: 'GET /api/public/facilities/:id',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/facilities/${await facility(true)}` }),
    },
    {
      name: 'GET /api/facilities',
      allowed: WITH_A_ROLE,
      make: async () => ({ method: 'GET', url: '/api/facilities' }),
    },
    {
      name: 'GET /api/facilities/partner-choices',
      allowed: WITH_A_ROLE,
      make: async () => ({ method: 'GET', url: '/api/facilities/partner-choices' }),
    },
    {
      name: 'GET /api/open-days/statistics',
      allowed: WITH_A_ROLE,
      make: async () => ({ method: 'GET', url: '/api/open-days/statistics' }),
    },
    {
      name: 'POST /api/facilities',
      allowed: KEEPERS,
      make: async () => ({
        method: 'POST',
        url: '/api/facilities',
        body: { organisationId: w.orgA.id, kind: 'FIELD_STATION', name: '矩阵观测站' },
      }),
    },
    {
      name: 'GET /api/facilities/:id',
      allowed: KEEPERS,
      make: async () => ({ method: 'GET', url: `/api/facilities/${await facility()}` }),
    },
    {
      name: 'PATCH /api/facilities/:id',
      allowed: KEEPERS,
      make: async () => ({
        method: 'PATCH',
        url: `/api/facilities/${await facility()}`,
        body: { summary: '矩阵' },
      }),
    },
    {
      name: 'PUT /api/facilities/:id/partners/:organisationId',
      allowed: KEEPERS,
      make: async () => ({
        method: 'PUT',
        url: `/api/facilities/${await facility()}/partners/${(await aSchool()).id}`,
        body: { note: '矩阵' },
      }),
    },
    {
      name: 'DELETE /api/facilities/:id/partners/:organisationId',
      allowed: KEEPERS,
      make: async () => {
        const id = await facility();
        const s = await aSchool();
        await w.admin.put(`/api/facilities/${id}/partners/${s.id}`, { note: '' });
        return { method: 'DELETE', url: `/api/facilities/${id}/partners/${s.id}` };
      },
    },
  ];
}
