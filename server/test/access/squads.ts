import { buildOrganisation, buildUserWithRole } from '../helpers.ts';
import { ACTORS, type ActorName, type Row, SIGNED_IN, TODAY, type World } from './world.ts';

const APPLY: ActorName[] = ['member', 'editor', 'orgAdmin', 'platformAdmin'];

/**
 * 李四光中队: A school under A (its teacher is the counsellor). Staff of A apply (the counsellor
 * must be the school's own staff); the squad is kept by the counsellor and the school's own
 * editors and admins — not by A above it — and its members (minors) are seen only by the
 * counsellor and the school's own admins. A is not a provincial department, so the office
 * (platform admins) decides; platform admins see the squad and its record, never the children.
 */
export function squadsTable(w: World): Row[] {
  let setup: Promise<{
    school: { id: string };
    teacher: { userId: string; agent: World['admin'] };
  }>;
  const world = () => {
    setup ??= (async () => {
      const school = await buildOrganisation(w.admin, w.orgA.id, {
        type: 'SCHOOL',
        name: '矩阵学校',
      });
      const teacher = await buildUserWithRole(w.env, w.admin, 'MEMBER', school.id);
      return { school, teacher };
    })();
    return setup;
  };
  async function squad(state: 'PENDING' | 'APPROVED' = 'APPROVED') {
    const { school, teacher } = await world();
    const r = await teacher.agent.post<{ id: string }>('/api/squads', {
      organisationId: school.id,
      name: '矩阵中队',
      counsellorPhone: '13800000000',
    });
    if (r.status !== 201) throw new Error(`squad: ${JSON.stringify(r.body)}`);
    if (state === 'APPROVED')
      await w.admin.post(`/api/squads/${r.body.id}/decision`, { approve: true });
    return r.body.id;
  }
  async function member() {
    const { teacher } = await world();
    const id = await squad();
    const r = await teacher.agent.post<{ id: string }>(`/api/squads/${id}/members`, {
      name: '矩阵队员',
      grade: 'P3',
      guardianName: '矩阵家长',
      guardianContact: '13900000000',
      guardianConsent: true,
    });
    return r.body.id;
  }
  async function activityRecord() {
    const { teacher } = await world();
    const id = await squad();
    const r = await teacher.agent.post<{ id: string }>(`/api/squads/${id}/activities`, {
      title: '矩阵活动',
      heldOn: TODAY,
      participants: 10,
    });
    return r.body.id;
  }
  const year = Number(TODAY.slice(0, 4));
  return [
    {
      name: 'GET /api/public/squads',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/squads' }),
    },
    {
      name: 'GET /api/squads/schools',
      allowed: SIGNED_IN.filter((a) => a !== 'public'),
      make: async () => ({ method: 'GET', url: '/api/squads/schools' }),
    },
    {
      name: 'GET /api/squads/counsellors',
      allowed: APPLY,
      make: async () => ({
        method: 'GET',
        url: `/api/squads/counsellors?organisationId=${(await world()).school.id}`,
      }),
    },
    {
      name: 'GET /api/squads',
      allowed: SIGNED_IN.filter((a) => a !== 'public'),
      make: async () => ({ method: 'GET', url: '/api/squads' }),
    },
    {
      name: 'POST /api/squads',
      allowed: APPLY,
      make: async () => {
        const { school, teacher } = await world();
        return {
          method: 'POST',
          url: '/api/squads',
          body: {
            organisationId: school.id,
            name: '矩阵申请中队',
            counsellorId: teacher.userId,
            counsellorPhone: '13800000000',
          },
        };
      },
    },
    {
      name: 'GET /api/squads/:id',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/squads/${await squad()}` }),
    },
    {
      name: 'PATCH /api/squads/:id',
      allowed: [],
      make: async () => ({
        method: 'PATCH',
        url: `/api/squads/${await squad()}`,
        body: { description: '矩阵' },
      }),
    },
    {
      name: 'POST /api/squads/:id/resubmit',
      allowed: [],
      make: async () => ({ method: 'POST', url: `/api/squads/${await squad('PENDING')}/resubmit` }),
    },
    {
      name: 'POST /api/squads/:id/decision',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/squads/${await squad('PENDING')}/decision`,
        body: { approve: true },
      }),
    },
    {
      name: 'POST /api/squads/:id/dissolve',
      allowed: [],
      make: async () => ({ method: 'POST', url: `/api/squads/${await squad()}/dissolve` }),
    },
    {
      name: 'GET /api/squads/:id/members',
      allowed: [],
      make: async () => ({ method: 'GET', url: `/api/squads/${await squad()}/members` }),
    },
    {
      name: 'POST /api/squads/:id/members',
      allowed: [],
      make: async () => ({
        method: 'POST',
        url: `/api/squads/${await squad()}/members`,
        body: {
          name: '矩阵队员',
          grade: 'P3',
          guardianName: '矩阵家长',
          guardianContact: '13900000000',
          guardianConsent: true,
        },
      }),
    },
    {
      name: 'POST /api/squad-members/:id/leave',
      allowed: [],
      make: async () => ({ method: 'POST', url: `/api/squad-members/${await member()}/leave` }),
    },
    {
      name: 'DELETE /api/squad-members/:id',
      allowed: [],
      make: async () => ({ method: 'DELETE', url: `/api/squad-members/${await member()}` }),
    },
    {
      name: 'GET /api/squads/:id/activities',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/squads/${await squad()}/activities` }),
    },
    {
      name: 'POST /api/squads/:id/activities',
      allowed: [],
      make: async () => ({
        method: 'POST',
        url: `/api/squads/${await squad()}/activities`,
        body: { title: '矩阵活动', heldOn: TODAY, participants: 5 },
      }),
    },
    {
      name: 'DELETE /api/squad-activities/:id',
      allowed: [],
      make: async () => ({
        method: 'DELETE',
        url: `/api/squad-activities/${await activityRecord()}`,
      }),
    },
    {
      name: 'GET /api/squads/:id/years/:year',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/squads/${await squad()}/years/${year}` }),
    },
    {
      name: 'PUT /api/squads/:id/years/:year',
      allowed: [],
      make: async () => ({
        method: 'PUT',
        url: `/api/squads/${await squad()}/years/${year}`,
        body: { summary: '矩阵总结' },
      }),
    },
  ];
}
