import { buildOrganisation, uniqueName } from '../helpers.ts';
import { ADMINS_OF_A, type Row, SIGNED_IN, STAFF_OF_A, type World } from './world.ts';

/** The organisation tree, with a unit's kind and division code set from above. */
export function organisationsTable(w: World): Row[] {
  return [
    {
      name: 'GET /api/organisations',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/organisations' }),
    },
    {
      name: 'GET /api/organisations/:id',
      allowed: STAFF_OF_A,
      make: async () => ({ method: 'GET', url: `/api/organisations/${w.orgA.id}` }),
    },
    {
      // Names of the unit's people: its own people, not its reviewers or strangers.
      name: 'GET /api/organisations/:id/members',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/organisations/${w.orgA.id}/members` }),
    },
    {
      name: 'POST /api/organisations',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: '/api/organisations',
        body: { parentId: w.orgA.id, type: 'SCHOOL', name: uniqueName('学校') },
      }),
    },
    {
      name: 'PATCH /api/organisations/:id',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'PATCH',
        url: `/api/organisations/${(await buildOrganisation(w.admin, w.orgA.id)).id}`,
        body: { shortName: '简称' },
      }),
    },
    {
      name: 'POST /api/organisations/:id/move',
      allowed: ADMINS_OF_A,
      make: async () => {
        const target = await buildOrganisation(w.admin, w.orgA.id);
        const unit = await buildOrganisation(w.admin, w.orgA.id);
        return {
          method: 'POST',
          url: `/api/organisations/${unit.id}/move`,
          body: { parentId: target.id },
        };
      },
    },
    {
      name: 'POST /api/organisations/:id/deactivate',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/organisations/${(await buildOrganisation(w.admin, w.orgA.id)).id}/deactivate`,
        body: {},
      }),
    },
    {
      name: 'POST /api/organisations/:id/activate',
      allowed: ADMINS_OF_A,
      make: async () => {
        const unit = await buildOrganisation(w.admin, w.orgA.id);
        await w.admin.post(`/api/organisations/${unit.id}/deactivate`);
        return { method: 'POST', url: `/api/organisations/${unit.id}/activate`, body: {} };
      },
    },
    {
      // A unit's kind and division code are set from above: A's own admin may not.
      name: 'PATCH /api/organisations/:id (A’s own division code)',
      allowed: ['platformAdmin'],
      make: async () => {
        const a = await w.admin.get<{ divisionCode: string | null }>(
          `/api/organisations/${w.orgA.id}`,
        );
        return {
          method: 'PATCH',
          url: `/api/organisations/${w.orgA.id}`,
          body: { divisionCode: a.body.divisionCode === '110000' ? '120000' : '110000' },
        };
      },
    },
    {
      name: 'PATCH /api/organisations/:id (a child of A’s kind)',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'PATCH',
        url: `/api/organisations/${(await buildOrganisation(w.admin, w.orgA.id)).id}`,
        body: { type: 'SCHOOL' },
      }),
    },
    {
      name: 'GET /api/organisations/export',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/organisations/export' }),
    },
  ];
}
