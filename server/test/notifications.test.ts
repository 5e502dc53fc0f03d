import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/platform/jobs/runner.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';

interface Page {
  items: {
    id: string;
    kind: string;
    title: string;
    body: string;
    link: string | null;
    readAt: string | null;
  }[];
  total: number;
  unread: number;
}
interface Prefs {
  emailAvailable: boolean;
  hasEmail: boolean;
  kinds: { kind: string; label: string; email: boolean }[];
}

/** A real SMTP server in this process: what it receives, parsed. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          if (refuse) return done(Object.assign(new Error('mailbox busy'), { responseCode: 451 }));
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
    refuse: (on: boolean) => {
      refuse = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('notifications on %s', (dialect) => {
  let env: TestEnv;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: Agent;
  let unit: { id: string };
  let author: Agent;
  let reviewer: Agent;

  beforeAll(async () => {
    smtp = await startSmtp();
    env = await createTestEnv(dialect, {
      KEPU_SMTP_URL: smtp.url,
      KEPU_PUBLIC_URL: 'https://kepu.example.cn',
      KEPU_MAIL_FROM: '科普平台 <kepu@example.cn>',
    });
    admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { type: 'BASE_HOST', name: '通知测试馆' });
    const a = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
    author = a.agent;
    reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', unit.id)).agent;
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  const jobs = (now?: number) =>
    runDueJobs(
      { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
      { names: ['notify.email'], schedules: false, ...(now ? { now } : {}) },
    );

  const checkedWork = async (title: string, decision: 'PASSED' | 'RETURNED', comments = '') => {
    const w = await author.post<{ id: string }>('/api/works', {
      organisationId: unit.id,
      type: 'GRAPHIC',
      title,
      summary: '摘要',
      body: '<p>正文</p>',
    });
    expect(w.status).toBe(201);
    expect((await author.post(`/api/works/${w.body.id}/submit`)).status).toBe(200);
    const c = await reviewer.post(`/api/works/${w.body.id}/check`, { decision, comments });
    expect(c.status).toBe(200);
    return w.body.id;
  };

  it('a checked work tells its author in the inbox; the bell counts; read one, read all', async () => {
    expect((await new Agent(env.app).get('/api/me/notifications')).status).toBe(401);
    const id = await checkedWork('岩石的故事', 'RETURNED', '请补充岩石分类的出处');
    expect((await author.get('/api/me/notifications/unread')).body).toEqual({ unread: 1 });
    const page = (await author.get<Page>('/api/me/notifications')).body;
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      kind: 'work.checked',
      title: '《岩石的故事》被退回修改',
      link: `/admin/works/${id}/edit`,
      readAt: null,
    });
    expect(page.items[0]!.body).toContain('审核意见：请补充岩石分类的出处');
    // Nobody else sees it, or can mark it.
    expect((await reviewer.get<Page>('/api/me/notifications')).body.total).toBe(0);
    const n = page.items[0]!.id;
    expect((await reviewer.post(`/api/me/notifications/${n}/read`)).status).toBe(404);
    expect((await author.post(`/api/me/notifications/${n}/read`)).status).toBe(200);
    expect((await author.post(`/api/me/notifications/${n}/read`)).status).toBe(200);
    expect((await author.get('/api/me/notifications/unread')).body).toEqual({ unread: 0 });

    await checkedWork('矿物的颜色', 'PASSED');
    await checkedWork('土壤的秘密', 'PASSED');
    const unread = (await author.get<Page>('/api/me/notifications?unread=true')).body;
    expect(unread.items.map((i) => i.title)).toEqual([
      '《土壤的秘密》已通过科学性审核',
      '《矿物的颜色》已通过科学性审核',
    ]);
    expect((await author.post('/api/me/notifications/read-all')).status).toBe(200);
    expect((await author.get<Page>('/api/me/notifications')).body).toMatchObject({
      total: 3,
      unread: 0,
    });
  });

  it('mails it through the SMTP server, in the person’s language, off the request', async () => {
    // Without an address nothing was queued: the earlier checks sent nothing.
    expect(await jobs()).toEqual({ succeeded: 0, retrying: 0, failed: 0 });
    expect((await author.get<Prefs>('/api/me/notification-prefs')).body).toMatchObject({
      emailAvailable: true,
      hasEmail: false,
    });
    expect((await author.patch('/api/me', { email: 'author@example.cn' })).status).toBe(200);
    const id = await checkedWork('地下水去哪儿了', 'PASSED');
    // The request did not send it: the mail is a job.
    expect(smtp.received).toHaveLength(0);
    expect((await jobs()).succeeded).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('《地下水去哪儿了》已通过科学性审核');
    expect(mail.from?.text).toContain('kepu@example.cn');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('author@example.cn');
    expect(mail.text).toContain(`https://kepu.example.cn/admin/works/${id}`);
    expect(mail.text).toContain('https://kepu.example.cn/me/notifications');
    // Ran again, nothing goes twice.
    expect((await jobs()).succeeded).toBe(0);

    // In English for someone who reads English.
    expect((await author.patch('/api/me', { locale: 'en-US' })).status).toBe(200);
    await checkedWork('火山与温泉', 'RETURNED', '图注有误');
    await jobs();
    expect(smtp.received[1]!.subject).toBe('"火山与温泉" was returned for changes');
    expect(smtp.received[1]!.text).toContain('Comments: 图注有误');
    expect((await author.patch('/api/me', { locale: 'zh-CN' })).status).toBe(200);
  });

  it('a refusing mail server is tried again later; the mail is not lost', async () => {
    smtp.refuse(true);
    await checkedWork('海岸线的变化', 'PASSED');
    const before = smtp.received.length;
    expect(await jobs()).toMatchObject({ succeeded: 0, retrying: 1 });
    smtp.refuse(false);
    // Not yet due: the back-off holds it.
    expect((await jobs()).succeeded).toBe(0);
    expect((await jobs(Date.now() + 10 * 60_000)).succeeded).toBe(1);
    expect(smtp.received).toHaveLength(before + 1);
    expect(smtp.received.at(-1)!.subject).toBe('《海岸线的变化》已通过科学性审核');
  });

  it('each person chooses which kinds come by mail; unknown kinds are named', async () => {
    const prefs = (await author.get<Prefs>('/api/me/notification-prefs')).body;
    expect(prefs.hasEmail).toBe(true);
    expect(prefs.kinds.find((k) => k.kind === 'work.checked')).toEqual({
      kind: 'work.checked',
      label: '我的作品的科学性审核结果',
      email: true,
    });
    const off = await author.put<Prefs>('/api/me/notification-prefs', {
      kinds: [{ kind: 'work.checked', email: false }],
    });
    expect(off.status).toBe(200);
    expect(off.body.kinds.find((k) => k.kind === 'work.checked')?.email).toBe(false);
    const before = smtp.received.length;
    await checkedWork('冰川在后退', 'PASSED');
    expect((await jobs()).succeeded).toBe(0);
    expect(smtp.received).toHaveLength(before);
    // Still in the inbox.
    expect((await author.get<Page>('/api/me/notifications')).body.items[0]?.title).toBe(
      '《冰川在后退》已通过科学性审核',
    );

    const bad = await author.put<{ error: { details: { fields: { field: string }[] } } }>(
      '/api/me/notification-prefs',
      { kinds: [{ kind: 'no.such.kind', email: true }] },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]?.field).toBe('kinds.0.kind');
  });

  it('reminds an expert by e-mail once, three days before the review deadline', async () => {
    const inDays = (n: number, from = Date.now()) =>
      new Date(from + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const office = await buildOrganisation(admin, env.rootId, {
      type: 'MINISTRY_OFFICE',
      name: '提醒测试办公室',
      tree: 'DEPT',
    });
    const organiser = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    const expert = await buildUserWithRole(env, admin, 'REVIEWER', office.id);
    expect((await expert.agent.patch('/api/me', { email: 'expert@example.cn' })).status).toBe(200);
    const call = async (title: string, deadline: string) => {
      const c = await organiser.post<{ id: string }>('/api/review-calls', {
        subjectKind: 'GENERAL',
        organisationId: office.id,
        title,
        opensAt: inDays(0),
        closesAt: inDays(30),
        form: { fields: [], attachments: [] },
        rubric: [{ key: 'content', label: '科普内容', weight: 100, min: 0, max: 100 }],
        stages: [{ kind: 'EXPERT_REVIEW', deadline }, { kind: 'DECISION' }],
        reviewersPerItem: 1,
        aggregation: 'MEAN',
      });
      expect(c.status).toBe(201);
      expect((await organiser.post(`/api/review-calls/${c.body.id}/open`)).status).toBe(200);
      const item = await author.post<{ id: string }>(`/api/review-calls/${c.body.id}/items`, {
        organisationId: unit.id,
        title: `${title}的申报`,
        data: {},
      });
      expect((await author.post(`/api/review-items/${item.body.id}/submit`)).status).toBe(200);
      const a = await organiser.post(`/api/review-items/${item.body.id}/assignments`, {
        reviewerId: expert.userId,
      });
      expect(a.status).toBe(200);
    };
    await call('地质科普征集', inDays(2));
    await call('海洋科普征集', inDays(10));
    const remind = (now?: number) =>
      runDueJobs(
        { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
        { names: ['reviews.remindDeadlines'], schedules: false, ...(now ? { now } : {}) },
      );
    const { enqueue } = await import('../src/platform/jobs/runner.ts');
    const before = smtp.received.length;
    await enqueue(env.handle.db, 'reviews.remindDeadlines', {});
    expect((await remind()).succeeded).toBe(1);
    expect((await jobs()).succeeded).toBe(1);
    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe(`评审任务将于 ${inDays(2)} 截止：地质科普征集的申报（地质科普征集）`);
    expect(mail.text).toContain('距专家评审截止还有 2 天');
    expect(mail.text).toContain('https://kepu.example.cn/admin/my-reviews/');
    // The next morning's run does not remind again.
    await enqueue(env.handle.db, 'reviews.remindDeadlines', {});
    await remind();
    expect((await jobs()).succeeded).toBe(0);
    // A week later the other call's deadline is near: that one is reminded.
    const later = Date.now() + 8 * 86_400_000;
    await enqueue(env.handle.db, 'reviews.remindDeadlines', {}, { now: later });
    await remind(later);
    expect((await jobs(later)).succeeded).toBe(1);
    expect(smtp.received.at(-1)!.subject).toContain('海洋科普征集');
    expect(smtp.received).toHaveLength(before + 2);
  });

  it('忘记密码 mails a one-time reset link to the account’s address, at most one in ten minutes', async () => {
    const p = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
    expect((await p.agent.patch('/api/me', { email: 'forgot@example.cn' })).status).toBe(200);
    const stranger = new Agent(env.app, '10.9.9.9');
    const mailJobs = () =>
      runDueJobs(
        { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
        { names: ['accounts.resetMail'], schedules: false },
      );
    const before = smtp.received.length;
    const help = await stranger.post<{ emailAvailable: boolean }>('/api/auth/account-help', {
      username: p.username,
    });
    expect(help.status).toBe(200);
    expect(help.body.emailAvailable).toBe(true);
    // The same answer for a name nobody has, and nothing is sent.
    const nobody = await stranger.post<{ emailAvailable: boolean; units: unknown[] }>(
      '/api/auth/account-help',
      { username: 'no-such-person' },
    );
    expect(nobody.body).toMatchObject({ emailAvailable: true, units: [] });
    // Asked again at once: one mail.
    await stranger.post('/api/auth/account-help', { username: p.username });
    expect((await mailJobs()).succeeded).toBe(1);
    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe('重置您在自然资源科普服务平台的密码');
    const token = /reset-password#([\w-]+)/.exec(mail.text ?? '')?.[1];
    expect(token, 'a link in the mail').toBeTruthy();
    // The token is nowhere in the database (only its hash) nor in the job's payload.
    const jobsRows = await env.handle.db.selectFrom('jobs').select('payload').execute();
    expect(jobsRows.some((j) => j.payload.includes(token!))).toBe(false);
    await stranger.post('/api/auth/account-help', { username: p.username });
    await mailJobs();
    expect(smtp.received).toHaveLength(before + 1);

    const reset = await stranger.post('/api/auth/password-reset', {
      token,
      newPassword: 'Brand-New-Passw0rd!',
    });
    expect(reset.status).toBe(200);
    expect(
      (
        await new Agent(env.app).post('/api/auth/login', {
          username: p.username,
          password: 'Brand-New-Passw0rd!',
        })
      ).status,
    ).toBe(200);
    // Once only.
    expect(
      (await stranger.post('/api/auth/password-reset', { token, newPassword: 'Another-Passw0rd!' }))
        .status,
    ).toBe(400);
  });

  it('keeps a year of messages', async () => {
    const { enqueue } = await import('../src/platform/jobs/runner.ts');
    const { newId } = await import('../src/platform/ids.ts');
    const me = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    for (const [title, days] of [
      ['两年前的消息', 730],
      ['半年前的消息', 180],
    ] as const)
      await env.handle.db
        .insertInto('notifications')
        .values({
          id: newId(),
          userId: me.userId,
          kind: 'work.checked',
          title,
          body: '',
          link: null,
          createdAt: at(days),
          readAt: at(days),
          emailState: null,
          emailedAt: null,
        })
        .execute();
    await enqueue(env.handle.db, 'notify.prune', {});
    const done = await runDueJobs(
      { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
      { names: ['notify.prune'], schedules: false },
    );
    expect(done.succeeded).toBe(1);
    const left = (await me.agent.get<Page>('/api/me/notifications')).body.items.map((i) => i.title);
    expect(left).toEqual(['半年前的消息']);
  });

  it('a deleted account takes its inbox with it', async () => {
    const p = await buildUserWithRole(env, admin, 'MEMBER', unit.id);
    const w = await p.agent.post<{ id: string }>('/api/works', {
      organisationId: unit.id,
      type: 'GRAPHIC',
      title: '将被注销者的作品',
      summary: '摘要',
      body: '<p>正文</p>',
    });
    await p.agent.post(`/api/works/${w.body.id}/submit`);
    await reviewer.post(`/api/works/${w.body.id}/check`, { decision: 'PASSED', comments: '' });
    const count = () =>
      env.handle.db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('userId', '=', p.userId)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    expect(await count()).toBe(1);
    expect((await p.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    expect(await count()).toBe(0);
  });
});
