import { buildOrganisation, buildUserWithRole } from '../helpers.ts';
import { ACTORS, type Row, type World } from './world.ts';

const DIRECTORY = ['editor', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'] as const;

/**
 * The expert directory: experts keep their own profile; the office and units' administrators and
 * editors search it; an expert's unit (A, or a unit under B) verifies — A's admin may not verify
 * B's expert, nor B's admin A's. Public pages are open to all, for experts who consented.
 */
export function expertsTable(w: World): Row[] {
  let setup: Promise<{ inA: string; inB: string }>;
  const experts = () => {
    setup ??= (async () => {
      const underB = await buildOrganisation(w.admin, w.orgB.id, {
        type: 'RESEARCH_UNIT',
        name: '矩阵乙研究所',
      });
      const make = async (org: string) => {
        const u = await buildUserWithRole(w.env, w.admin, 'REVIEWER', org);
        const r = await u.agent.request('PUT', '/api/experts/me', {
          title: '研究员',
          rank: 'SENIOR',
          organisationId: org,
          publicProfile: true,
          publicFields: ['title'],
        });
        if (r.status !== 200) throw new Error(`profile: ${JSON.stringify(r.body)}`);
        return u.userId;
      };
      return { inA: await make(w.orgA.id), inB: await make(underB.id) };
    })();
    return setup;
  };
  return [
    {
      name: 'GET /api/experts',
      allowed: [...DIRECTORY],
      make: async () => ({ method: 'GET', url: '/api/experts?hazard=LANDSLIDE&region=430000' }),
    },
    {
      name: 'GET /api/experts/me',
      allowed: ['reviewer'],
      make: async () => ({ method: 'GET', url: '/api/experts/me' }),
    },
    {
      name: 'PUT /api/experts/me',
      allowed: ['reviewer'],
      make: async () => ({ method: 'PUT', url: '/api/experts/me', body: { sectors: ['GEOLOGY'] } }),
    },
    {
      name: 'GET /api/experts/:userId',
      allowed: [...DIRECTORY],
      make: async () => ({ method: 'GET', url: `/api/experts/${(await experts()).inA}` }),
    },
    {
      name: 'POST /api/experts/:userId/verification',
      allowed: ['orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/experts/${(await experts()).inA}/verification`,
        body: { verified: true },
      }),
    },
    {
      name: 'POST /api/experts/:userId/verification [an expert of a unit under B]',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/experts/${(await experts()).inB}/verification`,
        body: { verified: true },
      }),
    },
    {
      name: 'GET /api/public/experts',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/experts' }),
    },
    {
      name: 'GET /api/public/experts/:userId',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/experts/${(await experts()).inA}` }),
    },
  ];
}
