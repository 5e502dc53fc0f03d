import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.ts';
import { enqueue } from '../src/platform/jobs/runner.ts';
import { observePolicyChecks, type Role, type RoutePolicy } from '../src/platform/policy.ts';
import {
  ADULT,
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
  uniqueName,
} from './helpers.ts';
import { pdf, png } from './media-fixtures.ts';
import { freshTotpCode } from './totp-clock.ts';

/** A legacy-bases workbook with the header row only. */
async function emptyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('基地').addRow(['名称', '依托单位', '原体系']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Role × route × owner: every actor against every route of the foundation, on a target inside
 * organisation A's subtree. An allowed call answers 2xx; a refused one 401 (anonymous) or 403/404.
 */
const ACTORS = [
  'anonymous',
  'public',
  'member',
  'editor',
  'reviewer',
  'orgAdmin',
  'foreignOrgAdmin',
  'platformAdmin',
] as const;
type ActorName = (typeof ACTORS)[number];
const STAFF_OF_A: ActorName[] = ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'];
const SIGNED_IN: ActorName[] = ACTORS.filter((a) => a !== 'anonymous');
const ADMINS_OF_A: ActorName[] = ['orgAdmin', 'platformAdmin'];

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** Raw bytes for an upload (POST as application/octet-stream). */
  upload?: Buffer;
}

describe.each(DIALECTS)('access matrix on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgA: { id: string };
  let orgB: { id: string };
  let divisionSeq = 1;
  let fixtureReviewer: Agent;
  const agents = {} as Record<ActorName, Agent>;
  /** Every policy check of the request under test (observed), to compare with its declaration. */
  const decisions: { action: string; allowed: boolean }[] = [];
  const ids = {} as Record<ActorName, string>;

  async function userInA() {
    const username = uniqueName('t');
    const res = await admin.post<{ id: string; grants: { id: string }[] }>('/api/users', {
      username,
      password: PASSWORD,
      displayName: '目标用户',
      role: 'MEMBER',
      organisationId: orgA.id,
    });
    return res.body;
  }

  /** An unread notification in someone's inbox. */
  async function notificationFor(userId: string) {
    const id = newId();
    await env.handle.db
      .insertInto('notifications')
      .values({
        id,
        userId,
        kind: 'work.checked',
        title: '矩阵通知',
        body: '',
        link: null,
        createdAt: new Date().toISOString(),
        readAt: null,
        emailState: null,
        emailedAt: null,
      })
      .execute();
    return id;
  }

  /** A platform administrator other than the matrix's own (a fresh one each time). */
  async function anotherPlatformAdmin() {
    const { createPlatformAdmin } = await import('../src/modules/accounts/service.ts');
    const u = await createPlatformAdmin(env.handle.db, env.handle.dialect, env.config, {
      username: uniqueName('pa'),
      password: PASSWORD,
    });
    return u.id;
  }

  /** A member of B, created by the platform admin. */
  async function userInB() {
    const res = await admin.post<{ id: string }>('/api/users', {
      username: uniqueName('b'),
      password: PASSWORD,
      displayName: '乙单位成员',
      role: 'MEMBER',
      organisationId: orgB.id,
    });
    return res.body.id;
  }

  /** A fresh member of the public, by username (nobody in the matrix). */
  async function strangerUsername() {
    const username = uniqueName('s');
    const res = await new Agent(env.app).post('/api/auth/register', {
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
    const res = await admin.post<{ id: string }>('/api/invitations', {
      username: await strangerUsername(),
      role: 'MEMBER',
      organisationId: orgA.id,
    });
    return res.body.id;
  }

  /** A member of A who set up TOTP. */
  async function userInAWithTotp() {
    const username = uniqueName('t');
    const res = await admin.post<{ id: string }>('/api/users', {
      username,
      password: PASSWORD,
      displayName: '目标用户',
      role: 'MEMBER',
      organisationId: orgA.id,
    });
    const agent = new Agent(env.app);
    await agent.login(username, PASSWORD);
    const setup = await agent.post<{ secret: string }>('/api/auth/totp/setup');
    await agent.post('/api/auth/totp/confirm', { code: await freshTotpCode(setup.body.secret) });
    return res.body.id;
  }

  const ROUTES: {
    name: string;
    allowed: ActorName[];
    make: (actor: ActorName) => Promise<Call>;
  }[] = [
    {
      name: 'GET /api/health',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/health' }),
    },
    {
      name: 'GET /api/setup',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/setup' }),
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
      name: 'GET /api/me/todos',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/todos' }),
    },
    {
      name: 'GET /api/me/notifications',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/notifications' }),
    },
    {
      name: 'GET /api/me/notifications/unread',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/notifications/unread' }),
    },
    {
      name: 'POST /api/me/notifications/:id/read',
      allowed: SIGNED_IN,
      make: async (a) => ({
        method: 'POST',
        url: `/api/me/notifications/${await notificationFor(ids[a] ?? ids.member)}/read`,
      }),
    },
    {
      // Someone else's notification is nobody's to mark, not even a platform administrator's.
      name: 'POST /api/me/notifications/:id/read (another person’s)',
      allowed: [],
      make: async () => ({
        method: 'POST',
        url: `/api/me/notifications/${await notificationFor(await userInB())}/read`,
      }),
    },
    {
      name: 'POST /api/me/notifications/read-all',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'POST', url: '/api/me/notifications/read-all' }),
    },
    {
      name: 'GET /api/me/notification-prefs',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/notification-prefs' }),
    },
    {
      name: 'PUT /api/me/notification-prefs',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'PUT',
        url: '/api/me/notification-prefs',
        body: { kinds: [{ kind: 'work.checked', email: false }] },
      }),
    },
    {
      name: 'PATCH /api/me',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'PATCH', url: '/api/me', body: { locale: 'zh-CN' } }),
    },
    {
      name: 'GET /api/organisations',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/organisations' }),
    },
    {
      name: 'GET /api/organisations/:id',
      allowed: STAFF_OF_A,
      make: async () => ({ method: 'GET', url: `/api/organisations/${orgA.id}` }),
    },
    {
      // Names of the unit's people: its own people, not its reviewers or strangers.
      name: 'GET /api/organisations/:id/members',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/organisations/${orgA.id}/members` }),
    },
    {
      name: 'POST /api/organisations',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'POST',
        url: '/api/organisations',
        body: { parentId: orgA.id, type: 'SCHOOL', name: uniqueName('学校') },
      }),
    },
    {
      name: 'PATCH /api/organisations/:id',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'PATCH',
        url: `/api/organisations/${(await buildOrganisation(admin, orgA.id)).id}`,
        body: { shortName: '简称' },
      }),
    },
    {
      name: 'POST /api/organisations/:id/move',
      allowed: ADMINS_OF_A,
      make: async () => {
        const target = await buildOrganisation(admin, orgA.id);
        const unit = await buildOrganisation(admin, orgA.id);
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
        url: `/api/organisations/${(await buildOrganisation(admin, orgA.id)).id}/deactivate`,
        body: {},
      }),
    },
    {
      name: 'POST /api/organisations/:id/activate',
      allowed: ADMINS_OF_A,
      make: async () => {
        const unit = await buildOrganisation(admin, orgA.id);
        await admin.post(`/api/organisations/${unit.id}/deactivate`);
        return { method: 'POST', url: `/api/organisations/${unit.id}/activate`, body: {} };
      },
    },
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
      make: async (a) => ({ method: 'GET', url: `/api/users/${ids[a] ?? (await userInA()).id}` }),
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
          organisationId: orgA.id,
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
        body: { role: 'REVIEWER', organisationId: orgA.id },
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
        body: { role: 'MEMBER', organisationId: orgA.id },
      }),
    },
    {
      name: 'PATCH /api/users/:id (someone in B)',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/users/${await userInB()}`,
        body: { status: 'DISABLED' },
      }),
    },
    {
      // Someone of B joins A by invitation, never by A's admin granting a role.
      name: 'POST /api/users/:id/grants (someone in B, a role on A)',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/users/${await userInB()}/grants`,
        body: { role: 'MEMBER', organisationId: orgA.id },
      }),
    },
    {
      // A unit's kind and division code are set from above: A's own admin may not.
      name: 'PATCH /api/organisations/:id (A’s own division code)',
      allowed: ['platformAdmin'],
      make: async () => {
        const a = await admin.get<{ divisionCode: string | null }>(`/api/organisations/${orgA.id}`);
        return {
          method: 'PATCH',
          url: `/api/organisations/${orgA.id}`,
          body: { divisionCode: a.body.divisionCode === '110000' ? '120000' : '110000' },
        };
      },
    },
    {
      name: 'PATCH /api/organisations/:id (a child of A’s kind)',
      allowed: ADMINS_OF_A,
      make: async () => ({
        method: 'PATCH',
        url: `/api/organisations/${(await buildOrganisation(admin, orgA.id)).id}`,
        body: { type: 'SCHOOL' },
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
        body: { username: await strangerUsername(), role: 'MEMBER', organisationId: orgA.id },
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
        const p = await admin.get<{ version: number }>('/api/policies/PRIVACY');
        const t = await admin.get<{ version: number }>('/api/policies/TERMS');
        return {
          method: 'POST',
          url: '/api/me/consents',
          body: { privacyVersion: p.body.version, termsVersion: t.body.version },
        };
      },
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
    {
      name: 'GET /api/reference/:kind',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/reference/TOPIC' }),
    },
    {
      name: 'GET /api/reference/:kind/export',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/reference/TOPIC/export' }),
    },
    {
      name: 'POST /api/reference/:kind',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/reference/AUDIENCE',
        body: {
          code: uniqueName('X')
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, ''),
          nameZh: '新受众',
          nameEn: 'New',
        },
      }),
    },
    {
      name: 'PATCH /api/reference/:kind/:code',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: '/api/reference/SECTOR/LAND',
        body: { sort: 10 },
      }),
    },
    {
      name: 'GET /api/divisions',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/divisions' }),
    },
    {
      name: 'POST /api/divisions',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/divisions',
        body: { code: String(410180 + divisionSeq++), name: '测试区', parentCode: '410100' },
      }),
    },
    {
      name: 'PATCH /api/divisions/:code',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: '/api/divisions/410100',
        body: { name: '郑州市' },
      }),
    },
    {
      name: 'GET /api/search',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/search?q=地质' }),
    },
    {
      name: 'GET /api/search/terms',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/search/terms' }),
    },
    {
      name: 'GET /api/search/terms/export',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/search/terms/export' }),
    },
    {
      name: 'POST /api/search/terms',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/search/terms',
        body: { kind: 'WORD', term: uniqueName('词') },
      }),
    },
    {
      name: 'PATCH /api/search/terms/:id',
      allowed: ['platformAdmin'],
      make: async () => {
        const t = await admin.post<{ id: string }>('/api/search/terms', {
          kind: 'WORD',
          term: uniqueName('词'),
        });
        return { method: 'PATCH', url: `/api/search/terms/${t.body.id}`, body: { active: false } };
      },
    },
    {
      name: 'GET /api/search/zero-results',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/search/zero-results' }),
    },
    {
      name: 'POST /api/search/reindex',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'POST', url: '/api/search/reindex', body: {} }),
    },
    {
      name: 'GET /api/works/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/works/export' }),
    },
    {
      name: 'GET /api/organisations/export',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/organisations/export' }),
    },
    {
      name: 'GET /api/users/export',
      allowed: ['orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/users/export' }),
    },
    {
      name: 'GET /api/works',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/works' }),
    },
    {
      name: 'POST /api/works',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/works',
        body: { organisationId: orgA.id, type: 'VIDEO', title: '矩阵作品' },
      }),
    },
    {
      name: 'GET /api/works/:id',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/works/${(await draftInA()).id}` }),
    },
    {
      name: 'PATCH /api/works/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/works/${(await draftInA()).id}`,
        body: { summary: '改' },
      }),
    },
    {
      name: 'PATCH /api/works/:id (own draft)',
      allowed: SIGNED_IN.filter(
        (a) => a !== 'public' && a !== 'foreignOrgAdmin' && a !== 'reviewer',
      ),
      make: async (a) => ({
        method: 'PATCH',
        url: `/api/works/${(await draftInA(a)).id}`,
        body: { summary: '改' },
      }),
    },
    {
      name: 'POST /api/works/:id/submit',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await draftInA()).id}/submit`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/recall',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await workInA('SUBMITTED')).id}/recall`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/check',
      allowed: ['reviewer', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await workInA('SUBMITTED')).id}/check`,
        body: { decision: 'PASSED' },
      }),
    },
    {
      name: 'POST /api/works/:id/publish',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await workInA('CHECKED')).id}/publish`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/withdraw',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await workInA('PUBLISHED')).id}/withdraw`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/archive',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await workInA('PUBLISHED')).id}/archive`,
        body: {},
      }),
    },
    {
      name: 'GET /api/works/:id/versions',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/works/${(await draftInA()).id}/versions` }),
    },
    {
      name: 'GET /api/works/:id/versions/:version',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/works/${(await draftInA()).id}/versions/1` }),
    },
    {
      name: 'GET /api/works/:id/diff',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/works/${(await draftInA()).id}/diff?from=1&to=1`,
      }),
    },
    {
      name: 'GET /api/public/works/:id',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/works/${(await workInA('PUBLISHED')).id}`,
      }),
    },
    {
      name: 'GET /api/media',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/media' }),
    },
    {
      name: 'GET /api/media/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/media/export' }),
    },
    {
      name: 'POST /api/media',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/media?organisationId=${orgA.id}&name=matrix.png`,
        upload: await png(),
      }),
    },
    {
      name: 'GET /api/media/:id',
      allowed: STAFF_OF_A,
      make: async () => ({ method: 'GET', url: `/api/media/${(await mediaInA()).id}` }),
    },
    {
      name: 'PATCH /api/media/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/media/${(await mediaInA()).id}`,
        body: { alt: '矩阵' },
      }),
    },
    {
      name: 'DELETE /api/media/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'DELETE', url: `/api/media/${(await mediaInA()).id}` }),
    },
    {
      name: 'GET /api/media/:id/:variant',
      allowed: STAFF_OF_A,
      make: async () => ({ method: 'GET', url: `/api/media/${(await mediaInA()).id}/thumb` }),
    },
    {
      name: 'GET /api/media/:id/:variant (used by a published work)',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: (await publishedCoverInA()).thumbUrl }),
    },
    // An application's attachments follow the review relation (cross-scope): C applies to a call
    // organised by A, A's reviewer is assigned — A's staff and that reviewer read, A's members
    // (not the organiser's staff), B and the public do not.
    {
      name: 'GET /api/media/:id/:variant (PDF of C’s application, organised by A, reviewed by A’s reviewer)',
      allowed: ['editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: (await attachmentOfC('UNDER_REVIEW')).pdf.url }),
    },
    {
      name: 'GET /api/media/:id/:variant (photo of C’s application, organised by A, reviewed by A’s reviewer)',
      allowed: ['editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: (await attachmentOfC('UNDER_REVIEW')).photo.thumbUrl!,
      }),
    },
    {
      name: 'GET /api/media/:id (photo of C’s application, organised by A, reviewed by A’s reviewer)',
      allowed: ['editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/media/${(await attachmentOfC('UNDER_REVIEW')).photo.id}`,
      }),
    },
    {
      // Before it reaches review: A's reviewer is nobody to it yet.
      name: 'GET /api/media/:id/:variant (PDF of C’s application, organised by A, not yet assigned)',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: (await attachmentOfC('FORMAL_PASSED')).pdf.url }),
    },
    {
      // A's reviewer stepped aside: no longer.
      name: 'GET /api/media/:id/:variant (PDF of C’s application, A’s reviewer recused)',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => {
        const a = await attachmentOfC('UNDER_REVIEW');
        const mine = await agents.reviewer.get<{ id: string; itemId: string }[]>(
          '/api/my/review-assignments',
        );
        const own = mine.body.find((x) => x.itemId === a.itemId)!;
        await agents.reviewer.post(`/api/review-assignments/${own.id}/recuse`, { reason: '矩阵' });
        return { method: 'GET', url: a.pdf.url };
      },
    },
    {
      // A applies to B's call: A's side and B's staff read. A's reviewer reads its own unit's
      // files (as for science checks of works), though never assigned to A's application.
      name: 'GET /api/media/:id/:variant (PDF of A’s application, organised by B)',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: (await attachmentOfA()).pdf.url }),
    },
    {
      name: 'GET /api/collections',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/collections' }),
    },
    {
      name: 'GET /api/collections/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/collections/export' }),
    },
    {
      name: 'POST /api/collections',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/collections',
        body: { organisationId: orgA.id, kind: 'TOPIC', title: '矩阵专题' },
      }),
    },
    {
      name: 'GET /api/collections/:id',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/collections/${await collectionInA('DRAFT')}`,
      }),
    },
    {
      name: 'PATCH /api/collections/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/collections/${await collectionInA('DRAFT')}`,
        body: { featured: true },
      }),
    },
    {
      name: 'PUT /api/collections/:id/items',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PUT',
        url: `/api/collections/${await collectionInA('DRAFT')}/items`,
        body: { items: [{ workId: (await workInA('PUBLISHED')).id }] },
      }),
    },
    {
      name: 'POST /api/collections/:id/publish',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/collections/${await collectionInA('DRAFT')}/publish`,
      }),
    },
    {
      name: 'POST /api/collections/:id/unpublish',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/collections/${await collectionInA('PUBLISHED')}/unpublish`,
      }),
    },
    {
      name: 'POST /api/collections/:id/archive',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/collections/${await collectionInA('DRAFT')}/archive`,
      }),
    },
    {
      name: 'GET /api/public/collections',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/collections' }),
    },
    {
      name: 'GET /api/public/collections/:id',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/collections/${await collectionInA('PUBLISHED')}`,
      }),
    },
    {
      name: 'GET /api/public/channel',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/channel' }),
    },
    {
      name: 'GET /api/review-subjects',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/review-subjects' }),
    },
    {
      name: 'GET /api/review-calls',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/review-calls' }),
    },
    {
      name: 'GET /api/review-calls/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/review-calls/export' }),
    },
    {
      name: 'POST /api/review-calls',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'POST', url: '/api/review-calls', body: callBody() }),
    },
    {
      name: 'GET /api/review-calls/:id',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await openCall()}` }),
    },
    {
      name: 'PATCH /api/review-calls/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/review-calls/${await draftCall()}`,
        body: { title: '矩阵征集（改）' },
      }),
    },
    {
      name: 'POST /api/review-calls/:id/open',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/review-calls/${await draftCall()}/open` }),
    },
    {
      name: 'POST /api/review-calls/:id/close',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/review-calls/${await openCall()}/close` }),
    },
    {
      name: 'GET /api/review-calls/:id/ranking',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await openCall()}/ranking` }),
    },
    {
      name: 'POST /api/review-calls/:id/auto-assign',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-calls/${await openCall()}/auto-assign`,
      }),
    },
    {
      name: 'POST /api/review-calls/:id/rounds/close',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-calls/${await openCall()}/rounds/close`,
      }),
    },
    {
      name: 'POST /api/review-calls/:id/rounds/next',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => {
        const it = await itemAt('REVIEWED');
        return {
          method: 'POST',
          url: `/api/review-calls/${it.callId}/rounds/next`,
          body: { itemIds: [it.id] },
        };
      },
    },
    {
      name: 'POST /api/review-calls/:id/notices',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => {
        const it = await itemAt('ACCEPTED');
        return {
          method: 'POST',
          url: `/api/review-calls/${it.callId}/notices`,
          body: { title: '矩阵公示', startsAt: TODAY, endsAt: TODAY, itemIds: [it.id] },
        };
      },
    },
    {
      name: 'GET /api/review-calls/:id/notices',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await openCall()}/notices` }),
    },
    {
      name: 'GET /api/review-calls/:id/export',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-calls/${await openCall()}/export` }),
    },
    {
      name: 'POST /api/review-calls/:id/items',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-calls/${await openCall()}/items`,
        body: { organisationId: orgA.id, title: '矩阵申报' },
      }),
    },
    {
      name: 'GET /api/review-items',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/review-items' }),
    },
    {
      name: 'GET /api/review-items/:id',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/review-items/${(await itemOfA()).id}` }),
    },
    {
      name: 'GET /api/review-items/:id (assigned reviewer)',
      allowed: ['reviewer', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-items/${(await itemAt('UNDER_REVIEW')).id}`,
      }),
    },
    {
      name: 'PATCH /api/review-items/:id',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/review-items/${(await itemOfA()).id}`,
        body: { title: '矩阵申报（改）' },
      }),
    },
    {
      name: 'POST /api/review-items/:id/submit',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await itemOfA()).id}/submit`,
      }),
    },
    {
      name: 'POST /api/review-items/:id/recommend',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await itemAt('SUBMITTED')).id}/recommend`,
        body: { recommend: true },
      }),
    },
    {
      name: 'POST /api/review-items/:id/formal-check',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await itemAt('RECOMMENDED')).id}/formal-check`,
        body: { passed: true },
      }),
    },
    {
      name: 'POST /api/review-items/:id/decide',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await itemAt('REVIEWED')).id}/decide`,
        body: { decision: 'ACCEPT', reason: '矩阵' },
      }),
    },
    {
      name: 'GET /api/review-items/:id/review',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-items/${(await itemAt('SUBMITTED')).id}/review`,
      }),
    },
    {
      name: 'POST /api/review-items/:id/assignments',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-items/${(await itemAt('FORMAL_PASSED')).id}/assignments`,
        body: { reviewerId: ids.reviewer },
      }),
    },
    {
      name: 'GET /api/my/review-assignments',
      allowed: ['reviewer', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/my/review-assignments' }),
    },
    {
      name: 'GET /api/review-assignments/:id',
      allowed: ['reviewer'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-assignments/${await assignmentOfReviewer()}`,
      }),
    },
    {
      name: 'POST /api/review-assignments/:id/score',
      allowed: ['reviewer'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-assignments/${await assignmentOfReviewer()}/score`,
        body: { scores: { content: 80 } },
      }),
    },
    {
      name: 'POST /api/review-assignments/:id/recuse',
      allowed: ['reviewer'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-assignments/${await assignmentOfReviewer()}/recuse`,
        body: { reason: '矩阵回避' },
      }),
    },
    {
      name: 'GET /api/experts',
      allowed: ['editor', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/experts' }),
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
      name: 'GET /api/review-notices/:id/objections',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/review-notices/${(await noticeWithObjection()).noticeId}/objections`,
      }),
    },
    {
      name: 'POST /api/review-objections/:id/handle',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-objections/${(await noticeWithObjection()).objectionId}/handle`,
        body: { handling: '已核实', outcome: 'DISMISSED' },
      }),
    },
    {
      name: 'POST /api/review-notices/:id/close',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/review-notices/${await quietNotice()}/close`,
      }),
    },
    {
      name: 'GET /api/public/review-notices',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/review-notices' }),
    },
    {
      name: 'GET /api/public/review-notices/:id',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/review-notices/${await quietNotice()}`,
      }),
    },
    {
      name: 'POST /api/public/review-notices/:id/objections',
      allowed: [...ACTORS],
      make: async () => {
        const n = await sharedNotice();
        return {
          method: 'POST',
          url: `/api/public/review-notices/${n.noticeId}/objections`,
          body: {
            itemId: n.itemId,
            name: '矩阵',
            contact: '13800000000',
            text: '矩阵测试的异议内容，足够长。',
          },
        };
      },
    },
    {
      name: 'POST /api/bases/naming',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => {
        const it = await confirmedBaseApplication();
        return {
          method: 'POST',
          url: '/api/bases/naming',
          body: {
            callId: it.callId,
            itemIds: [it.id],
            tier: 'MINISTRY',
            docNo: '矩阵文号',
            namedAt: TODAY,
          },
        };
      },
    },
    {
      name: 'POST /api/bases/import-legacy',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/bases/import-legacy?organisationId=${orgB.id}`,
        upload: await emptyWorkbook(),
      }),
    },
    {
      name: 'POST /api/bases/:id/cooperations',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/bases/${await baseOfA()}/cooperations`,
        body: {
          partnerBaseId: await baseOfA(),
          kind: 'JOINT_ACTIVITY',
          title: '矩阵合作',
          startedOn: TODAY,
        },
      }),
    },
    {
      name: 'GET /api/public/bases/:id/cooperations',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/bases/${await baseOfA()}/cooperations`,
      }),
    },
    {
      name: 'GET /api/bases',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/bases' }),
    },
    {
      name: 'GET /api/bases/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/bases/export' }),
    },
    {
      name: 'GET /api/bases/:id',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: `/api/bases/${await baseOfA()}` }),
    },
    {
      name: 'PATCH /api/bases/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/bases/${await baseOfA()}`,
        body: { openingHours: '矩阵开放时间' },
      }),
    },
    {
      name: 'POST /api/bases/:id/status',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/bases/${await baseOfA()}/status`,
        body: { to: 'RECTIFICATION', note: '矩阵整改', rectifyBy: '2099-01-01' },
      }),
    },
    {
      name: 'GET /api/public/bases',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/bases' }),
    },
    {
      name: 'GET /api/public/bases/stats',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/bases/stats' }),
    },
    {
      name: 'GET /api/public/bases/:id',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/bases/${await baseOfA()}` }),
    },
    {
      name: 'GET /api/audit',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/audit' }),
    },
    {
      name: 'GET /api/audit/export',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/audit/export?from=2000-01-01&to=2000-01-01' }),
    },
    {
      name: 'GET /api/audit/verify',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/audit/verify' }),
    },
    {
      name: 'GET /api/admin/jobs',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/admin/jobs?state=FAILED' }),
    },
    {
      name: 'POST /api/admin/jobs/:id/run',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/admin/jobs/${await jobIn('QUEUED')}/run` }),
    },
    {
      name: 'POST /api/admin/jobs/:id/retry',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/admin/jobs/${await jobIn('FAILED')}/retry` }),
    },
  ];

  /** A retention job waiting for tomorrow, or one that failed (each actor gets its own). */
  async function jobIn(state: 'QUEUED' | 'FAILED') {
    const { id } = await enqueue(env.handle.db, 'accounts.retention', null, {
      runAt: new Date(Date.now() + 86_400_000),
    });
    if (state === 'FAILED')
      await env.handle.db
        .updateTable('jobs')
        .set({ state: 'FAILED', attempts: 3, lastError: 'Error: matrix' })
        .where('id', '=', id)
        .execute();
    return id;
  }

  /** A draft in A, created by `author` (the actor itself, when it may create works there). */
  async function draftInA(author?: ActorName) {
    const creatorAgent =
      author && ['member', 'editor', 'orgAdmin', 'platformAdmin'].includes(author)
        ? agents[author]
        : admin;
    const res = await creatorAgent.post<{ id: string }>('/api/works', {
      organisationId: orgA.id,
      type: 'GRAPHIC',
      title: '矩阵草稿',
    });
    if (res.status !== 201) throw new Error(`draft: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  // ——— Review engine fixtures: calls organised by A; applications of C (no conflict with A's reviewer). ———
  const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  let orgC: { id: string };
  let objectionIp = 1;
  const callBody = () => ({
    subjectKind: 'GENERAL',
    organisationId: orgA.id,
    title: '矩阵征集',
    opensAt: TODAY,
    closesAt: '2099-12-31',
    form: { fields: [], attachments: [] },
    rubric: [{ key: 'content', label: '内容', weight: 1, min: 0, max: 100 }],
    stages: ['RECOMMENDATION', 'FORMAL_CHECK', 'EXPERT_REVIEW', 'DECISION', 'PUBLIC_NOTICE'].map(
      (kind) => ({ kind }),
    ),
    reviewersPerItem: 1,
  });
  async function draftCall(extra: Record<string, unknown> = {}) {
    const r = await admin.post<{ id: string }>('/api/review-calls', { ...callBody(), ...extra });
    if (r.status !== 201) throw new Error(`call: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }
  async function openCall(extra: Record<string, unknown> = {}) {
    const id = await draftCall(extra);
    await admin.post(`/api/review-calls/${id}/open`);
    return id;
  }
  /** A draft application of A (the matrix actors of A are its applicants). */
  async function itemOfA() {
    const r = await admin.post<{ id: string; callId: string }>(
      `/api/review-calls/${await openCall()}/items`,
      {
        organisationId: orgA.id,
        title: '矩阵申报',
      },
    );
    if (r.status !== 201) throw new Error(`item: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  const STEPS = [
    'SUBMITTED',
    'RECOMMENDED',
    'FORMAL_PASSED',
    'UNDER_REVIEW',
    'REVIEWED',
    'ACCEPTED',
  ] as const;
  /** An application of C brought to `status` by the fixture admin (reviewed by A's reviewer). */
  async function itemAt(
    status: (typeof STEPS)[number],
    withFiles?: { form: unknown; attachments: Record<string, string[]> },
  ) {
    const callId = await openCall(withFiles ? { form: withFiles.form } : {});
    const r = await admin.post<{ id: string }>(`/api/review-calls/${callId}/items`, {
      organisationId: orgC.id,
      title: '矩阵申报',
      ...(withFiles ? { attachments: withFiles.attachments } : {}),
    });
    const id = r.body.id;
    const step = async (res: Promise<{ status: number; body: unknown }>) => {
      const x = await res;
      if (x.status >= 300) throw new Error(`step: ${JSON.stringify(x.body)}`);
      return x;
    };
    const reach = (s: (typeof STEPS)[number]) => STEPS.indexOf(status) >= STEPS.indexOf(s);
    await step(admin.post(`/api/review-items/${id}/submit`));
    if (reach('RECOMMENDED'))
      await step(admin.post(`/api/review-items/${id}/recommend`, { recommend: true }));
    if (reach('FORMAL_PASSED'))
      await step(admin.post(`/api/review-items/${id}/formal-check`, { passed: true }));
    if (reach('UNDER_REVIEW'))
      await step(admin.post(`/api/review-items/${id}/assignments`, { reviewerId: ids.reviewer }));
    if (reach('REVIEWED')) {
      const mine = await agents.reviewer.get<{ id: string; itemId: string }[]>(
        '/api/my/review-assignments',
      );
      const a = mine.body.find((x) => x.itemId === id)!;
      await step(
        agents.reviewer.post(`/api/review-assignments/${a.id}/score`, { scores: { content: 80 } }),
      );
      await step(admin.post(`/api/review-calls/${callId}/rounds/close`));
    }
    if (reach('ACCEPTED'))
      await step(
        admin.post(`/api/review-items/${id}/decide`, { decision: 'ACCEPT', reason: '矩阵' }),
      );
    return { id, callId };
  }
  async function assignmentOfReviewer() {
    const it = await itemAt('UNDER_REVIEW');
    const mine = await agents.reviewer.get<{ id: string; itemId: string }[]>(
      '/api/my/review-assignments',
    );
    return mine.body.find((x) => x.itemId === it.id)!.id;
  }
  async function notice() {
    const it = await itemAt('ACCEPTED');
    const n = await admin.post<{ id: string }>(`/api/review-calls/${it.callId}/notices`, {
      title: '矩阵公示',
      startsAt: TODAY,
      endsAt: TODAY,
      itemIds: [it.id],
    });
    return { noticeId: n.body.id, itemId: it.id };
  }
  const quietNotice = async () => (await notice()).noticeId;
  let shared: { noticeId: string; itemId: string } | null = null;
  async function sharedNotice() {
    shared ??= await notice();
    return shared;
  }
  async function noticeWithObjection() {
    const n = await notice();
    const visitor = new Agent(env.app, `10.9.0.${objectionIp++}`);
    const o = await visitor.post<{ id: string }>(
      `/api/public/review-notices/${n.noticeId}/objections`,
      {
        itemId: n.itemId,
        name: '矩阵访客',
        contact: '13800000000',
        text: '矩阵测试的异议内容，足够长。',
      },
    );
    return { noticeId: n.noticeId, objectionId: o.body.id };
  }

  /** A base-naming application of A (the host), organised by B, confirmed through 公示. */
  async function confirmedBaseApplication() {
    const call = await admin.post<{ id: string }>('/api/review-calls', {
      ...callBody(),
      subjectKind: 'BASE',
      organisationId: orgB.id,
      stages: [{ kind: 'DECISION' }, { kind: 'PUBLIC_NOTICE' }],
      rubric: [],
    });
    await admin.post(`/api/review-calls/${call.body.id}/open`);
    const it = await admin.post<{ id: string }>(`/api/review-calls/${call.body.id}/items`, {
      organisationId: orgA.id,
      title: '矩阵基地',
    });
    await admin.post(`/api/review-items/${it.body.id}/submit`);
    await admin.post(`/api/review-items/${it.body.id}/decide`, {
      decision: 'ACCEPT',
      reason: '矩阵',
    });
    const n = await admin.post<{ id: string }>(`/api/review-calls/${call.body.id}/notices`, {
      title: '矩阵公示',
      startsAt: TODAY,
      endsAt: TODAY,
      itemIds: [it.body.id],
    });
    const closed = await admin.post(`/api/review-notices/${n.body.id}/close`);
    if (closed.status !== 200) throw new Error(`notice: ${JSON.stringify(closed.body)}`);
    return { id: it.body.id, callId: call.body.id };
  }
  async function baseOfA() {
    const it = await confirmedBaseApplication();
    const r = await admin.post<{ named: string[] }>('/api/bases/naming', {
      callId: it.callId,
      itemIds: [it.id],
      tier: 'MINISTRY',
      docNo: '矩阵文号',
      namedAt: TODAY,
    });
    if (r.status !== 200) throw new Error(`naming: ${JSON.stringify(r.body)}`);
    return r.body.named[0]!;
  }

  /** A collection of A holding one published work, as a draft or published, by the fixture admin. */
  async function collectionInA(status: 'DRAFT' | 'PUBLISHED') {
    const t = await admin.post<{ id: string }>('/api/collections', {
      organisationId: orgA.id,
      kind: 'TOPIC',
      title: '矩阵专题',
    });
    const work = await workInA('PUBLISHED');
    await admin.request('PUT', `/api/collections/${t.body.id}/items`, {
      items: [{ workId: work.id }],
    });
    if (status === 'PUBLISHED') await admin.post(`/api/collections/${t.body.id}/publish`);
    return t.body.id;
  }

  const ATTACHMENT_FORM = {
    fields: [],
    attachments: [{ key: 'files', label: '申报材料', kinds: ['PDF', 'IMAGE'] }],
  };
  /** A PDF and a photo in `org`'s library, uploaded by the fixture admin. */
  async function filesIn(org: { id: string }) {
    const up = async (bytes: Buffer, name: string) => {
      const r = await admin.upload<{ id: string; url: string; thumbUrl: string | null }>(
        `/api/media?organisationId=${org.id}&name=${name}`,
        bytes,
      );
      if (r.status !== 201) throw new Error(`media: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    return { pdf: await up(pdf(), 'matrix.pdf'), photo: await up(await png(), 'matrix.png') };
  }
  /** C's application with a PDF and a photo, in a call organised by A, brought to `status`. */
  async function attachmentOfC(status: 'FORMAL_PASSED' | 'UNDER_REVIEW') {
    const files = await filesIn(orgC);
    const it = await itemAt(status, {
      form: ATTACHMENT_FORM,
      attachments: { files: [files.pdf.id, files.photo.id] },
    });
    return { ...files, itemId: it.id };
  }
  /** A's application with a PDF and a photo, submitted to a call organised by B. */
  async function attachmentOfA() {
    const files = await filesIn(orgA);
    const call = await admin.post<{ id: string }>('/api/review-calls', {
      ...callBody(),
      organisationId: orgB.id,
      form: ATTACHMENT_FORM,
      stages: [{ kind: 'DECISION' }],
    });
    await admin.post(`/api/review-calls/${call.body.id}/open`);
    const it = await admin.post<{ id: string }>(`/api/review-calls/${call.body.id}/items`, {
      organisationId: orgA.id,
      title: '甲单位的申报',
      attachments: { files: [files.pdf.id, files.photo.id] },
    });
    if (it.status !== 201) throw new Error(`item: ${JSON.stringify(it.body)}`);
    await admin.post(`/api/review-items/${it.body.id}/submit`);
    return files;
  }

  /** An image in A's library, uploaded by the fixture admin. */
  async function mediaInA() {
    const res = await admin.upload<{ id: string; thumbUrl: string }>(
      `/api/media?organisationId=${orgA.id}&name=fixture.png`,
      await png(),
    );
    if (res.status !== 201) throw new Error(`media: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The cover of a published work in A (public). */
  let publishedCover: { thumbUrl: string } | null = null;
  async function publishedCoverInA() {
    if (publishedCover) return publishedCover;
    const cover = await mediaInA();
    const w = await admin.post<{ id: string }>('/api/works', {
      organisationId: orgA.id,
      type: 'GRAPHIC',
      title: '带封面的作品',
      coverId: cover.id,
    });
    await admin.post(`/api/works/${w.body.id}/submit`);
    await fixtureReviewer.post(`/api/works/${w.body.id}/check`, { decision: 'PASSED' });
    await admin.post(`/api/works/${w.body.id}/publish`);
    publishedCover = cover;
    return cover;
  }

  /** A work in A brought to `status` by the fixture admin and the fixture reviewer. */
  async function workInA(status: 'SUBMITTED' | 'CHECKED' | 'PUBLISHED') {
    const w = await draftInA();
    await admin.post(`/api/works/${w.id}/submit`);
    if (status === 'SUBMITTED') return w;
    await fixtureReviewer.post(`/api/works/${w.id}/check`, { decision: 'PASSED' });
    if (status === 'CHECKED') return w;
    await admin.post(`/api/works/${w.id}/publish`);
    return w;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const pa = await buildPlatformAdmin(env);
    admin = pa.agent;
    orgA = await buildOrganisation(admin, env.rootId, { name: '矩阵甲单位' });
    orgB = await buildOrganisation(admin, env.rootId, { name: '矩阵乙单位' });
    agents.anonymous = new Agent(env.app);
    const pub = await buildPublicUser(env);
    agents.public = pub.agent;
    ids.public = pub.userId;
    const roles: [ActorName, Role, { id: string }][] = [
      ['member', 'MEMBER', orgA],
      ['editor', 'EDITOR', orgA],
      ['reviewer', 'REVIEWER', orgA],
      ['orgAdmin', 'ORG_ADMIN', orgA],
      ['foreignOrgAdmin', 'ORG_ADMIN', orgB],
    ];
    for (const [name, role, org] of roles) {
      const u = await buildUserWithRole(env, admin, role, org.id);
      agents[name] = u.agent;
      ids[name] = u.userId;
    }
    fixtureReviewer = (await buildUserWithRole(env, admin, 'REVIEWER', orgB.id)).agent;
    orgC = await buildOrganisation(admin, env.rootId, { name: '矩阵丙单位' });
    // The platform admin acting in the matrix is a second one, so `admin` keeps building fixtures.
    const second = await buildPlatformAdmin(env);
    agents.platformAdmin = second.agent;
    ids.platformAdmin = second.userId;
    observePolicyChecks((action, allowed) => decisions.push({ action, allowed }));
  });
  afterAll(async () => {
    observePolicyChecks(null);
    await env.close();
  });

  it('has the matrix cover every API route of the foundation', () => {
    const registered = new Set(
      env.app.registeredRoutes
        .filter(
          (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
        )
        .map((r) => `${r.method} ${r.url}`),
    );
    const covered = new Set(ROUTES.map((r) => r.name.split(' (')[0]));
    // Routes whose callers are tested in accounts.test.ts (they change who is signed in).
    const elsewhere = [
      'POST /api/auth/register',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/totp/setup',
      'POST /api/auth/totp/confirm',
      'POST /api/auth/password',
      'POST /api/auth/recovery-codes',
      'POST /api/auth/password-reset/check',
      'POST /api/auth/password-reset',
      'DELETE /api/me',
      'POST /api/setup',
      'GET /api/openapi.json',
    ];
    const missing = [...registered].filter((r) => !covered.has(r) && !elsewhere.includes(r));
    expect(missing).toEqual([]);
  });

  /** The action a route declares for its service to check (actionOnResource), if any. */
  function declaredAction(name: string): string | null {
    const key = name.split(' (')[0];
    const r = env.app.registeredRoutes.find((x) => `${x.method} ${x.url}` === key);
    const policy = (r?.config as { policy?: RoutePolicy } | undefined)?.policy;
    return policy?.access === 'action' && policy.resource === 'service' ? policy.action : null;
  }
  for (const route of ROUTES) {
    it(`${route.name}`, async () => {
      const outcome: Record<string, number> = {};
      const declared = declaredAction(route.name);
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        const call = await route.make(actor);
        decisions.length = 0;
        const res = call.upload
          ? await agents[actor].upload(call.url, call.upload)
          : await agents[actor].request(call.method, call.url, call.body);
        outcome[actor] = res.status;
        // The declared action is the one the service decides with (every policy check of the
        // request is observed): an allowed call passed it, a refusal (403) is its refusal.
        if (declared) {
          const passed = decisions.filter((d) => d.allowed).map((d) => d.action);
          const refused = decisions.filter((d) => !d.allowed).map((d) => d.action);
          if (res.status < 300 && !passed.includes(declared))
            mismatches.push(`${actor}: allowed without ${declared} (checked ${passed.join()})`);
          if (res.status === 403 && refused.at(-1) !== declared)
            mismatches.push(`${actor}: refused by ${refused.at(-1) ?? 'no authorize'}`);
        }
      }
      expect(mismatches).toEqual([]);
      const expected = Object.fromEntries(
        ACTORS.map((a) => [
          a,
          route.allowed.includes(a) ? 'allowed' : a === 'anonymous' ? 401 : 'refused',
        ]),
      );
      const actual = Object.fromEntries(
        ACTORS.map((a) => {
          const s = outcome[a]!;
          if (s >= 200 && s < 300) return [a, 'allowed'];
          if (a === 'anonymous') return [a, s];
          return [a, s === 403 || s === 404 ? 'refused' : s];
        }),
      );
      expect(actual).toEqual(expected);
    });
  }
});
