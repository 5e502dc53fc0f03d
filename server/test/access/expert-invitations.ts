import { mintToken } from '#modules/experts/invitations.ts';
import { nowIso } from '#platform/ids.ts';
import { buildOrganisation } from '../helpers.ts';
import { ACTORS, type ActorName, type Row, SIGNED_IN, type World } from './world.ts';

const ADMINS_OF_A: ActorName[] = ['orgAdmin', 'platformAdmin'];
let n = 0;
const address = (actor: string) => `${actor.toLowerCase()}-${Date.now()}-${n++}@example.cn`;

/**
 * E-mail invitations to the expert directory: A's administrators (and the office) invite into A
 * and manage A's invitations, B's administrator only B's; the link's page is public and any
 * signed-in person may accept. Acceptances are into a unit D under A, and each actor's REVIEWER
 * role there is taken back before the next actor's call, so no later row sees it.
 */
export function expertInvitationsTable(w: World): Row[] {
  let unitD: Promise<{ id: string }> | undefined;
  const d = () => {
    unitD ??= buildOrganisation(w.admin, w.orgA.id, { name: '矩阵丁研究所' });
    return unitD;
  };
  async function invitation(organisationId = w.orgA.id) {
    const r = await w.admin.post<{ results: { invitationId: string }[] }>(
      '/api/experts/invitations',
      { organisationId, invitees: [{ email: address('fixture'), name: '矩阵受邀人' }] },
    );
    if (r.status !== 200) throw new Error(`invitation: ${JSON.stringify(r.body)}`);
    return r.body.results[0]!.invitationId;
  }
  async function token(organisationId?: string) {
    const id = await invitation(organisationId);
    const t = await mintToken(w.env.handle.db, id);
    if (!t) throw new Error('no token');
    return t;
  }
  /** Takes back what an earlier actor's acceptance gave (the role on D, D as a home). */
  async function undoAcceptances() {
    const db = w.env.handle.db;
    const unit = await d();
    await db
      .deleteFrom('roleGrants')
      .where('organisationId', '=', unit.id)
      .where('role', '=', 'REVIEWER')
      .execute();
    await db
      .updateTable('users')
      .set({ homeOrganisationId: null })
      .where('homeOrganisationId', '=', unit.id)
      .execute();
  }
  return [
    {
      name: 'POST /api/experts/invitations',
      allowed: ADMINS_OF_A,
      make: async (actor) => ({
        method: 'POST',
        url: '/api/experts/invitations',
        body: {
          organisationId: w.orgA.id,
          invitees: [{ email: address(actor), name: '矩阵专家' }],
        },
      }),
    },
    {
      name: 'POST /api/experts/invitations [into B]',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async (actor) => ({
        method: 'POST',
        url: '/api/experts/invitations',
        body: {
          organisationId: w.orgB.id,
          invitees: [{ email: address(actor), name: '矩阵专家' }],
        },
      }),
    },
    {
      name: 'GET /api/experts/invitations',
      allowed: ['orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/experts/invitations?status=PENDING' }),
    },
    {
      name: 'GET /api/experts/invitations [organisation A]',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'GET',
        url: `/api/experts/invitations?organisationId=${w.orgA.id}`,
      }),
    },
    {
      name: 'POST /api/experts/invitations/:id/revoke',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/experts/invitations/${await invitation()}/revoke`,
      }),
    },
    {
      name: 'POST /api/experts/invitations/:id/resend',
      allowed: ADMINS_OF_A,
      make: async () => {
        const id = await invitation();
        // The last mail an hour ago (a resend waits ten minutes).
        await w.env.handle.db
          .updateTable('expertInvitationSends')
          .set({ createdAt: nowIso(Date.now() - 3_600_000) })
          .where('invitationId', '=', id)
          .execute();
        return { method: 'POST', url: `/api/experts/invitations/${id}/resend` };
      },
    },
    {
      name: 'GET /api/public/expert-invitations/:token',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/expert-invitations/${await token()}`,
      }),
    },
    {
      name: 'POST /api/expert-invitations/:token/accept',
      allowed: SIGNED_IN,
      make: async () => {
        await undoAcceptances();
        const t = await token((await d()).id);
        return { method: 'POST', url: `/api/expert-invitations/${t}/accept` };
      },
    },
  ];
}
