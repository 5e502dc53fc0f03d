import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../src/modules/accounts/service.ts';
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
import { freshTotpCode } from './totp-clock.ts';

type ErrorBody = { error: { code: string; message: string } };
const code = (r: { body: unknown }) => (r.body as ErrorBody).error?.code;

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(() => env.close());

  describe('registration', () => {
    it('registers a member of the public and signs them in with an HttpOnly SameSite cookie', async () => {
      const agent = new Agent(env.app);
      const username = uniqueName('reg');
      const res = await agent.post<{
        user: { username: string };
        grants: unknown[];
        abilities: { console: boolean };
      }>('/api/auth/register', { ...ADULT, username, password: PASSWORD, displayName: '王小明' });
      expect(res.status).toBe(201);
      expect(res.body.user.username).toBe(username.toLowerCase());
      expect(res.body.grants).toEqual([]);
      expect(res.body.abilities.console).toBe(false);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/kepu_sid=[\w-]{43};/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Lax');
      expect((await agent.get('/api/auth/me')).status).toBe(200);
    });

    it('refuses a taken username with 409', async () => {
      const { username } = await buildPublicUser(env);
      const res = await new Agent(env.app).post('/api/auth/register', {
        ...ADULT,
        username,
        password: PASSWORD,
        displayName: '重名',
      });
      expect(res.status).toBe(409);
      expect(code(res)).toBe('USERNAME_TAKEN');
    });

    it('says in words what a username may hold (a Chinese name is refused clearly)', async () => {
      type Fields = { error: { details: { fields: { field: string; message: string }[] } } };
      const res = await new Agent(env.app).post<Fields>('/api/auth/register', {
        ...ADULT,
        username: '张三丰',
        password: PASSWORD,
        displayName: '张三丰',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual([
        expect.objectContaining({
          field: 'username',
          message: 'username：只能包含英文字母、数字和 _ . -，不能使用汉字或空格',
        }),
      ]);
      const en = await new Agent(env.app).post<Fields>(
        '/api/auth/register',
        { ...ADULT, username: 'zhang san', password: PASSWORD, displayName: '张三' },
        { 'accept-language': 'en-US' },
      );
      expect(en.body.error.details.fields[0]?.message).toBe(
        'username may contain only letters, digits and _ . - (no Chinese characters or spaces)',
      );
    });

    it.each([
      ['short1!', '至少 8 个字符'],
      ['password123', '这是常见密码，容易被猜到'],
      ['woaini1314', '这是常见密码，容易被猜到'],
      ['12345678', '这是常见密码，容易被猜到'],
      ['abcdefgh', '这是常见密码，容易被猜到'],
    ])('refuses the weak password %s', async (password, reason) => {
      const res = await new Agent(env.app).post('/api/auth/register', {
        ...ADULT,
        username: uniqueName('w'),
        password,
        displayName: '弱密码',
      });
      expect(res.status).toBe(422);
      expect((res.body as ErrorBody).error.message).toBe(`密码不符合要求：${reason}`);
    });

    it('accepts a 64-character password and refuses 129 characters without truncating', async () => {
      const long = `${'长密码Ab1-'.repeat(9)}x`.slice(0, 64);
      expect([...long].length).toBe(64);
      const agent = new Agent(env.app);
      const username = uniqueName('long');
      expect(
        (
          await agent.post('/api/auth/register', {
            ...ADULT,
            username,
            password: long,
            displayName: '长',
          })
        ).status,
      ).toBe(201);
      const other = new Agent(env.app);
      expect(
        (await other.post('/api/auth/login', { username, password: long.slice(0, 63) })).status,
      ).toBe(401);
      expect((await other.post('/api/auth/login', { username, password: long })).status).toBe(200);
      const tooLong = await new Agent(env.app).post('/api/auth/register', {
        ...ADULT,
        username: uniqueName('l'),
        password: 'aB3$'.repeat(33),
        displayName: '长',
      });
      expect(tooLong.status).toBe(400);
      expect(
        (tooLong.body as { error: { details: { fields: { message: string }[] } } }).error.details
          .fields[0]?.message,
      ).toBe('password：长度不能超过 128 个字符');
    });

    it('requires a guardian’s consent for a minor, and records it', async () => {
      const year = new Date().getUTCFullYear() - 12;
      const without = await new Agent(env.app).post('/api/auth/register', {
        ...ADULT,
        username: uniqueName('kid'),
        password: PASSWORD,
        displayName: '小学生',
        birthYear: year,
      });
      expect(without.status).toBe(422);
      expect(code(without)).toBe('GUARDIAN_CONSENT_REQUIRED');
      const agent = new Agent(env.app);
      const withConsent = await agent.post<{ user: { isMinor: boolean } }>('/api/auth/register', {
        ...ADULT,
        username: uniqueName('kid'),
        password: PASSWORD,
        displayName: '小学生',
        birthYear: year,
        guardian: { name: '家长', contact: '13800000000', consent: true },
      });
      expect(withConsent.status).toBe(201);
      expect(withConsent.body.user.isMinor).toBe(true);
      const data = await agent.get<{
        profile: { guardianName: string; guardianConsentAt: string | null };
      }>('/api/me/export');
      expect(data.body.profile.guardianName).toBe('家长');
      expect(data.body.profile.guardianConsentAt).not.toBeNull();
    });
  });

  describe('sessions', () => {
    it('rotates the session id at login and ends the old one at logout', async () => {
      const { agent, username } = await buildPublicUser(env);
      const first = agent.cookie;
      await agent.login(username, PASSWORD);
      expect(agent.cookie).not.toBe(first);
      const stale = new Agent(env.app);
      stale.cookie = first;
      expect((await stale.get('/api/auth/me')).status).toBe(401);
      expect((await agent.post('/api/auth/logout')).status).toBe(200);
      expect((await agent.get('/api/auth/me')).status).toBe(401);
    });

    it('requires the CSRF token on cookie-authenticated writes', async () => {
      const { agent } = await buildPublicUser(env);
      const token = agent.csrf;
      agent.csrf = null;
      const res = await agent.post('/api/auth/logout-others');
      expect(res.status).toBe(403);
      expect(code(res)).toBe('CSRF_FAILED');
      agent.csrf = 'wrong';
      expect((await agent.post('/api/auth/logout-others')).status).toBe(403);
      agent.csrf = token;
      expect((await agent.post('/api/auth/logout-others')).status).toBe(200);
    });

    it('logs out my other sessions, keeping this one', async () => {
      const { agent, username } = await buildPublicUser(env);
      const phone = new Agent(env.app);
      await phone.login(username, PASSWORD);
      const res = await agent.post<{ ended: number }>('/api/auth/logout-others');
      expect(res.body.ended).toBe(1);
      expect((await phone.get('/api/auth/me')).status).toBe(401);
      expect((await agent.get('/api/auth/me')).status).toBe(200);
    });

    it('ends a session idle for longer than the idle timeout', async () => {
      const { agent, userId } = await buildPublicUser(env);
      const old = new Date(Date.now() - 31 * 60_000).toISOString();
      await env.handle.db
        .updateTable('sessions')
        .set({ lastSeenAt: old })
        .where('userId', '=', userId)
        .execute();
      const res = await agent.get('/api/auth/me');
      expect(res.status).toBe(401);
      const left = await env.handle.db
        .selectFrom('sessions')
        .select('idHash')
        .where('userId', '=', userId)
        .execute();
      expect(left).toEqual([]);
    });

    it('stores only a hash of the session id', async () => {
      const { agent, userId } = await buildPublicUser(env);
      const token = agent.cookie!.split('=')[1]!;
      const rows = await env.handle.db
        .selectFrom('sessions')
        .select('idHash')
        .where('userId', '=', userId)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.idHash).not.toContain(token);
      expect(rows[0]!.idHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('changes the password, ending other sessions', async () => {
      const { agent, username } = await buildPublicUser(env);
      const other = new Agent(env.app);
      await other.login(username, PASSWORD);
      const wrong = await agent.post('/api/auth/password', {
        currentPassword: 'nope-nope',
        newPassword: 'Another-Passw0rd',
      });
      expect(wrong.status).toBe(401);
      const ok = await agent.post('/api/auth/password', {
        currentPassword: PASSWORD,
        newPassword: 'Another-Passw0rd',
      });
      expect(ok.status).toBe(200);
      expect((await other.get('/api/auth/me')).status).toBe(401);
      await new Agent(env.app).login(username, 'Another-Passw0rd');
    });
  });

  describe('login throttling', () => {
    it('answers a wrong password and an unknown user alike', async () => {
      const { username } = await buildPublicUser(env);
      const a = await new Agent(env.app, '10.1.0.1').post('/api/auth/login', {
        username,
        password: 'wrong-password',
      });
      const b = await new Agent(env.app, '10.1.0.1').post('/api/auth/login', {
        username: uniqueName('ghost'),
        password: 'wrong-password',
      });
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      expect(a.body).toEqual(b.body);
    });

    it('throttles an account after 10 failures in 15 minutes, even with the right password', async () => {
      const { username } = await buildPublicUser(env);
      const agent = new Agent(env.app, '10.2.0.1');
      for (let i = 0; i < 9; i++)
        expect(
          (await agent.post('/api/auth/login', { username, password: `wrong-${i}-password` }))
            .status,
        ).toBe(401);
      const tenth = await agent.post('/api/auth/login', {
        username,
        password: 'wrong-10-password',
      });
      expect(tenth.status).toBe(429);
      expect((tenth.body as ErrorBody).error.message).toMatch(
        /^登录失败次数过多，请 1[45] 分钟后再试$/,
      );
      const right = await new Agent(env.app, '10.2.0.2').post('/api/auth/login', {
        username,
        password: PASSWORD,
      });
      expect(right.status).toBe(429);
    });

    it('throttles an address trying many accounts', async () => {
      const agent = new Agent(env.app, '10.3.0.1');
      let last = 0;
      for (let i = 0; i < 50; i++)
        last = (
          await agent.post('/api/auth/login', {
            username: uniqueName('x'),
            password: 'wrong-password',
          })
        ).status;
      expect(last).toBe(429);
      const { username } = await buildPublicUser(env);
      expect((await agent.post('/api/auth/login', { username, password: PASSWORD })).status).toBe(
        429,
      );
      expect(
        (
          await new Agent(env.app, '10.3.0.2').post('/api/auth/login', {
            username,
            password: PASSWORD,
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('first administrator and TOTP', () => {
    it('sets up the first platform admin with the one-time token, then requires TOTP enrolment', async () => {
      const fresh = await createTestEnv(dialect);
      try {
        const anon = new Agent(fresh.app);
        expect((await anon.get('/api/setup')).body).toEqual({ needed: true });
        const token = await issueSetupToken(fresh.handle.db);
        expect(token).toBeTruthy();
        const bad = await anon.post('/api/setup', {
          token: 'x'.repeat(32),
          username: 'chief',
          password: PASSWORD,
          displayName: '主任',
        });
        expect(code(bad)).toBe('SETUP_TOKEN_INVALID');
        const ok = await anon.post<{ mfaEnrolmentRequired: boolean }>('/api/setup', {
          token,
          username: 'chief',
          password: PASSWORD,
          displayName: '主任',
        });
        expect(ok.status).toBe(201);
        expect(ok.body.mfaEnrolmentRequired).toBe(true);
        const blocked = await anon.get('/api/organisations');
        expect(blocked.status).toBe(403);
        expect(code(blocked)).toBe('MFA_ENROLMENT_REQUIRED');
        const setup = await anon.post<{ secret: string; otpauthUrl: string }>(
          '/api/auth/totp/setup',
        );
        expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
        expect(code(await anon.post('/api/auth/totp/confirm', { code: '000000' }))).toBe(
          'INVALID_TOTP',
        );
        expect(
          (
            await anon.post('/api/auth/totp/confirm', {
              code: await freshTotpCode(setup.body.secret),
            })
          ).status,
        ).toBe(200);
        expect((await anon.get('/api/organisations')).status).toBe(200);
        // The token is single-use and setup is over.
        expect(
          code(
            await new Agent(fresh.app).post('/api/setup', {
              token,
              username: 'chief2',
              password: PASSWORD,
              displayName: '二',
            }),
          ),
        ).toBe('SETUP_DONE');
        expect((await anon.get('/api/setup')).body).toEqual({ needed: false });
        // Next login needs the code.
        const again = new Agent(fresh.app);
        const noCode = await again.post('/api/auth/login', {
          username: 'chief',
          password: PASSWORD,
        });
        expect(noCode.status).toBe(401);
        expect(code(noCode)).toBe('MFA_REQUIRED');
        await again.login('chief', PASSWORD, setup.body.secret);
        expect((await again.get('/api/audit')).status).toBe(200);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('my data', () => {
    it('exports my data without secrets', async () => {
      const { agent, username } = await buildPublicUser(env);
      const res = await agent.get<{
        profile: Record<string, unknown>;
        activity: { action: string }[];
      }>('/api/me/export');
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain('kepu-my-data.json');
      expect(res.body.profile.username).toBe(username);
      expect(res.body.profile).not.toHaveProperty('passwordHash');
      expect(res.body.profile).not.toHaveProperty('totpSecret');
      expect(res.body.activity.map((a) => a.action)).toContain('account.register');
    });

    it('exports my requests to join a unit; deleting my account withdraws the pending one', async () => {
      const { agent, userId } = await buildPublicUser(env);
      const req = await agent.post<{ id: string }>('/api/me/join-requests', {
        organisationId: env.rootId,
        position: '科普志愿者',
      });
      expect(req.status).toBe(201);
      const res = await agent.get<{ joinRequests: { id: string; status: string }[] }>(
        '/api/me/export',
      );
      expect(res.body.joinRequests).toEqual([
        expect.objectContaining({ id: req.body.id, position: '科普志愿者', status: 'PENDING' }),
      ]);
      expect((await agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
      const rows = await env.handle.db
        .selectFrom('joinRequests')
        .select(['status', 'decidedAt'])
        .where('userId', '=', userId)
        .execute();
      expect(rows).toEqual([{ status: 'WITHDRAWN', decidedAt: expect.any(String) }]);
    });

    it('takes my join request out of the administrators’ inboxes when I delete my account', async () => {
      const admin = (await buildPlatformAdmin(env)).agent;
      const unit = await buildOrganisation(admin, env.rootId, { name: '注销测试科普馆' });
      const unitAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', unit.id)).agent;
      const leaving = await buildPublicUser(env);
      const staying = await buildPublicUser(env);
      for (const p of [leaving, staying])
        expect(
          (
            await p.agent.post('/api/me/join-requests', {
              organisationId: unit.id,
              position: '讲解员',
            })
          ).status,
        ).toBe(201);
      const inbox = async () =>
        (
          await unitAdmin.get<{ items: { title: string }[] }>('/api/me/notifications?pageSize=50')
        ).body.items.filter((n) => n.title.includes('申请加入注销测试科普馆'));
      expect(await inbox()).toHaveLength(2);
      expect((await leaving.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
      // The leaving person's message is gone; the other person's stays.
      expect(await inbox()).toHaveLength(1);
      const named = await env.handle.db
        .selectFrom('notifications')
        .select('aboutUserId')
        .where('kind', '=', 'join.requested')
        .where('aboutUserId', 'in', [leaving.userId, staying.userId])
        .execute();
      expect(named).toEqual([{ aboutUserId: staying.userId }]);
    });

    it('deletes my account: personal data erased, sign-in impossible', async () => {
      const { agent, username, userId } = await buildPublicUser(env);
      expect((await agent.del('/api/me', { password: 'wrong-password' })).status).toBe(401);
      expect((await agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
      const row = await env.handle.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        status: 'DELETED',
        displayName: '已注销用户',
        email: null,
        passwordHash: null,
      });
      expect(row.username).not.toBe(username);
      expect(
        (await new Agent(env.app).post('/api/auth/login', { username, password: PASSWORD })).status,
      ).toBe(401);
    });

    it('keeps the last platform admin from deleting themselves', async () => {
      const fresh = await createTestEnv(dialect);
      try {
        const { agent } = await buildPlatformAdmin(fresh);
        const res = await agent.del('/api/me', { password: PASSWORD });
        expect(res.status).toBe(409);
      } finally {
        await fresh.close();
      }
    });
  });
});

describe('served over HTTPS', () => {
  it('names the cookie __Host-kepu_sid and marks it Secure', async () => {
    const env = await createTestEnv('sqlite', { KEPU_PUBLIC_URL: 'https://kepu.example.gov.cn' });
    try {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { ...ADULT, username: uniqueName('s'), password: PASSWORD, displayName: '安全' },
      });
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-kepu_sid=[\w-]{43}; Path=\/;/);
      expect(cookie).toContain('Secure');
      expect(cookie).toContain('HttpOnly');
    } finally {
      await env.close();
    }
  });
});

describe('等保 profile', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('sqlite', { KEPU_SECURITY_PROFILE: 'dengbao' });
  });
  afterAll(() => env.close());

  it('requires three character classes', async () => {
    const res = await new Agent(env.app).post('/api/auth/register', {
      ...ADULT,
      username: uniqueName('d'),
      password: 'onlylowercaseletters',
      displayName: '等保',
    });
    expect(res.status).toBe(422);
    expect((res.body as ErrorBody).error.message).toContain('至少三类');
  });

  it('locks the account for 15 minutes after 5 failures', async () => {
    const { username } = await buildPublicUser(env);
    const agent = new Agent(env.app, '10.9.0.1');
    for (let i = 0; i < 4; i++)
      expect(
        (await agent.post('/api/auth/login', { username, password: `wrong-${i}-password` })).status,
      ).toBe(401);
    const fifth = await agent.post('/api/auth/login', { username, password: 'wrong-5-password' });
    expect(fifth.status).toBe(423);
    expect((fifth.body as ErrorBody).error.message).toBe(
      '连续登录失败 5 次，账号已锁定，请 15 分钟后再试',
    );
    expect(
      (
        await new Agent(env.app, '10.9.0.2').post('/api/auth/login', {
          username,
          password: PASSWORD,
        })
      ).status,
    ).toBe(423);
  });

  it('requires a password change after 90 days', async () => {
    const { agent, userId } = await buildPublicUser(env);
    const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
    await env.handle.db
      .updateTable('users')
      .set({ passwordChangedAt: old })
      .where('id', '=', userId)
      .execute();
    const me = await agent.get<{ passwordChangeRequired: boolean }>('/api/auth/me');
    expect(me.body.passwordChangeRequired).toBe(true);
    const blocked = await agent.get('/api/me/export');
    expect(blocked.status).toBe(403);
    expect(code(blocked)).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(
      (
        await agent.post('/api/auth/password', {
          currentPassword: PASSWORD,
          newPassword: 'New-Passw0rd-2026',
        })
      ).status,
    ).toBe(200);
    expect((await agent.get('/api/me/export')).status).toBe(200);
  });
});
