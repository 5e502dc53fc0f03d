import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../src/modules/accounts/service.ts';
import { totpCode } from '../src/platform/auth/totp.ts';
import {
  ADULT,
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  CONSENT,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type Res,
  type TestEnv,
  uniqueName,
} from './helpers.ts';
import { freshTotpCode } from './totp-clock.ts';

/**
 * Issue 9: nobody acts on an account or a unit outside their reach; limits hold under parallel
 * bursts; TOTP codes are accepted once and can be recovered; administrators can recover a
 * locked-out person; registration records consent.
 */
type ErrorBody = { error: { code: string; message: string } };
const code = (r: { body: unknown }) => (r.body as ErrorBody).error?.code;
const count = (results: Res[], status: number) => results.filter((r) => r.status === status).length;

interface UserView {
  id: string;
  email: string | null;
  phone: string | null;
  managed: boolean;
  status: string;
  hasPassword: boolean;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  grants: { id: string; role: string; organisationId: string | null }[];
}

/** A member of `orgId` with e-mail and phone, created by `admin`, and signed in. */
async function member(env: TestEnv, admin: Agent, orgId: string, role = 'MEMBER') {
  const username = uniqueName('m');
  const res = await admin.post<UserView>('/api/users', {
    username,
    password: PASSWORD,
    displayName: `成员${username.slice(-4)}`,
    email: `${username}@example.cn`,
    phone: '13800000000',
    role,
    organisationId: orgId,
  });
  if (res.status !== 201) throw new Error(`create user failed: ${JSON.stringify(res.body)}`);
  const agent = new Agent(env.app);
  await agent.login(username, PASSWORD);
  return { agent, userId: res.body.id, username };
}

/** A signed-in person with TOTP set up (and their secret and recovery codes). */
async function withTotp(env: TestEnv, admin: Agent, orgId: string) {
  const m = await member(env, admin, orgId);
  const setup = await m.agent.post<{ secret: string }>('/api/auth/totp/setup');
  const confirm = await m.agent.post<{ recoveryCodes: string[] }>('/api/auth/totp/confirm', {
    code: await freshTotpCode(setup.body.secret),
  });
  return { ...m, secret: setup.body.secret, recoveryCodes: confirm.body.recoveryCodes };
}

describe.each(DIALECTS)('account safety on %s', (dialect) => {
  let env: TestEnv;
  let pa: { agent: Agent; userId: string; totpSecret: string };
  let provA: { id: string; name: string };
  let provB: { id: string; name: string };
  let adminA: { agent: Agent; userId: string; username: string };
  let adminB: { agent: Agent; userId: string; username: string };
  let userB: { agent: Agent; userId: string; username: string };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    pa = await buildPlatformAdmin(env);
    provA = await buildOrganisation(pa.agent, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      divisionCode: '430000',
    });
    provB = await buildOrganisation(pa.agent, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      divisionCode: '510000',
    });
    adminA = await buildUserWithRole(env, pa.agent, 'ORG_ADMIN', provA.id);
    adminB = await buildUserWithRole(env, pa.agent, 'ORG_ADMIN', provB.id);
    userB = await member(env, adminB.agent, provB.id);
  });
  afterAll(() => env.close());

  describe('authorisation across scopes', () => {
    it('refuses an admin of one province everything on a person of another (404: ids are not keys)', async () => {
      const a = adminA.agent;
      const id = userB.userId;
      expect((await a.get(`/api/users/${id}`)).status).toBe(404);
      expect((await a.patch(`/api/users/${id}`, { status: 'DISABLED' })).status).toBe(404);
      expect(
        (await a.post(`/api/users/${id}/grants`, { role: 'MEMBER', organisationId: provA.id }))
          .status,
      ).toBe(404);
      expect((await a.post(`/api/users/${id}/reset-link`)).status).toBe(404);
      expect(
        (await a.post(`/api/users/${id}/temporary-password`, { password: 'Temp-Passw0rd-2026' }))
          .status,
      ).toBe(404);
      expect((await a.post(`/api/users/${id}/unlock`)).status).toBe(404);
      // And the person is untouched.
      const still = await adminB.agent.get<UserView>(`/api/users/${id}`);
      expect(still.body.status).toBe('ACTIVE');
      expect(still.body.grants.map((g) => g.organisationId)).toEqual([provB.id]);
    });

    it('gives a grant to a platform administrator’s id no power over that account', async () => {
      const a = adminA.agent;
      const grant = await a.post(`/api/users/${pa.userId}/grants`, {
        role: 'MEMBER',
        organisationId: provA.id,
      });
      expect(grant.status).toBe(404);
      expect((await a.get(`/api/users/${pa.userId}`)).status).toBe(404);
      expect((await a.patch(`/api/users/${pa.userId}`, { status: 'DISABLED' })).status).toBe(404);
      // Even holding a role in A (granted by a platform admin), the platform admin stays theirs.
      const g = await pa.agent.post<UserView>(`/api/users/${pa.userId}/grants`, {
        role: 'MEMBER',
        organisationId: provA.id,
      });
      expect(g.status).toBe(200);
      const seen = await a.get<UserView>(`/api/users/${pa.userId}`);
      expect(seen.status).toBe(200);
      expect(seen.body.managed).toBe(false);
      expect(seen.body.email).toBeNull();
      expect((await a.patch(`/api/users/${pa.userId}`, { status: 'DISABLED' })).status).toBe(403);
      expect((await a.post(`/api/users/${pa.userId}/reset-link`)).status).toBe(403);
      expect(
        (
          await a.post(`/api/users/${pa.userId}/grants`, {
            role: 'EDITOR',
            organisationId: provA.id,
          })
        ).status,
      ).toBe(403);
      // A's admin may take back the role on A, nothing more.
      const memberGrant = g.body.grants.find((x) => x.organisationId === provA.id)!;
      expect((await a.del(`/api/users/${pa.userId}/grants/${memberGrant.id}`)).status).toBe(200);
    });

    it('lets a person from elsewhere join a unit by accepting an invitation, without handing over their account', async () => {
      const inv = await adminA.agent.post<{ id: string; status: string }>('/api/invitations', {
        username: userB.username,
        role: 'EDITOR',
        organisationId: provA.id,
      });
      expect(inv.status).toBe(201);
      expect(inv.body.status).toBe('PENDING');
      // The same invitation twice is refused.
      expect(
        (
          await adminA.agent.post('/api/invitations', {
            username: userB.username,
            role: 'EDITOR',
            organisationId: provA.id,
          })
        ).status,
      ).toBe(409);
      const me = await userB.agent.get<{ pendingInvitations: number }>('/api/auth/me');
      expect(me.body.pendingInvitations).toBe(1);
      const mine = await userB.agent.get<{ items: { id: string; organisationName: string }[] }>(
        '/api/me/invitations',
      );
      expect(mine.body.items[0]?.organisationName).toBe('湖南省自然资源厅');
      // Someone else cannot accept it.
      expect((await adminB.agent.post(`/api/me/invitations/${inv.body.id}/accept`)).status).toBe(
        404,
      );
      const both = await Promise.all([
        userB.agent.post(`/api/me/invitations/${inv.body.id}/accept`),
        userB.agent.post(`/api/me/invitations/${inv.body.id}/accept`),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      const seen = await adminA.agent.get<UserView>(`/api/users/${userB.userId}`);
      expect(seen.status).toBe(200);
      expect(seen.body.managed).toBe(false);
      expect(seen.body.email).toBeNull();
      expect(seen.body.phone).toBeNull();
      expect(seen.body.grants.map((g) => g.role).sort()).toEqual(['EDITOR', 'MEMBER']);
      // Still managed from home: B's admin sees the contact data, A's cannot edit or disable.
      const home = await adminB.agent.get<UserView>(`/api/users/${userB.userId}`);
      expect(home.body.managed).toBe(true);
      expect(home.body.email).toBe(`${userB.username}@example.cn`);
      expect(
        (await adminA.agent.patch(`/api/users/${userB.userId}`, { displayName: 'x' })).status,
      ).toBe(403);
      const direct = await adminA.agent.post(`/api/users/${userB.userId}/grants`, {
        role: 'REVIEWER',
        organisationId: provA.id,
      });
      expect(direct.status).toBe(403);
      expect(code(direct)).toBe('USER_OUTSIDE_SCOPE');
      // The list of A shows them without contact data; so does its export.
      const list = await adminA.agent.get<{ items: UserView[] }>(
        `/api/users?organisationId=${provA.id}&pageSize=100`,
      );
      const row = list.body.items.find((u) => u.id === userB.userId)!;
      expect(row.email).toBeNull();
      const xlsx = await adminA.agent.get('/api/users/export');
      expect(
        Buffer.from(xlsx.body as unknown as Buffer).includes(`${userB.username}@example.cn`),
      ).toBe(false);
      // A's admin takes back the role on A.
      const editor = seen.body.grants.find((g) => g.role === 'EDITOR')!;
      expect(
        (await adminA.agent.del(`/api/users/${userB.userId}/grants/${editor.id}`)).status,
      ).toBe(200);
    });

    it('homes a member of the public where a platform admin first places them; an org admin must invite', async () => {
      const pub = await buildPublicUser(env);
      expect(
        (
          await adminA.agent.post(`/api/users/${pub.userId}/grants`, {
            role: 'MEMBER',
            organisationId: provA.id,
          })
        ).status,
      ).toBe(404);
      const placed = await pa.agent.post<UserView & { homeOrganisationId: string }>(
        `/api/users/${pub.userId}/grants`,
        { role: 'MEMBER', organisationId: provA.id },
      );
      expect(placed.status).toBe(200);
      expect(placed.body.homeOrganisationId).toBe(provA.id);
      expect((await adminA.agent.get<UserView>(`/api/users/${pub.userId}`)).body.managed).toBe(
        true,
      );
    });

    it('keeps platform administrators to platform administrators, even from the ministry’s own admin', async () => {
      const ministryAdmin = await buildUserWithRole(env, pa.agent, 'ORG_ADMIN', env.rootId);
      const other = await buildPlatformAdmin(env);
      expect((await ministryAdmin.agent.get(`/api/users/${other.userId}`)).status).toBe(404);
      expect(
        (
          await ministryAdmin.agent.post(`/api/users/${other.userId}/grants`, {
            role: 'PLATFORM_ADMIN',
            organisationId: null,
          })
        ).status,
      ).toBe(404);
      // The ministry admin cannot make anyone a platform admin either.
      const m = await member(env, ministryAdmin.agent, env.rootId);
      const promote = await ministryAdmin.agent.post(`/api/users/${m.userId}/grants`, {
        role: 'PLATFORM_ADMIN',
        organisationId: null,
      });
      expect(promote.status).toBe(403);
    });

    it('never disables, demotes or deletes the last active platform administrator, even in a race', async () => {
      const fresh = await createTestEnv(dialect);
      try {
        const one = await buildPlatformAdmin(fresh);
        const two = await buildPlatformAdmin(fresh);
        // Two admins disable each other at once: exactly one succeeds.
        const race = await Promise.all([
          one.agent.patch(`/api/users/${two.userId}`, { status: 'DISABLED' }),
          two.agent.patch(`/api/users/${one.userId}`, { status: 'DISABLED' }),
        ]);
        const statuses = race.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        const active = await fresh.handle.db
          .selectFrom('users')
          .innerJoin('roleGrants', 'roleGrants.userId', 'users.id')
          .select('users.id')
          .where('roleGrants.role', '=', 'PLATFORM_ADMIN')
          .where('users.status', '=', 'ACTIVE')
          .execute();
        expect(active).toHaveLength(1);
        const last = active[0]!.id === one.userId ? one : two;
        const lastGrant = (
          await last.agent.get<UserView>(`/api/users/${last.userId}`)
        ).body.grants.find((g) => g.role === 'PLATFORM_ADMIN')!;
        const demote = await last.agent.del(`/api/users/${last.userId}/grants/${lastGrant.id}`);
        expect(demote.status).toBe(409);
        expect(code(demote)).toBe('LAST_PLATFORM_ADMIN');
        expect((demote.body as ErrorBody).error.message).toContain('最后一位在用的平台管理员');
        const del = await last.agent.del('/api/me', { password: PASSWORD });
        expect(del.status).toBe(409);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('powers that come from a unit’s kind and code', () => {
    let city: { id: string };
    let county: { id: string };
    let countyAdmin: { agent: Agent };
    let cityAdmin: { agent: Agent };
    beforeAll(async () => {
      city = await buildOrganisation(pa.agent, provA.id, {
        type: 'CITY_DEPT',
        name: '长沙市自然资源和规划局',
        divisionCode: '430100',
      });
      county = await buildOrganisation(pa.agent, city.id, {
        type: 'COUNTY_DEPT',
        name: '浏阳市自然资源局',
        divisionCode: '430181',
      });
      countyAdmin = await buildUserWithRole(env, pa.agent, 'ORG_ADMIN', county.id);
      cityAdmin = await buildUserWithRole(env, pa.agent, 'ORG_ADMIN', city.id);
    });

    it('refuses a unit’s own admin its kind and division code, but not its name', async () => {
      const relabel = await adminA.agent.patch(`/api/organisations/${provA.id}`, {
        type: 'MINISTRY_OFFICE',
      });
      expect(relabel.status).toBe(403);
      expect(
        (await adminA.agent.patch(`/api/organisations/${provA.id}`, { divisionCode: '440000' }))
          .status,
      ).toBe(403);
      const rename = await adminA.agent.patch<{ name: string }>(`/api/organisations/${provA.id}`, {
        shortName: '湖南厅',
      });
      expect(rename.status).toBe(200);
    });

    it('refuses a county relabelled as a province with another province’s code, by anyone', async () => {
      const bySelf = await countyAdmin.agent.patch(`/api/organisations/${county.id}`, {
        type: 'PROVINCIAL_DEPT',
        divisionCode: '440000',
      });
      expect(bySelf.status).toBe(403);
      for (const agent of [cityAdmin.agent, pa.agent]) {
        const r = await agent.patch(`/api/organisations/${county.id}`, {
          type: 'PROVINCIAL_DEPT',
          divisionCode: '440000',
        });
        expect(r.status).toBe(422);
        expect((r.body as ErrorBody).error.message).toBe(
          '省级自然资源主管部门只能设在自然资源部之下',
        );
      }
      // A county admin cannot create a "province" below itself either.
      const child = await countyAdmin.agent.post('/api/organisations', {
        parentId: county.id,
        type: 'PROVINCIAL_DEPT',
        name: '伪省厅',
        divisionCode: '440000',
      });
      expect(child.status).toBe(422);
    });

    it('checks a division code against its level, its parent and the other departments', async () => {
      const other = await pa.agent.post('/api/organisations', {
        parentId: provA.id,
        type: 'CITY_DEPT',
        name: '广州市规划和自然资源局',
        divisionCode: '440100',
      });
      expect(other.status).toBe(422);
      expect((other.body as ErrorBody).error.message).toContain('不属于上级部门的辖区');
      const twice = await pa.agent.post('/api/organisations', {
        parentId: env.rootId,
        type: 'PROVINCIAL_DEPT',
        name: '第二个湖南省厅',
        divisionCode: '430000',
      });
      expect(twice.status).toBe(409);
      expect((twice.body as ErrorBody).error.message).toContain('已有主管部门');
      // The parent's admin may set a child's code within the rules.
      const ok = await cityAdmin.agent.patch<{ divisionCode: string }>(
        `/api/organisations/${county.id}`,
        { divisionCode: '430182' },
      );
      expect(ok.status).toBe(200);
      expect(ok.body.divisionCode).toBe('430182');
    });
  });

  describe('limits that hold under parallel bursts', () => {
    it('verifies at most 5 of 100 parallel guesses under 等保, and a right password in the burst does not slip through', async () => {
      const dengbao = await createTestEnv(dialect, { KEPU_SECURITY_PROFILE: 'dengbao' });
      try {
        const { username, userId } = await buildPublicUser(dengbao);
        const burst = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            new Agent(dengbao.app, `10.20.${i}.1`).post('/api/auth/login', {
              username,
              password: i === 60 ? PASSWORD : `wrong-${i}-password`,
            }),
          ),
        );
        const checked = burst.filter((r) => r.status === 401 || r.status === 200).length;
        const locked = burst.filter((r) => r.status === 423);
        expect(checked + locked.filter((r) => code(r) === 'ACCOUNT_LOCKED').length).toBe(100);
        const failures = await dengbao.handle.db
          .selectFrom('auditLog')
          .select('id')
          .where('action', '=', 'account.loginFailed')
          .where('entityId', '=', userId)
          .execute();
        expect(failures.length).toBeLessThanOrEqual(5);
        expect(count(burst, 401) + count(burst, 200)).toBeLessThanOrEqual(5);
        if (count(burst, 200) === 0) {
          // The account is locked now, for the right password too.
          const after = await new Agent(dengbao.app, '10.21.0.1').post('/api/auth/login', {
            username,
            password: PASSWORD,
          });
          expect(after.status).toBe(423);
        }
      } finally {
        await dengbao.close();
      }
    });

    it('checks at most 50 passwords from one address in a parallel burst over many accounts', async () => {
      const burst = await Promise.all(
        Array.from({ length: 80 }, () =>
          new Agent(env.app, '10.30.0.1').post('/api/auth/login', {
            username: uniqueName('ghost'),
            password: 'wrong-password',
          }),
        ),
      );
      expect(count(burst, 401)).toBeLessThanOrEqual(50);
      expect(count(burst, 401) + count(burst, 429)).toBe(80);
    });

    it('limits password re-checks (change password, delete account) to 5 in a burst', async () => {
      const { agent } = await buildPublicUser(env);
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 2
            ? agent.post('/api/auth/password', {
                currentPassword: `wrong-${i}-password`,
                newPassword: 'Another-Passw0rd-9',
              })
            : agent.del('/api/me', { password: `wrong-${i}-password` }),
        ),
      );
      expect(count(burst, 401)).toBeLessThanOrEqual(5);
      expect(count(burst, 429)).toBeGreaterThanOrEqual(25);
      expect(code(burst.find((r) => r.status === 429)!)).toBe('TOO_MANY_ATTEMPTS');
      // The account still exists.
      expect((await agent.get('/api/auth/me')).status).toBe(200);
    });

    it('limits TOTP codes to 5 in a burst', async () => {
      const t = await withTotp(env, pa.agent, provA.id);
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          new Agent(env.app, `10.40.${i}.1`).post('/api/auth/login', {
            username: t.username,
            password: PASSWORD,
            totpCode: String(100000 + i),
          }),
        ),
      );
      expect(count(burst, 401)).toBeLessThanOrEqual(5);
      expect(count(burst, 200)).toBe(0);
      expect(count(burst, 401) + count(burst, 429)).toBe(30);
    });

    it('limits registrations from one address, in a burst too', async () => {
      const limited = await createTestEnv(dialect, { KEPU_REGISTRATIONS_PER_HOUR: '5' });
      try {
        const burst = await Promise.all(
          Array.from({ length: 20 }, () =>
            new Agent(limited.app, '10.50.0.1').post('/api/auth/register', {
              ...ADULT,
              username: uniqueName('r'),
              password: PASSWORD,
              displayName: '报名者',
            }),
          ),
        );
        expect(count(burst, 201)).toBe(5);
        expect(count(burst, 429)).toBe(15);
        expect((burst.find((r) => r.status === 429)!.body as ErrorBody).error.message).toMatch(
          /^操作过于频繁，请 \d+ 分钟后再试$/,
        );
        const elsewhere = await new Agent(limited.app, '10.50.0.2').post('/api/auth/register', {
          ...ADULT,
          username: uniqueName('r'),
          password: PASSWORD,
          displayName: '报名者',
        });
        expect(elsewhere.status).toBe(201);
      } finally {
        await limited.close();
      }
    });

    it('limits setup-token guesses from one address', async () => {
      const fresh = await createTestEnv(dialect);
      try {
        const token = await issueSetupToken(fresh.handle.db);
        const burst = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            new Agent(fresh.app, '10.60.0.1').post('/api/setup', {
              token: `guess-${i}-${'x'.repeat(30)}`,
              username: uniqueName('chief'),
              password: PASSWORD,
              displayName: '主任',
            }),
          ),
        );
        expect(count(burst, 403)).toBeLessThanOrEqual(10);
        expect(count(burst, 429)).toBeGreaterThanOrEqual(20);
        const right = await new Agent(fresh.app, '10.60.0.2').post('/api/setup', {
          token,
          username: 'chief',
          password: PASSWORD,
          displayName: '主任',
        });
        expect(right.status).toBe(201);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('TOTP', () => {
    it('accepts a code once, also when two sign-ins race with it', async () => {
      const t = await withTotp(env, pa.agent, provA.id);
      const c = await freshTotpCode(t.secret);
      const race = await Promise.all(
        [1, 2].map((i) =>
          new Agent(env.app, `10.70.0.${i}`).post('/api/auth/login', {
            username: t.username,
            password: PASSWORD,
            totpCode: c,
          }),
        ),
      );
      expect(race.map((r) => r.status).sort()).toEqual([200, 401]);
      const again = await new Agent(env.app, '10.70.0.3').post('/api/auth/login', {
        username: t.username,
        password: PASSWORD,
        totpCode: c,
      });
      expect(again.status).toBe(401);
      expect(code(again)).toBe('INVALID_TOTP');
    });

    it('keeps the pending secret across a reload until it expires', async () => {
      const m = await member(env, pa.agent, provA.id);
      const first = await m.agent.post<{ secret: string; otpauthUrl: string; expiresAt: string }>(
        '/api/auth/totp/setup',
      );
      const reload = await m.agent.post<{ secret: string }>('/api/auth/totp/setup');
      expect(reload.body.secret).toBe(first.body.secret);
      expect(first.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+secret=/);
      expect(Date.parse(first.body.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
      await env.handle.db
        .updateTable('users')
        .set({ totpPendingAt: new Date(Date.now() - 31 * 60_000).toISOString() })
        .where('id', '=', m.userId)
        .execute();
      const later = await m.agent.post<{ secret: string }>('/api/auth/totp/setup');
      expect(later.body.secret).not.toBe(first.body.secret);
      // The expired secret no longer confirms.
      expect(
        (await m.agent.post('/api/auth/totp/confirm', { code: totpCode(first.body.secret) }))
          .status,
      ).toBe(401);
    });

    it('gives ten one-time recovery codes, stored hashed, and renews them', async () => {
      const t = await withTotp(env, pa.agent, provA.id);
      expect(t.recoveryCodes).toHaveLength(10);
      expect(new Set(t.recoveryCodes).size).toBe(10);
      for (const c of t.recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      const stored = await env.handle.db
        .selectFrom('recoveryCodes')
        .select('codeHash')
        .where('userId', '=', t.userId)
        .execute();
      expect(stored).toHaveLength(10);
      for (const s of stored) expect(t.recoveryCodes.join()).not.toContain(s.codeHash);
      const rc = t.recoveryCodes[3]!;
      const agent = new Agent(env.app, '10.80.0.1');
      const ok = await agent.post<{ user: { recoveryCodesLeft: number } }>('/api/auth/login', {
        username: t.username,
        password: PASSWORD,
        recoveryCode: rc.toUpperCase(),
      });
      expect(ok.status).toBe(200);
      expect(ok.body.user.recoveryCodesLeft).toBe(9);
      const twice = await new Agent(env.app, '10.80.0.2').post('/api/auth/login', {
        username: t.username,
        password: PASSWORD,
        recoveryCode: rc,
      });
      expect(twice.status).toBe(401);
      const renewed = await agent.post<{ recoveryCodes: string[] }>('/api/auth/recovery-codes', {
        code: await freshTotpCode(t.secret),
      });
      expect(renewed.status).toBe(200);
      expect(renewed.body.recoveryCodes).toHaveLength(10);
      const old = await new Agent(env.app, '10.80.0.3').post('/api/auth/login', {
        username: t.username,
        password: PASSWORD,
        recoveryCode: t.recoveryCodes[5],
      });
      expect(old.status).toBe(401);
    });

    it('lets a platform administrator reset someone’s TOTP with a reason, audited', async () => {
      const t = await withTotp(env, pa.agent, provA.id);
      expect(
        (await adminA.agent.post(`/api/users/${t.userId}/reset-totp`, { reason: '丢失' })).status,
      ).toBe(403);
      expect((await pa.agent.post(`/api/users/${t.userId}/reset-totp`, {})).status).toBe(400);
      expect(
        (await pa.agent.post(`/api/users/${pa.userId}/reset-totp`, { reason: '自己' })).status,
      ).toBe(422);
      const reset = await pa.agent.post<UserView & { totpEnabled: boolean }>(
        `/api/users/${t.userId}/reset-totp`,
        { reason: '手机丢失，已电话核实本人' },
      );
      expect(reset.status).toBe(200);
      expect(reset.body.totpEnabled).toBe(false);
      expect((await t.agent.get('/api/auth/me')).status).toBe(401);
      await new Agent(env.app).login(t.username, PASSWORD);
      const audit = await env.handle.db
        .selectFrom('auditLog')
        .select('detail')
        .where('action', '=', 'user.totpReset')
        .where('entityId', '=', t.userId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.detail).reason).toBe('手机丢失，已电话核实本人');
    });
  });

  describe('account recovery', () => {
    it('issues a one-time reset link that works for 24 hours, once', async () => {
      const m = await member(env, adminA.agent, provA.id);
      expect((await adminB.agent.post(`/api/users/${m.userId}/reset-link`)).status).toBe(404);
      const link = await adminA.agent.post<{ url: string; expiresAt: string }>(
        `/api/users/${m.userId}/reset-link`,
      );
      expect(link.status).toBe(200);
      expect(link.body.url).toMatch(/\/reset-password#[\w-]{40,}$/);
      const hours = (Date.parse(link.body.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      const token = link.body.url.split('#')[1]!;
      const anon = new Agent(env.app, '10.90.0.1');
      const peek = await anon.post<{ username: string }>('/api/auth/password-reset/check', {
        token,
      });
      expect(peek.body.username).toBe(m.username.toLowerCase());
      expect(
        (await anon.post('/api/auth/password-reset', { token, newPassword: 'password123' })).status,
      ).toBe(422);
      const done = await anon.post('/api/auth/password-reset', {
        token,
        newPassword: 'New-Passw0rd-Reset',
      });
      expect(done.status).toBe(200);
      expect((await m.agent.get('/api/auth/me')).status).toBe(401);
      await new Agent(env.app).login(m.username, 'New-Passw0rd-Reset');
      const again = await anon.post('/api/auth/password-reset', {
        token,
        newPassword: 'Third-Passw0rd-xx',
      });
      expect(again.status).toBe(400);
      expect(code(again)).toBe('RESET_TOKEN_INVALID');
      // An expired link is refused.
      const link2 = await adminA.agent.post<{ url: string }>(`/api/users/${m.userId}/reset-link`);
      await env.handle.db
        .updateTable('passwordResets')
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where('userId', '=', m.userId)
        .execute();
      const expired = await anon.post('/api/auth/password-reset', {
        token: link2.body.url.split('#')[1],
        newPassword: 'Third-Passw0rd-xx',
      });
      expect(expired.status).toBe(400);
      const audit = await env.handle.db
        .selectFrom('auditLog')
        .select('action')
        .where('entityId', '=', m.userId)
        .where('action', 'in', ['user.resetLinkIssued', 'account.passwordReset'])
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual([
        'account.passwordReset',
        'user.resetLinkIssued',
        'user.resetLinkIssued',
      ]);
    });

    it('sets a temporary password that must be changed before anything else', async () => {
      const m = await member(env, adminA.agent, provA.id);
      const set = await adminA.agent.post<UserView & { temporaryPassword: boolean }>(
        `/api/users/${m.userId}/temporary-password`,
        { password: 'Temp-Passw0rd-2026' },
      );
      expect(set.status).toBe(200);
      expect(set.body.temporaryPassword).toBe(true);
      const agent = new Agent(env.app);
      const login = await agent.login(m.username, 'Temp-Passw0rd-2026');
      expect((login.body as { passwordChangeRequired: boolean }).passwordChangeRequired).toBe(true);
      const blocked = await agent.get('/api/organisations');
      expect(blocked.status).toBe(403);
      expect(code(blocked)).toBe('TEMPORARY_PASSWORD');
      expect(
        (
          await agent.post('/api/auth/password', {
            currentPassword: 'Temp-Passw0rd-2026',
            newPassword: 'My-Own-Passw0rd-1',
          })
        ).status,
      ).toBe(200);
      expect((await agent.get('/api/organisations')).status).toBe(200);
    });

    it('shows a locked-out person to their admin, who unlocks them', async () => {
      const m = await member(env, adminA.agent, provA.id);
      for (let i = 0; i < 10; i++)
        await new Agent(env.app, `10.91.${i}.1`).post('/api/auth/login', {
          username: m.username,
          password: `wrong-${i}-password`,
        });
      const locked = await new Agent(env.app, '10.91.99.1').post('/api/auth/login', {
        username: m.username,
        password: PASSWORD,
      });
      expect(locked.status).toBe(429);
      const seen = await adminA.agent.get<UserView>(`/api/users/${m.userId}`);
      expect(seen.body.lockedUntil).not.toBeNull();
      expect((await adminB.agent.post(`/api/users/${m.userId}/unlock`)).status).toBe(404);
      const unlocked = await adminA.agent.post<UserView>(`/api/users/${m.userId}/unlock`);
      expect(unlocked.body.lockedUntil).toBeNull();
      await new Agent(env.app, '10.91.99.2').login(m.username, PASSWORD);
    });

    it('tells a person who forgot their password whom to ask, naming no contact data', async () => {
      await pa.agent.put('/api/privacy-settings', {
        guardianConsentAge: 14,
        accountHelpContact: '科普工作办公室 010-66558000',
      });
      const m = await member(env, adminA.agent, provA.id);
      const anon = new Agent(env.app, '10.92.0.1');
      const help = await anon.post<{
        units: { name: string; admins: string[] }[];
        helpContact: string;
      }>('/api/auth/account-help', { username: m.username });
      expect(help.body.units).toEqual([{ name: '湖南省自然资源厅', admins: ['测试用户'] }]);
      expect(help.body.helpContact).toBe('科普工作办公室 010-66558000');
      expect(JSON.stringify(help.body)).not.toContain('@');
      const unknown = await anon.post<{ units: unknown[] }>('/api/auth/account-help', {
        username: 'no-such-person',
      });
      expect(unknown.body.units).toEqual([]);
    });

    it('flags accounts that never signed in or have no password', async () => {
      const m = await member(env, adminA.agent, provA.id);
      await env.handle.db
        .updateTable('users')
        .set({ passwordHash: null, lastLoginAt: null })
        .where('id', '=', m.userId)
        .execute();
      const seen = await adminA.agent.get<UserView>(`/api/users/${m.userId}`);
      expect(seen.body.hasPassword).toBe(false);
      expect(seen.body.lastLoginAt).toBeNull();
      const active = await adminA.agent.get<UserView>(`/api/users/${adminA.userId}`);
      expect(active.body.hasPassword).toBe(true);
      expect(active.body.lastLoginAt).not.toBeNull();
    });

    it('counts registering (signed in at once) as a sign-in, not 从未登录', async () => {
      const newcomer = await buildPublicUser(env);
      const seen = await pa.agent.get<UserView>(`/api/users/${newcomer.userId}`);
      expect(seen.status).toBe(200);
      expect(seen.body.lastLoginAt).not.toBeNull();
    });
  });

  describe('personal information (PIPL)', () => {
    it('requires a birth year and consent to the current documents at registration', async () => {
      const anon = new Agent(env.app, '10.93.0.1');
      const noYear = await anon.post('/api/auth/register', {
        username: uniqueName('p'),
        password: PASSWORD,
        displayName: '无年份',
        consent: CONSENT,
      });
      expect(noYear.status).toBe(400);
      expect(JSON.stringify(noYear.body)).toContain('birthYear');
      const privacy = await anon.get<{ version: number; body: string }>('/api/policies/PRIVACY');
      expect(privacy.body.body).toContain('个人信息保护法');
      const stale = await anon.post('/api/auth/register', {
        username: uniqueName('p'),
        password: PASSWORD,
        displayName: '旧版本',
        birthYear: 1990,
        consent: { privacyVersion: privacy.body.version + 1, termsVersion: 1 },
      });
      expect(stale.status).toBe(422);
      expect(code(stale)).toBe('CONSENT_REQUIRED');
    });

    it('needs a guardian under 14, or under 18 where the platform says so', async () => {
      const year = new Date().getUTCFullYear();
      const reg = (age: number, guardian?: object) =>
        new Agent(env.app, '10.94.0.1').post('/api/auth/register', {
          username: uniqueName('k'),
          password: PASSWORD,
          displayName: '学生',
          birthYear: year - age,
          consent: CONSENT,
          ...(guardian ? { guardian } : {}),
        });
      expect((await reg(12)).status).toBe(422);
      expect(((await reg(12)).body as ErrorBody).error.message).toContain('未满 14 周岁');
      expect((await reg(15)).status).toBe(201);
      await pa.agent.put('/api/privacy-settings', {
        guardianConsentAge: 18,
        accountHelpContact: '',
      });
      try {
        const teen = await reg(15);
        expect(teen.status).toBe(422);
        expect((teen.body as ErrorBody).error.message).toContain('未满 18 周岁');
        expect(
          (await reg(15, { name: '家长', contact: '13900000000', consent: true })).status,
        ).toBe(201);
      } finally {
        await pa.agent.put('/api/privacy-settings', {
          guardianConsentAge: 14,
          accountHelpContact: '',
        });
      }
    });

    it('asks everyone to accept a new version of the privacy policy', async () => {
      const { agent } = await buildPublicUser(env);
      expect(
        (await agent.get<{ consentRequired: boolean }>('/api/auth/me')).body.consentRequired,
      ).toBe(false);
      const v = await pa.agent.post<{ version: number }>('/api/policies/PRIVACY', {
        title: '隐私政策',
        body: '<p>第二版隐私政策：新增活动报名信息的保存期限说明。</p><script>alert(1)</script>',
      });
      expect(v.status).toBe(201);
      const current = await agent.get<{ body: string; version: number }>('/api/policies/PRIVACY');
      expect(current.body.body).not.toContain('<script');
      expect(
        (await agent.get<{ consentRequired: boolean }>('/api/auth/me')).body.consentRequired,
      ).toBe(true);
      const terms = await agent.get<{ version: number }>('/api/policies/TERMS');
      const accepted = await agent.post<{ required: boolean }>('/api/me/consents', {
        privacyVersion: v.body.version,
        termsVersion: terms.body.version,
      });
      expect(accepted.body.required).toBe(false);
      const data = await agent.get<{ consents: { kind: string; version: number }[] }>(
        '/api/me/export',
      );
      expect(data.body.consents.filter((c) => c.kind === 'PRIVACY').map((c) => c.version)).toEqual([
        1,
        v.body.version,
      ]);
      // New registrations now need the new version.
      const old = await new Agent(env.app, '10.95.0.1').post('/api/auth/register', {
        ...ADULT,
        username: uniqueName('p'),
        password: PASSWORD,
        displayName: '新人',
      });
      expect(code(old)).toBe('CONSENT_REQUIRED');
    });

    it('exports an expert’s profile and applications with the rest of their data', async () => {
      const reviewer = await buildUserWithRole(env, pa.agent, 'REVIEWER', provA.id);
      const put = await reviewer.agent.request('PUT', '/api/experts/me', {
        title: '研究员',
        sectors: ['GEOLOGY'],
        topics: [],
        ties: [{ organisationId: provB.id, kind: 'FORMER_EMPLOYER', note: '曾任职' }],
      });
      expect(put.status).toBe(200);
      const data = await reviewer.agent.get<{
        expertProfile: { title: string; ties: { organisationName: string }[] } | null;
        applications: unknown[];
        objections: unknown[];
      }>('/api/me/export');
      expect(data.body.expertProfile?.title).toBe('研究员');
      expect(data.body.expertProfile?.ties[0]?.organisationName).toBe('四川省自然资源厅');
      expect(data.body.applications).toEqual([]);
      expect(data.body.objections).toEqual([]);
    });
  });
});
