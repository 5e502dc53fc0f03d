import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
  uniqueName,
} from './helpers.ts';

interface User {
  id: string;
  username: string;
  status: string;
  grants: {
    id: string;
    role: string;
    organisationId: string | null;
    organisationName: string | null;
  }[];
}
type Page = { items: User[]; total: number };
type ErrorBody = { error: { code: string; message: string } };

describe.each(DIALECTS)('users and roles on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let province: { id: string };
  let city: { id: string };
  let otherProvince: { id: string };
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    province = await buildOrganisation(admin, env.rootId, { name: '用户测试省厅' });
    city = await buildOrganisation(admin, province.id, { name: '用户测试市局' });
    otherProvince = await buildOrganisation(admin, env.rootId, { name: '另一省厅' });
  });
  afterAll(() => env.close());

  it('creates a user with a role; the new user signs in and sees their roles', async () => {
    const username = uniqueName('editor');
    const res = await admin.post<User>('/api/users', {
      username,
      password: PASSWORD,
      displayName: '编辑甲',
      role: 'EDITOR',
      organisationId: city.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.grants).toEqual([
      expect.objectContaining({
        role: 'EDITOR',
        organisationId: city.id,
        organisationName: '用户测试市局',
      }),
    ]);
    const agent = new Agent(env.app);
    const me = await agent.login(username, PASSWORD);
    expect(
      (me.body as { abilities: { console: boolean; manageUsers: boolean } }).abilities,
    ).toMatchObject({ console: true, manageUsers: false });
  });

  it('lets an organisation admin manage users in their subtree only', async () => {
    const { agent: orgAdmin } = await buildUserWithRole(env, admin, 'ORG_ADMIN', province.id);
    const created = await orgAdmin.post<User>('/api/users', {
      username: uniqueName('m'),
      password: PASSWORD,
      displayName: '市局成员',
      role: 'MEMBER',
      organisationId: city.id,
    });
    expect(created.status).toBe(201);
    const outside = await orgAdmin.post('/api/users', {
      username: uniqueName('o'),
      password: PASSWORD,
      displayName: '外省',
      role: 'MEMBER',
      organisationId: otherProvince.id,
    });
    expect(outside.status).toBe(403);
    const { userId: foreignId } = await buildUserWithRole(env, admin, 'MEMBER', otherProvince.id);
    expect((await orgAdmin.get(`/api/users/${foreignId}`)).status).toBe(404);
    const list = await orgAdmin.get<Page>('/api/users?pageSize=100');
    expect(list.body.items.some((u) => u.id === foreignId)).toBe(false);
    expect(list.body.items.some((u) => u.id === created.body.id)).toBe(true);
    const platformGrant = await orgAdmin.post(`/api/users/${created.body.id}/grants`, {
      role: 'PLATFORM_ADMIN',
      organisationId: null,
    });
    expect(platformGrant.status).toBe(403);
    const asAdmin = await orgAdmin.post('/api/users', {
      username: uniqueName('pa'),
      password: PASSWORD,
      displayName: '越权',
      role: 'PLATFORM_ADMIN',
      organisationId: city.id,
    });
    expect(asAdmin.status).toBe(422);
  });

  it('grants and revokes roles, refusing duplicates and keeping the last platform admin', async () => {
    const { userId } = await buildUserWithRole(env, admin, 'MEMBER', city.id);
    const granted = await admin.post<User>(`/api/users/${userId}/grants`, {
      role: 'REVIEWER',
      organisationId: province.id,
    });
    expect(granted.body.grants.map((g) => g.role).sort()).toEqual(['MEMBER', 'REVIEWER']);
    const dup = await admin.post(`/api/users/${userId}/grants`, {
      role: 'REVIEWER',
      organisationId: province.id,
    });
    expect(dup.status).toBe(409);
    const reviewer = granted.body.grants.find((g) => g.role === 'REVIEWER')!;
    const revoked = await admin.del<User>(`/api/users/${userId}/grants/${reviewer.id}`);
    expect(revoked.body.grants.map((g) => g.role)).toEqual(['MEMBER']);
    const adminsOnly = await admin.get<Page>('/api/users?role=PLATFORM_ADMIN');
    expect(adminsOnly.body.total).toBe(1);
    const only = adminsOnly.body.items[0]!;
    const last = await admin.del(`/api/users/${only.id}/grants/${only.grants[0]!.id}`);
    expect(last.status).toBe(409);
    expect((last.body as ErrorBody).error.message).toBe(
      '这是最后一位在用的平台管理员，不能停用、撤销或注销；请先指定另一位平台管理员',
    );
  });

  it('disables a user, which ends their sessions and blocks sign-in', async () => {
    const { agent, userId, username } = await buildUserWithRole(env, admin, 'MEMBER', city.id);
    const res = await admin.patch<User>(`/api/users/${userId}`, { status: 'DISABLED' });
    expect(res.body.status).toBe('DISABLED');
    expect((await agent.get('/api/auth/me')).status).toBe(401);
    expect(
      (await new Agent(env.app).post('/api/auth/login', { username, password: PASSWORD })).status,
    ).toBe(401);
  });

  it('filters users by organisation subtree, role and text', async () => {
    const { username } = await buildUserWithRole(env, admin, 'REVIEWER', city.id);
    const res = await admin.get<Page>(
      `/api/users?organisationId=${province.id}&role=REVIEWER&q=${username.slice(0, 6)}`,
    );
    expect(res.body.items.map((u) => u.username)).toContain(username);
    expect(res.body.items.every((u) => u.grants.some((g) => g.role === 'REVIEWER'))).toBe(true);
  });

  it('never returns password hashes or TOTP secrets', async () => {
    const res = await admin.get('/api/users?pageSize=100');
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('argon2');
    expect(text).not.toMatch(/passwordHash|totpSecret/);
  });
});
