import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, runDueJobs } from '../src/platform/jobs/runner.ts';
import type { TodoGroup } from '../src/platform/todos.ts';
import {
  Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import { png } from './media-fixtures.ts';

const RUBRIC = [{ key: 'content', label: '科普内容', weight: 100, min: 0, max: 100 }];

/** An application's way through a call, watched from each person's 我的待办. */
describe.each(DIALECTS)('review to-dos on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let office: { id: string };
  let province: { id: string };
  let museum: { id: string };
  let officeEditor: Agent;
  let provAdmin: Agent;
  let otherProvAdmin: Agent;
  let applicant: Agent;
  let reviewer: { agent: Agent; userId: string };
  let callId: string;
  let itemId: string;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const inDays = (n: number) =>
    new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

  /** Runs one job kind now (or at a later clock), as the morning's schedule would. */
  const runJob = async (name: string, now = Date.now()) => {
    await enqueue(env.handle.db, name, {}, { now });
    return runDueJobs(
      { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
      { names: [name], schedules: false, now },
    );
  };
  type Inbox = { items: { title: string; link: string | null }[] };
  const inbox = async (a: Agent) => (await a.get<Inbox>('/api/me/notifications')).body.items;

  const todos = async (a: Agent) =>
    (await a.get<{ groups: TodoGroup[] }>('/api/me/todos')).body.groups;
  const group = async (a: Agent, kind: string) => (await todos(a)).find((g) => g.kind === kind);
  const kinds = async (a: Agent) => (await todos(a)).map((g) => g.kind);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    const orgs = await buildCallOrganisations(env, admin);
    ({ office, hunan: province, museum } = orgs);
    const { sichuan: other, institute } = orgs;
    officeEditor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    provAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', province.id)).agent;
    otherProvAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', other.id)).agent;
    applicant = (await buildUserWithRole(env, admin, 'MEMBER', museum.id)).agent;
    reviewer = await buildUserWithRole(env, admin, 'REVIEWER', institute.id);

    const call = await officeEditor.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '2026 年度科普作品征集',
      opensAt: today,
      closesAt: inDays(5),
      form: {
        fields: [{ key: 'visitors', label: '年接待人次', type: 'number', min: 0, required: true }],
        attachments: [{ key: 'photos', label: '照片', kinds: ['IMAGE'], maxFiles: 3 }],
      },
      rubric: RUBRIC,
      stages: [
        { kind: 'RECOMMENDATION' },
        { kind: 'FORMAL_CHECK', deadline: inDays(10) },
        { kind: 'EXPERT_REVIEW', deadline: inDays(20) },
        { kind: 'DECISION' },
        { kind: 'PUBLIC_NOTICE' },
      ],
      reviewersPerItem: 1,
      aggregation: 'MEAN',
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
    expect((await officeEditor.post(`/api/review-calls/${callId}/open`)).status).toBe(200);
  });
  afterAll(() => env.close());

  it('a draft in a call closing within two weeks waits on its applicant, with the deadline', async () => {
    const draft = await applicant.post<{ id: string }>(`/api/review-calls/${callId}/items`, {
      organisationId: museum.id,
      title: '湖南省地质博物馆',
      data: { visitors: 120000 },
    });
    expect(draft.status).toBe(201);
    itemId = draft.body.id;
    const closing = await group(applicant, 'review.closing');
    expect(closing).toMatchObject({ label: '即将截止、尚未提交的申报', count: 1 });
    expect(closing!.entries[0]).toMatchObject({
      id: itemId,
      detail: '2026 年度科普作品征集',
      link: `/admin/review-items/${itemId}/edit`,
    });
    expect(closing!.entries[0]!.dueAt!.slice(0, 10)).toBe(inDays(5));
    // Nobody else is asked to submit it.
    expect(await group(provAdmin, 'review.closing')).toBeUndefined();
    // Five days before the close no reminder yet; two days before, the one who started it hears.
    await runJob('reviews.remindClosing');
    expect(await inbox(applicant)).toEqual([]);
    const later = Date.now() + 3 * 86_400_000;
    await runJob('reviews.remindClosing', later);
    await runJob('reviews.remindClosing', later);
    const reminded = await inbox(applicant);
    expect(reminded).toHaveLength(1);
    expect(reminded[0]).toMatchObject({
      title: `“2026 年度科普作品征集”将于 ${inDays(5)} 截止申报，“湖南省地质博物馆”尚未提交`,
      link: `/admin/review-items/${itemId}/edit`,
    });
  });

  it('submitted, it waits on the province that recommends it, and on nobody else', async () => {
    const photo = await applicant.upload<{ id: string }>(
      `/api/media?organisationId=${museum.id}&name=hall.png`,
      await png(),
    );
    await applicant.patch(`/api/review-items/${itemId}`, {
      attachments: { photos: [photo.body.id] },
    });
    expect((await applicant.post(`/api/review-items/${itemId}/submit`)).status).toBe(200);
    expect(await group(applicant, 'review.closing')).toBeUndefined();

    const rec = await group(provAdmin, 'review.recommend');
    expect(rec).toMatchObject({ label: '待推荐的申报', count: 1 });
    expect(rec!.entries[0]).toMatchObject({
      id: itemId,
      detail: '湖南省地质博物馆 · 2026 年度科普作品征集',
      link: `/admin/review-items/${itemId}`,
    });
    expect(await kinds(otherProvAdmin)).not.toContain('review.recommend');
    expect(await kinds(officeEditor)).not.toContain('review.recommend');
    expect(await kinds(officeEditor)).not.toContain('review.formalCheck');
    // The applicant's own side never acts on it.
    expect(await kinds(applicant)).toEqual([]);
  });

  it('recommended, it moves to the organiser’s formal check, with the stage’s deadline', async () => {
    expect(
      (
        await provAdmin.post(`/api/review-items/${itemId}/recommend`, {
          recommend: true,
          opinion: '同意推荐',
        })
      ).status,
    ).toBe(200);
    expect(await group(provAdmin, 'review.recommend')).toBeUndefined();
    const check = await group(officeEditor, 'review.formalCheck');
    expect(check?.count).toBe(1);
    expect(check!.entries[0]!.dueAt!.slice(0, 10)).toBe(inDays(10));
    const en = await officeEditor.get<{ groups: TodoGroup[] }>('/api/me/todos', {
      'accept-language': 'en-US',
    });
    expect(en.body.groups.find((g) => g.kind === 'review.formalCheck')?.label).toBe(
      'Applications to check for form',
    );
  });

  it('assigned, it waits on the expert until scored; then on the organiser’s decision', async () => {
    await officeEditor.post(`/api/review-items/${itemId}/formal-check`, {
      passed: true,
      opinion: '材料齐全',
    });
    expect(await group(officeEditor, 'review.formalCheck')).toBeUndefined();
    const assigned = await officeEditor.post(`/api/review-items/${itemId}/assignments`, {
      reviewerId: reviewer.userId,
    });
    expect(assigned.status).toBe(200);
    const score = await group(reviewer.agent, 'review.score');
    expect(score).toMatchObject({ label: '待评分的评审任务', count: 1, link: '/admin/my-reviews' });
    expect(score!.entries[0]!.dueAt!.slice(0, 10)).toBe(inDays(20));
    const assignmentId = score!.entries[0]!.id;
    // The organiser's ranking names who still has to score, and what.
    type Ranking = { missing: { reviewerId: string; items: string[] }[] };
    const before = await officeEditor.get<Ranking>(`/api/review-calls/${callId}/ranking`);
    expect(before.body.missing).toEqual([
      expect.objectContaining({ reviewerId: reviewer.userId, items: ['湖南省地质博物馆'] }),
    ]);
    expect(score!.entries[0]!.link).toBe(`/admin/my-reviews/${assignmentId}`);
    expect(
      (
        await reviewer.agent.post(`/api/review-assignments/${assignmentId}/score`, {
          scores: { content: 88 },
        })
      ).status,
    ).toBe(200);
    expect(await group(reviewer.agent, 'review.score')).toBeUndefined();
    expect(
      (await officeEditor.get<Ranking>(`/api/review-calls/${callId}/ranking`)).body.missing,
    ).toEqual([]);
    // Not yet the decision's turn: the round is open.
    expect(await group(officeEditor, 'review.decide')).toBeUndefined();
    await officeEditor.post(`/api/review-calls/${callId}/rounds/close`);
    expect((await group(officeEditor, 'review.decide'))?.count).toBe(1);
  });

  it('an objection to its 公示 waits on the organiser until handled', async () => {
    await officeEditor.post(`/api/review-items/${itemId}/decide`, {
      decision: 'ACCEPT',
      reason: '达到标准',
    });
    expect(await group(officeEditor, 'review.decide')).toBeUndefined();
    const notice = await officeEditor.post<{ id: string }>(`/api/review-calls/${callId}/notices`, {
      title: '拟入选名单公示',
      startsAt: today,
      endsAt: inDays(7),
      itemIds: [itemId],
    });
    expect(notice.status).toBe(201);
    const o = await new Agent(env.app).post<{ id: string }>(
      `/api/public/review-notices/${notice.body.id}/objections`,
      { itemId, name: '张三', contact: '13800000000', text: '该馆的接待人次数据可能不实。' },
    );
    expect(o.status).toBe(201);
    const objections = await group(officeEditor, 'review.objection');
    expect(objections).toMatchObject({ label: '待处理的公示异议', count: 1 });
    expect(objections!.entries[0]).toMatchObject({
      title: '湖南省地质博物馆',
      detail: '拟入选名单公示',
      link: `/admin/reviews/${callId}`,
    });
    expect(await group(provAdmin, 'review.objection')).toBeUndefined();
    await officeEditor.post(`/api/review-objections/${o.body.id}/handle`, {
      handling: '经核实，数据属实。',
      outcome: 'DISMISSED',
    });
    expect(await group(officeEditor, 'review.objection')).toBeUndefined();
  });

  it('when the 公示 period is over, a notice closes by itself unless objections wait', async () => {
    const afterPeriod = Date.now() + 9 * 86_400_000;
    // The handled objection no longer holds it: closed, the item confirmed, the organiser told.
    expect((await runJob('reviews.closeNotices', afterPeriod)).succeeded).toBe(1);
    const item = await applicant.get<{ status: string }>(`/api/review-items/${itemId}`);
    expect(item.body.status).toBe('CONFIRMED');
    expect((await inbox(officeEditor))[0]?.title).toBe('“拟入选名单公示”公示期满无异议，已结束');
  });

  it('a 公示 with an objection waiting stays open; its organiser is told once', async () => {
    const call = await officeEditor.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '补充征集',
      opensAt: today,
      closesAt: inDays(30),
      form: { fields: [], attachments: [] },
      rubric: [],
      stages: [{ kind: 'DECISION' }, { kind: 'PUBLIC_NOTICE' }],
      reviewersPerItem: 1,
      aggregation: 'MEAN',
    });
    expect(call.status).toBe(201);
    await officeEditor.post(`/api/review-calls/${call.body.id}/open`);
    const item = await applicant.post<{ id: string }>(`/api/review-calls/${call.body.id}/items`, {
      organisationId: museum.id,
      title: '补充申报',
      data: {},
    });
    await applicant.post(`/api/review-items/${item.body.id}/submit`);
    await officeEditor.post(`/api/review-items/${item.body.id}/decide`, {
      decision: 'ACCEPT',
      reason: '达到标准',
    });
    const notice = await officeEditor.post<{ id: string }>(
      `/api/review-calls/${call.body.id}/notices`,
      { title: '补充公示', startsAt: today, endsAt: today, itemIds: [item.body.id] },
    );
    expect(notice.status).toBe(201);
    await new Agent(env.app, '10.8.8.8').post(
      `/api/public/review-notices/${notice.body.id}/objections`,
      { itemId: item.body.id, name: '李四', contact: '13900000000', text: '申报材料与实际不符。' },
    );
    // In its period today, it is listed; one announced for tomorrow is not, yet.
    const second = await applicant.post<{ id: string }>(`/api/review-calls/${call.body.id}/items`, {
      organisationId: museum.id,
      title: '第二项申报',
      data: {},
    });
    await applicant.post(`/api/review-items/${second.body.id}/submit`);
    await officeEditor.post(`/api/review-items/${second.body.id}/decide`, {
      decision: 'ACCEPT',
      reason: '达到标准',
    });
    const later = await officeEditor.post<{ id: string }>(
      `/api/review-calls/${call.body.id}/notices`,
      { title: '明日公示', startsAt: inDays(1), endsAt: inDays(6), itemIds: [second.body.id] },
    );
    expect(later.status).toBe(201);
    const listed = await new Agent(env.app).get<{ id: string }[]>('/api/public/review-notices');
    expect(listed.body.map((n) => n.id)).toContain(notice.body.id);
    expect(listed.body.map((n) => n.id)).not.toContain(later.body.id);
    const tomorrow = Date.now() + 86_400_000;
    await runJob('reviews.closeNotices', tomorrow);
    await runJob('reviews.closeNotices', tomorrow + 86_400_000);
    expect(
      (await applicant.get<{ status: string }>(`/api/review-items/${item.body.id}`)).body.status,
    ).toBe('PUBLICIZED');
    const told = (await inbox(officeEditor)).filter((n) => n.title.includes('补充公示'));
    expect(told.map((n) => n.title)).toEqual(['“补充公示”公示期已满，还有 1 条异议待处理']);
  });
});
