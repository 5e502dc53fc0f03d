import { ADULT, Agent, PASSWORD, uniqueName } from '../helpers.ts';
import { freshTotpCode } from '../totp-clock.ts';
import { ADMINS_OF_A, type Row, SIGNED_IN, type World } from './world.ts';

/** Accounts managed by admins, grants, invitations (cross-scope: platform admins, someone of B). */
export function usersTable(w: World): Row[] {
  /** A member of A, created by the platform admin (with their one grant). */
  async function userInA() {
    const username = uniqueName('t');
    const res = await w.admin.post<{ id: string; grants: { id: string }[] }>('/api/users', {
      username,
      password: PASSWORD,
      displayName: '目标用户',
      role: 'MEMBER',
      organisationId: w.orgA.id,
    });
    return res.body;
  }

  /** A platform administrator other than the matrix's own (a fresh one each time). */
  async function anotherPlatformAdmin() {
    const { createPlatformAdmin } = await import('#modules/accounts/service.ts');
    const u = await createPlatformAdmin(w.env.handle.db, w.env.handle.dialect, w.env.config, {
      username: uniqueName('pa'),
      password: PASSWORD,
    });
    return u.id;
  }

  /** A fresh member of the public, by username (nobody in the matrix). */
  async function strangerUsername() {
    const username = uniqueName('s');
    const res = await new Agent(w.env.app).post('/api/auth/register', {
      ...ADULT,
      username,
      password: PASSWORD,
      displayName: '路人',
    });
    if (res.status !== 201) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
    return username;
  }

  /** A pending invitation to A for a stranger. */
  async function invitationInA() {
    const res = await w.admin.post<{ id: string }>('/api/invitations', {
      username: await strangerUsername(),
      role: 'MEMBER',
      organisationId: w.orgA.id,
    });
    return res.body.id;
  }

  /** A member of A who set up TOTP. */
  async function userInAWithTotp() {
    const username = uniqueName('t');
    const res = await w.admin.post<{ id: string }>('/api/users', {
      username,
      password: PASSWORD,
      displayName: '目标用户',
      role: 'MEMBER',
      organisationId: w.orgA.id,
    });
    const agent = new Agent(w.env.app);
    await agent.login(username, PASSWORD);
    const setup = await agent.post<{ secret: string }>('/api/auth/totp/setup');
    await agent.post('/api/auth/totp/confirm', { code: await freshTotpCode(setup.body.secret) });
    return res.body.id;
  }

  return [
    {
      name: 'GET /api/users',
      allowed: ['orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/users' }),
    },
    {
      name: 'GET /api/users/:id (someone in A)',
      allowed: ADMINS_OF_A,
      make: async () => ({ method: 'GET', url: `/api/users/${(await userInA()).id}` }),
    },
    {
      name: 'GET /api/users/:id (self)',
      allowed: SIGNED_IN,
      make: async (a) => ({ method: 'GET', url: `/api/users/${w.ids[a] ?? (await userInA()).id}` }),
    },
    {
      name: 'POST /api/users',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: '/api/users',
        body: {
          username: uniqueName('n'),
          password: PASSWORD,
          displayName: '新用户',
          role: 'MEMBER',
          organisationId: w.orgA.id,
        },
      }),
    },
    {
      name: 'PATCH /api/users/:id',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'PATCH',
        url: `/api/users/${(await userInA()).id}`,
        body: { displayName: '改名' },
      }),
    },
    {
      name: 'POST /api/users/:id/grants',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/users/${(await userInA()).id}/grants`,
        body: { role: 'REVIEWER', organisationId: w.orgA.id },
      }),
    },
    {
      name: 'DELETE /api/users/:id/grants/:grantId',
      allowed: ADMINS_OF_A,
      make: async () => {
        const u = await userInA();
        return { method: 'DELETE', url: `/api/users/${u.id}/grants/${u.grants[0]!.id}` };
      },
    },
    {
      // Cross-scope: a platform administrator is managed by platform administrators only.
      name: 'GET /api/users/:id (a platform administrator)',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/users/${await anotherPlatformAdmin()}` }),
    },
    {
      name: 'PATCH /api/users/:id (a platform administrator)',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/users/${await anotherPlatformAdmin()}`,
        body: { status: 'DISABLED' },
      }),
    },
    {
      // A role in A handed to a platform administrator's id gives A's admin nothing.
      name: 'POST /api/users/:id/grants (a platform administrator, a role on A)',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/users/${await anotherPlatformAdmin()}/grants`,
        body: { role: 'MEMBER', organisationId: w.orgA.id },
      }),
    },
    {
      name: 'PATCH /api/users/:id (someone in B)',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/users/${await w.userInB()}`,
        body: { status: 'DISABLED' },
      }),
    },
    {
      // Someone of B joins A by invitation, never by A's admin granting a role.
      name: 'POST /api/users/:id/grants (someone in B, a role on A)',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/users/${await w.userInB()}/grants`,
        body: { role: 'MEMBER', organisationId: w.orgA.id },
      }),
    },
    {
      name: 'POST /api/users/:id/reset-link',
      allowed: ADMINS_OF_A,
      make: async () => ({ method: 'POST', url: `/api/users/${(await userInA()).id}/reset-link` }),
    },
    {
      name: 'POST /api/users/:id/temporary-password',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/users/${(await userInA()).id}/temporary-password`,
        body: { password: 'Temp-Passw0rd-2026' },
      }),
    },
    {
      name: 'POST /api/users/:id/unlock',
      allowed: ADMINS_OF_A,
      make: async () => ({ method: 'POST', url: `/api/users/${(await userInA()).id}/unlock` }),
    },
    {
      name: 'POST /api/users/:id/reset-totp',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/users/${await userInAWithTotp()}/reset-totp`,
        body: { reason: '手机丢失，本人电话确认' },
      }),
    },
    {
      name: 'GET /api/invitations',
      allowed: ['orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/invitations' }),
    },
    {
      name: 'POST /api/invitations',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: '/api/invitations',
        body: { username: await strangerUsername(), role: 'MEMBER', organisationId: w.orgA.id },
      }),
    },
    {
      name: 'DELETE /api/invitations/:id',
      allowed: ADMINS_OF_A,
      make: async () => ({ method: 'DELETE', url: `/api/invitations/${await invitationInA()}` }),
    },
    {
      name: 'GET /api/me/invitations',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/invitations' }),
    },
    {
      // Someone else's invitation: nobody but the invitee may settle it.
      name: 'POST /api/me/invitations/:id/accept',
      allowed: [],
      make: async () => ({
        method: 'POST',
        url: `/api/me/invitations/${await invitationInA()}/accept`,
      }),
    },
    {
      name: 'POST /api/me/invitations/:id/decline',
      allowed: [],
      make: async () => ({
        method: 'POST',
        url: `/api/me/invitations/${await invitationInA()}/decline`,
      }),
    },
    {
      name: 'GET /api/users/export',
      allowed: ['orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/users/export' }),
    },
  ];
}
