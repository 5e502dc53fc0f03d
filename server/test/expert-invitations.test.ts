import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { newId, nowIso } from '../src/platform/ids.ts';
import { runDueJobs } from '../src/platform/jobs/runner.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';

/** A real SMTP server in this process: what it receives, parsed. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          done();
        },
        (e: Error) => done(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Outcome {
  email: string;
  name: string;
  outcome: string;
  invitationId: string | null;
}
interface Invitation {
  id: string;
  status: string;
  email: string;
  organisationName: string;
  acceptedByName: string | null;
  sentAt: string | null;
}

describe.each(DIALECTS)('expert invitations by e-mail on %s', (dialect) => {
  let env: TestEnv;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: Agent;
  let hunan: { id: string; name: string };
  let sichuan: { id: string; name: string };
  let institute: { id: string; name: string };
  let unitAdmin: Agent;
  let provinceAdmin: Agent;
  let foreignAdmin: Agent;
  let editor: Agent;

  beforeAll(async () => {
    smtp = await startSmtp();
    env = await createTestEnv(dialect, {
      KEPU_SMTP_URL: smtp.url,
      KEPU_PUBLIC_URL: 'https://kepu.example.cn',
      KEPU_MAIL_FROM: '科普平台 <kepu@example.cn>',
    });
    admin = (await buildPlatformAdmin(env)).agent;
    hunan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    sichuan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    institute = await buildOrganisation(admin, hunan.id, {
      type: 'RESEARCH_UNIT',
      name: '湖南省地质研究所',
    });
    unitAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', institute.id)).agent;
    provinceAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', hunan.id)).agent;
    foreignAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', sichuan.id)).agent;
    editor = (await buildUserWithRole(env, admin, 'EDITOR', institute.id)).agent;
  }, 60_000);
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  const db = () => env.handle.db;
  const sendMails = () =>
    runDueJobs(
      { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
      { names: ['experts.invitationMail'], schedules: false },
    );
  /** The link token of the last mail to `to`. */
  function tokenIn(to: string) {
    const mine = smtp.received.filter((m) => JSON.stringify(m.to).includes(to));
    expect(mine.length, `a mail to ${to}`).toBeGreaterThan(0);
    const m = /https:\/\/kepu\.example\.cn\/join\/expert\/([\w-]+)/.exec(mine.at(-1)!.text ?? '');
    expect(m, 'the link in the mail').not.toBeNull();
    return m![1]!;
  }
  async function invite(
    agent: Agent,
    invitees: { email: string; name: string }[],
    organisationId = institute.id,
    message = '',
  ) {
    return agent.post<{ results: Outcome[]; sentToday: number }>('/api/experts/invitations', {
      organisationId,
      invitees,
      message,
    });
  }
  async function invitedOne(email: string, name = '李明') {
    const r = await invite(unitAdmin, [{ email, name }]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.results[0]!.outcome).toBe('INVITED');
    await sendMails();
    return { id: r.body.results[0]!.invitationId!, token: tokenIn(email) };
  }
  async function auditActions(entityId: string) {
    const rows = await db()
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', entityId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }

  it('mails a zh-CN invitation with a link; the invitee accepts and lands on an empty profile of the unit', async () => {
    const r = await invite(
      unitAdmin,
      [
        { email: 'Li.Ming@Example.cn', name: '李明' },
        { email: 'wang.fang@example.cn', name: '王芳' },
        { email: 'li.ming@example.cn', name: '李明' },
      ],
      institute.id,
      '我们正在组建滑坡防治科普专家团队，\n期待您的加入。',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.results.map((x) => [x.email, x.outcome])).toEqual([
      ['li.ming@example.cn', 'INVITED'],
      ['wang.fang@example.cn', 'INVITED'],
      ['li.ming@example.cn', 'REPEATED'],
    ]);
    expect(r.body.sentToday).toBe(2);
    // Nothing leaves in the request: the mails are jobs.
    expect(smtp.received.filter((m) => JSON.stringify(m.to).includes('li.ming'))).toHaveLength(0);
    const row = await db()
      .selectFrom('expertInvitations')
      .selectAll()
      .where('id', '=', r.body.results[0]!.invitationId!)
      .executeTakeFirstOrThrow();
    expect(row.tokenHash).toBeNull();
    expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(14 * 86_400_000);
    await sendMails();
    const mail = smtp.received.find((m) => JSON.stringify(m.to).includes('li.ming@example.cn'))!;
    expect(mail.subject).toBe('湖南省地质研究所邀请您加入自然资源科普专家库');
    expect(mail.text).toContain('李明，您好');
    expect(mail.text).toContain('> 期待您的加入。');
    const token = tokenIn('li.ming@example.cn');
    // Only the token's hash is kept.
    const stored = await db()
      .selectFrom('expertInvitations')
      .select('tokenHash')
      .where('id', '=', r.body.results[0]!.invitationId!)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenHash).not.toContain(token);

    const anon = new Agent(env.app);
    const preview = await anon.get<Record<string, string>>(
      `/api/public/expert-invitations/${token}`,
    );
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      organisationName: '湖南省地质研究所',
      inviteeName: '李明',
      inviterName: '测试用户',
    });
    expect(JSON.stringify(preview.body)).not.toContain('example.cn');
    // Accepting needs an account.
    expect((await anon.post(`/api/expert-invitations/${token}/accept`)).status).toBe(401);

    const person = await buildPublicUser(env);
    expect((await person.agent.get('/api/experts/me')).status).toBe(403);
    const accepted = await person.agent.post<{ next: string; organisationName: string }>(
      `/api/expert-invitations/${token}/accept`,
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toEqual({
      organisationName: '湖南省地质研究所',
      next: '/admin/expert-profile',
    });
    const profile = await person.agent.get<{ organisationId: string; title: string }>(
      '/api/experts/me',
    );
    expect(profile.status).toBe(200);
    expect(profile.body.organisationId).toBe(institute.id);
    expect(profile.body.title).toBe('');
    // The role is REVIEWER on the inviting unit, nothing more.
    const me = await person.agent.get<{ grants: { role: string; organisationId: string }[] }>(
      '/api/auth/me',
    );
    expect(me.body.grants.map((g) => [g.role, g.organisationId])).toEqual([
      ['REVIEWER', institute.id],
    ]);
    // The directory finds them through the unit.
    const dir = await unitAdmin.get<{ items: { userId: string }[] }>(
      `/api/experts?organisationId=${institute.id}`,
    );
    expect(dir.body.items.map((x) => x.userId)).toContain(person.userId);
    // The link works once.
    const again = await person.agent.post<{ error: { message: string } }>(
      `/api/expert-invitations/${token}/accept`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已经被接受');
    expect((await anon.get(`/api/public/expert-invitations/${token}`)).status).toBe(409);
    const list = await unitAdmin.get<{ items: Invitation[] }>(
      `/api/experts/invitations?organisationId=${institute.id}&status=ACCEPTED`,
    );
    expect(list.body.items.map((i) => [i.email, i.acceptedByName])).toEqual([
      ['li.ming@example.cn', '公众用户'],
    ]);
    expect(await auditActions(r.body.results[0]!.invitationId!)).toEqual([
      'expertInvitation.create',
    ]);
    expect(await auditActions(person.userId)).toContain('expertInvitation.accept');
    // Inviting the same address again: they are in the directory now (by their account's address).
    expect((await person.agent.patch('/api/me', { email: 'li.ming@example.cn' })).status).toBe(200);
    const dup = await invite(unitAdmin, [
      { email: 'li.ming@example.cn', name: '李明' },
      { email: 'WANG.FANG@example.cn', name: '王芳' },
    ]);
    expect(dup.body.results.map((x) => x.outcome)).toEqual(['ALREADY_EXPERT', 'ALREADY_INVITED']);
    expect(dup.body.sentToday).toBe(2);

    // Their export lists the invitation; deleting the account unlinks and blanks it.
    const exported = await person.agent.get<{ sections: { module: string; title: string }[] }>(
      '/api/me/export',
    );
    const section = exported.body.sections.find((s) => s.module === 'expert-invitations');
    expect(section?.title).toBe('专家库邀请');
    expect(JSON.stringify(section)).toContain('湖南省地质研究所');
    expect((await person.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    const erased = await db()
      .selectFrom('expertInvitations')
      .select(['acceptedUserId', 'email', 'name'])
      .where('id', '=', r.body.results[0]!.invitationId!)
      .executeTakeFirstOrThrow();
    expect(erased).toEqual({ acceptedUserId: null, email: '', name: '' });
  });

  it('keeps each unit to its administrators: another province cannot invite, list, revoke or resend', async () => {
    const { id } = await invitedOne('zhao.lei@example.cn', '赵磊');
    expect((await invite(foreignAdmin, [{ email: 'x@example.cn', name: '某人' }])).status).toBe(
      403,
    );
    expect((await invite(editor, [{ email: 'x@example.cn', name: '某人' }])).status).toBe(403);
    expect(
      (await foreignAdmin.get(`/api/experts/invitations?organisationId=${institute.id}`)).status,
    ).toBe(403);
    const theirs = await foreignAdmin.get<{ items: Invitation[] }>('/api/experts/invitations');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((i) => i.id)).not.toContain(id);
    expect((await editor.get('/api/experts/invitations')).status).toBe(403);
    expect((await foreignAdmin.post(`/api/experts/invitations/${id}/revoke`)).status).toBe(403);
    expect((await foreignAdmin.post(`/api/experts/invitations/${id}/resend`)).status).toBe(403);
    expect((await foreignAdmin.post(`/api/experts/invitations/${newId()}/revoke`)).status).toBe(
      404,
    );
    // The province above the unit sees and manages its invitations.
    const above = await provinceAdmin.get<{ items: Invitation[] }>(
      `/api/experts/invitations?organisationId=${institute.id}&status=PENDING`,
    );
    expect(above.body.items.map((i) => i.id)).toContain(id);
    // A province admin may invite into their own province.
    const own = await invite(
      foreignAdmin,
      [{ email: 'chen.jie@example.cn', name: '陈洁' }],
      sichuan.id,
    );
    expect(own.status).toBe(200);
    const r = await provinceAdmin.post<Invitation>(`/api/experts/invitations/${id}/revoke`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('REVOKED');
  });

  it('revoked links stop working; a revoke asks once', async () => {
    const { id, token } = await invitedOne('sun.li@example.cn', '孙丽');
    const r = await unitAdmin.post<Invitation>(`/api/experts/invitations/${id}/revoke`);
    expect(r.status).toBe(200);
    expect((await unitAdmin.post(`/api/experts/invitations/${id}/revoke`)).status).toBe(409);
    expect((await unitAdmin.post(`/api/experts/invitations/${id}/resend`)).status).toBe(409);
    const person = await buildPublicUser(env);
    const res = await person.agent.post<{ error: { message: string } }>(
      `/api/expert-invitations/${token}/accept`,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已撤销');
    expect((await person.agent.get('/api/experts/me')).status).toBe(403);
    expect(await auditActions(id)).toEqual(['expertInvitation.create', 'expertInvitation.revoke']);
    // A new invitation to the same address is possible after a revoke.
    expect(
      (await invite(unitAdmin, [{ email: 'sun.li@example.cn', name: '孙丽' }])).body.results[0]!
        .outcome,
    ).toBe('INVITED');
  });

  it('resends with a new link (the old one ends), not twice in ten minutes', async () => {
    const { id, token } = await invitedOne('zhou.yu@example.cn', '周宇');
    const soon = await unitAdmin.post<{ error: { code: string } }>(
      `/api/experts/invitations/${id}/resend`,
    );
    expect(soon.status).toBe(429);
    await db()
      .updateTable('expertInvitationSends')
      .set({ createdAt: nowIso(Date.now() - 3_600_000) })
      .where('invitationId', '=', id)
      .execute();
    const r = await unitAdmin.post<Invitation>(`/api/experts/invitations/${id}/resend`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await sendMails();
    const fresh = tokenIn('zhou.yu@example.cn');
    expect(fresh).not.toBe(token);
    const anon = new Agent(env.app);
    const old = await anon.get<{ error: { code: string } }>(
      `/api/public/expert-invitations/${token}`,
    );
    expect(old.status).toBe(404);
    expect(old.body.error.code).toBe('INVITATION_LINK_UNKNOWN');
    expect((await anon.get(`/api/public/expert-invitations/${fresh}`)).status).toBe(200);
    expect(await auditActions(id)).toEqual(['expertInvitation.create', 'expertInvitation.resend']);
  });

  it('an expired link says so; inviting the address again renews the invitation', async () => {
    const { id, token } = await invitedOne('wu.hao@example.cn', '吴昊');
    await db()
      .updateTable('expertInvitations')
      .set({ expiresAt: nowIso(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const anon = new Agent(env.app);
    const res = await anon.get<{ error: { message: string } }>(
      `/api/public/expert-invitations/${token}`,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('过期');
    const person = await buildPublicUser(env);
    expect((await person.agent.post(`/api/expert-invitations/${token}/accept`)).status).toBe(409);
    const expired = await unitAdmin.get<{ items: Invitation[] }>(
      `/api/experts/invitations?status=EXPIRED`,
    );
    expect(expired.body.items.map((i) => i.id)).toContain(id);
    const again = await invite(unitAdmin, [{ email: 'wu.hao@example.cn', name: '吴昊' }]);
    expect(again.body.results[0]).toMatchObject({ outcome: 'INVITED', invitationId: id });
    await sendMails();
    const renewed = tokenIn('wu.hao@example.cn');
    expect((await person.agent.post(`/api/expert-invitations/${renewed}/accept`)).status).toBe(200);
  });

  it('grants no more than the inviter could: an inviter who lost the unit’s administration cannot be accepted', async () => {
    const inviter = await buildUserWithRole(env, admin, 'ORG_ADMIN', institute.id);
    const r = await invite(inviter.agent, [{ email: 'qian.feng@example.cn', name: '钱峰' }]);
    await sendMails();
    const token = tokenIn('qian.feng@example.cn');
    const user = await admin.get<{ grants: { id: string; role: string }[] }>(
      `/api/users/${inviter.userId}`,
    );
    const grant = user.body.grants.find((g) => g.role === 'ORG_ADMIN')!;
    expect(
      (await admin.request('DELETE', `/api/users/${inviter.userId}/grants/${grant.id}`)).status,
    ).toBe(200);
    const person = await buildPublicUser(env);
    const res = await person.agent.post<{ error: { message: string } }>(
      `/api/expert-invitations/${token}/accept`,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('不再是');
    expect((await person.agent.get('/api/experts/me')).status).toBe(403);
    expect(r.body.results[0]!.outcome).toBe('INVITED');
  });

  it('keeps the link token out of the log', async () => {
    const { token } = await invitedOne('log.check@example.cn', '日志');
    const lines: string[] = [];
    const app = await buildApp({ ...env.config, logLevel: 'info' }, env.handle, {
      logStream: { write: (line) => void lines.push(line) },
    });
    try {
      const visitor = new Agent(app);
      expect((await visitor.get(`/api/public/expert-invitations/${token}`)).status).toBe(200);
      await visitor.get(`/join/expert/${token}`);
      expect(lines.some((l) => l.includes('/api/public/expert-invitations/[token]'))).toBe(true);
      expect(lines.filter((l) => l.includes(token))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('bounds the input and the mails an administrator sends a day', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({
      email: `p${i}@example.cn`,
      name: `人${i}`,
    }));
    const tooMany = await invite(unitAdmin, many);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('invitees');
    const badMail = await invite(unitAdmin, [{ email: 'not-an-address', name: '某人' }]);
    expect(badMail.status).toBe(400);
    expect(JSON.stringify(badMail.body)).toContain('invitees.0.email');
    const longMessage = await invite(
      unitAdmin,
      [{ email: 'a@example.cn', name: '某人' }],
      institute.id,
      '长'.repeat(501),
    );
    expect(longMessage.status).toBe(400);
    expect(JSON.stringify(longMessage.body)).toContain('message');
    expect((await unitAdmin.get('/api/experts/invitations?pageSize=201')).status).toBe(400);
    expect((await unitAdmin.get('/api/public/expert-invitations/short')).status).toBe(400);

    // 199 mails already asked for today: one more goes, two do not.
    const limited = await buildUserWithRole(env, admin, 'ORG_ADMIN', institute.id);
    const first = await invite(limited.agent, [{ email: 'lim0@example.cn', name: '限一' }]);
    const invId = first.body.results[0]!.invitationId!;
    await db()
      .insertInto('expertInvitationSends')
      .values(
        Array.from({ length: 198 }, () => ({
          id: newId(),
          invitationId: invId,
          sentBy: limited.userId,
          createdAt: nowIso(),
        })),
      )
      .execute();
    const over = await invite(limited.agent, [
      { email: 'lim1@example.cn', name: '限二' },
      { email: 'lim2@example.cn', name: '限三' },
    ]);
    expect(over.status).toBe(429);
    expect((over.body as unknown as { error: { message: string } }).error.message).toBe(
      '每位管理员 24 小时内最多发出 200 份专家邀请，目前还可发出 1 份',
    );
    // Duplicates cost nothing; the last one fits.
    const fits = await invite(limited.agent, [
      { email: 'lim0@example.cn', name: '限一' },
      { email: 'lim1@example.cn', name: '限二' },
    ]);
    expect(fits.status).toBe(200);
    expect(fits.body.sentToday).toBe(200);
    const list = await limited.agent.get<{
      sentToday: number;
      dailyLimit: number;
      mailConfigured: boolean;
    }>('/api/experts/invitations');
    expect(list.body).toMatchObject({ sentToday: 200, dailyLimit: 200, mailConfigured: true });
  });
});
