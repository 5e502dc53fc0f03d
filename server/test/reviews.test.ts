import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoAssign } from '../src/modules/reviews/assign.ts';
import { aggregate, normalize, rank, weightedTotal } from '../src/modules/reviews/scoring.ts';
import { defineReviewSubject } from '../src/modules/reviews/subjects.ts';
import {
  Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
  xlsxRows,
} from './helpers.ts';
import { png } from './media-fixtures.ts';

type ErrorBody = {
  error: {
    code: string;
    message: string;
    details?: { fields?: { field: string; message: string }[] };
  };
};
const err = (r: { body: unknown }) => (r.body as ErrorBody).error;
const fields = (r: { body: unknown }) => (err(r).details?.fields ?? []).map((f) => f.field);

interface Item {
  id: string;
  status: string;
  events: { action: string; toStatus: string; organisationName: string | null; opinion: string }[];
  abilities: Record<string, boolean>;
  applicantName: string | null;
  aggregate: number | null;
}

/** A subject of people (a contest's individual entrants), and one that has a decision only. */
const EMPTY_FORM = { fields: [], attachments: [] };
defineReviewSubject({
  kind: 'TEST_CONTEST',
  label: { 'zh-CN': '测试竞赛', 'en-US': 'Test contest' },
  applicants: 'PERSON',
  stages: { EXPERT_REVIEW: 'ASSIGNED_REVIEWERS', DECISION: 'ORGANISER' },
  template: { form: EMPTY_FORM, rubric: [], stages: ['EXPERT_REVIEW', 'DECISION'] },
  // The entrant, by their account.
  async subject(tx, userId) {
    const u = await tx
      .selectFrom('users')
      .select('displayName')
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!u) throw new Error('no such person');
    return { title: u.displayName, sectors: [] };
  },
});
defineReviewSubject({
  kind: 'TEST_FILING',
  label: { 'zh-CN': '测试备案', 'en-US': 'Test filing' },
  applicants: 'ORGANISATION',
  stages: { DECISION: 'ORGANISER' },
  template: { form: EMPTY_FORM, rubric: [], stages: ['DECISION'] },
});

const RUBRIC = [
  { key: 'content', label: '科普内容', weight: 40, min: 0, max: 100 },
  { key: 'facility', label: '设施条件', weight: 30, min: 0, max: 100 },
  { key: 'operation', label: '运行管理', weight: 30, min: 0, max: 100, commentRequired: true },
];

describe('scoring, aggregation and assignment (pure)', () => {
  it('weights criteria on a 100-point scale', () => {
    const rubric = RUBRIC.map((c) => ({ commentRequired: false, ...c }));
    expect(weightedTotal(rubric, { content: 100, facility: 50, operation: 0 })).toBe(55);
    expect(
      weightedTotal([{ key: 'a', label: 'A', weight: 1, min: 1, max: 5, commentRequired: false }], {
        a: 3,
      }),
    ).toBe(50);
  });
  it('trims the highest and lowest from three scores up', () => {
    expect(aggregate([60, 90, 70], 'TRIMMED_MEAN')).toBe(70);
    expect(aggregate([60, 90], 'TRIMMED_MEAN')).toBe(75);
    expect(aggregate([60, 90, 70, 80], 'MEAN')).toBe(75);
  });
  it('normalises a strict and a lenient reviewer so their rankings agree', () => {
    // Reviewer A gives 90/80/70, reviewer B 60/50/40 to the same three items: same order, offset.
    const scores = [
      { itemId: 'x', reviewerId: 'A', total: 90 },
      { itemId: 'y', reviewerId: 'A', total: 80 },
      { itemId: 'z', reviewerId: 'A', total: 70 },
      { itemId: 'x', reviewerId: 'B', total: 60 },
      { itemId: 'y', reviewerId: 'B', total: 50 },
      { itemId: 'z', reviewerId: 'B', total: 40 },
    ];
    const n = normalize(scores);
    expect(n.find((s) => s.itemId === 'x' && s.reviewerId === 'A')!.total).toBe(
      n.find((s) => s.itemId === 'x' && s.reviewerId === 'B')!.total,
    );
    // Item w was only seen by the strict reviewer B: normalised, it is not penalised for that.
    const unfair = [...scores, { itemId: 'w', reviewerId: 'B', total: 54 }];
    const plain = rank(unfair, ['w', 'x', 'y', 'z'], 'MEAN', false);
    const fair = rank(unfair, ['w', 'x', 'y', 'z'], 'MEAN', true);
    expect(plain.find((r) => r.itemId === 'w')!.rank).toBe(4);
    expect(fair.find((r) => r.itemId === 'w')!.rank).toBeLessThan(4);
    expect(fair.map((r) => r.rank)).toEqual([...fair.map((r) => r.rank)].sort((a, b) => a! - b!));
  });
  it('assigns specialists first, balances load and never a conflicted reviewer', () => {
    const candidates = Array.from({ length: 30 }, (_, i) => ({
      userId: `r${i}`,
      sectors: i < 10 ? ['OCEAN'] : ['GEOLOGY'],
      topics: [],
      load: 0,
    }));
    const items = Array.from({ length: 100 }, (_, i) => ({
      itemId: `i${i}`,
      sectors: [i % 2 ? 'OCEAN' : 'GEOLOGY'],
      topics: [],
      assigned: new Set<string>(),
      excluded: new Set([`r${i % 30}`]),
    }));
    const { assignments, short } = autoAssign(items, candidates, 3);
    expect(short).toEqual([]);
    expect(assignments).toHaveLength(300);
    for (const a of assignments) {
      const it = items.find((x) => x.itemId === a.itemId)!;
      expect(it.excluded.has(a.reviewerId)).toBe(false);
      const c = candidates.find((x) => x.userId === a.reviewerId)!;
      expect(c.sectors).toEqual(it.sectors);
    }
    const load = new Map<string, number>();
    for (const a of assignments) load.set(a.reviewerId, (load.get(a.reviewerId) ?? 0) + 1);
    const ocean = [...load].filter(([r]) => Number(r.slice(1)) < 10).map(([, n]) => n);
    // 150 ocean assignments over 10 ocean specialists, some excluded per item: nearly even.
    expect(Math.max(...ocean) - Math.min(...ocean)).toBeLessThanOrEqual(2);
  });
});

describe.each(DIALECTS)('review engine on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let office: { id: string };
  let province: { id: string };
  let otherProvince: { id: string };
  let museum: { id: string };
  let institute: { id: string };
  let officeEditor: Agent;
  let provAdmin: Agent;
  let otherProvAdmin: Agent;
  let applicant: Agent;
  let applicantId: string;
  const reviewers: { agent: Agent; userId: string }[] = [];
  let sameOrgReviewer: { agent: Agent; userId: string };
  let tiedReviewer: { agent: Agent; userId: string };
  let coAuthor: { agent: Agent; userId: string };
  let callId: string;
  let itemId: string;
  const anonymous = () => new Agent(env.app);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    ({
      office,
      hunan: province,
      sichuan: otherProvince,
      museum,
      institute,
    } = await buildCallOrganisations(env, admin));
    officeEditor = (await buildUserWithRole(env, admin, 'EDITOR', office.id)).agent;
    provAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', province.id)).agent;
    otherProvAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', otherProvince.id)).agent;
    const a = await buildUserWithRole(env, admin, 'MEMBER', museum.id);
    applicant = a.agent;
    applicantId = a.userId;
    for (let i = 0; i < 3; i++)
      reviewers.push(await buildUserWithRole(env, admin, 'REVIEWER', institute.id));
    sameOrgReviewer = await buildUserWithRole(env, admin, 'REVIEWER', museum.id);
    tiedReviewer = await buildUserWithRole(env, admin, 'REVIEWER', institute.id);
    coAuthor = await buildUserWithRole(env, admin, 'REVIEWER', institute.id);
  });
  afterAll(() => env.close());

  it('an organiser creates and opens a call; its stages must be in order', async () => {
    const body = {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '2026 年度科普基地推荐评审',
      docNo: '自然资办函〔2026〕100号',
      opensAt: today,
      closesAt: '2099-12-31',
      form: {
        fields: [
          {
            key: 'category',
            label: '基地类别',
            type: 'select',
            required: true,
            options: [
              { value: 'VENUE', label: '科普场馆类' },
              { value: 'SITE', label: '自然资源场景类' },
            ],
          },
          { key: 'visitors', label: '年接待人次', type: 'number', min: 0, required: true },
          { key: 'openedOn', label: '开放日期', type: 'date' },
        ],
        attachments: [
          { key: 'photos', label: '场馆照片', kinds: ['IMAGE'], required: true, maxFiles: 3 },
        ],
      },
      rubric: RUBRIC,
      stages: [
        { kind: 'RECOMMENDATION' },
        { kind: 'FORMAL_CHECK' },
        { kind: 'EXPERT_REVIEW' },
        { kind: 'DECISION' },
        { kind: 'PUBLIC_NOTICE' },
      ],
      reviewersPerItem: 3,
      aggregation: 'TRIMMED_MEAN',
    };
    const wrong = await officeEditor.post('/api/review-calls', {
      ...body,
      stages: [{ kind: 'DECISION' }, { kind: 'FORMAL_CHECK' }],
    });
    expect(wrong.status).toBe(400);
    expect(fields(wrong)).toContain('stages');
    expect((await applicant.post('/api/review-calls', body)).status).toBe(403);
    const res = await officeEditor.post<{ id: string; status: string }>('/api/review-calls', body);
    expect(res.status).toBe(201);
    callId = res.body.id;
    // Applicants do not see a draft call.
    expect((await applicant.get(`/api/review-calls/${callId}`)).status).toBe(404);
    expect((await officeEditor.post(`/api/review-calls/${callId}/open`)).status).toBe(200);
    expect((await officeEditor.post(`/api/review-calls/${callId}/open`)).status).toBe(409);
    expect(
      (await officeEditor.patch(`/api/review-calls/${callId}`, { title: '改名' })).status,
    ).toBe(409);
    const seen = await applicant.get<{ items: { id: string }[] }>('/api/review-calls?status=OPEN');
    expect(seen.body.items.map((c) => c.id)).toContain(callId);
  });

  it('subjects are declared once: listed with who applies; people and undeclared stages refused', async () => {
    const listed =
      await applicant.get<{ kind: string; label: string; applicants: string }[]>(
        '/api/review-subjects',
      );
    expect(listed.status).toBe(200);
    expect(listed.body.find((s) => s.kind === 'TEST_CONTEST')).toMatchObject({
      label: '测试竞赛',
      applicants: 'PERSON',
    });
    expect(listed.body.find((s) => s.kind === 'GENERAL')?.applicants).toBe('ORGANISATION');
    expect((await new Agent(env.app).get('/api/review-subjects')).status).toBe(401);
    const call = {
      organisationId: office.id,
      title: '测试',
      opensAt: today,
      closesAt: '2099-12-31',
      form: EMPTY_FORM,
    };
    const people = await officeEditor.post('/api/review-calls', {
      ...call,
      subjectKind: 'TEST_CONTEST',
      stages: [{ kind: 'DECISION' }],
    });
    // People's applications are nominations now (CHIEF_COMMUNICATOR, modules/appointments).
    expect(people.status).toBe(201);
    const stray = await officeEditor.post('/api/review-calls', {
      ...call,
      subjectKind: 'TEST_FILING',
      stages: [{ kind: 'FORMAL_CHECK' }, { kind: 'DECISION' }],
    });
    expect(stray.status).toBe(422);
    expect(err(stray).message).toBe('“测试备案”没有“形式审查”环节');
  });

  it('a host applies; the form is checked field by field at submission', async () => {
    const draft = await applicant.post<Item>(`/api/review-calls/${callId}/items`, {
      organisationId: museum.id,
      title: '湖南省地质博物馆',
      data: { visitors: 120000 },
      sectors: ['GEOLOGY'],
    });
    expect(draft.status).toBe(201);
    itemId = draft.body.id;
    const incomplete = await applicant.post(`/api/review-items/${itemId}/submit`);
    expect(incomplete.status).toBe(400);
    expect(fields(incomplete).sort()).toEqual(['attachments.photos', 'data.category']);
    const badType = await applicant.patch(`/api/review-items/${itemId}`, {
      data: { visitors: '很多' },
    });
    expect(badType.status).toBe(400);
    expect(fields(badType)).toEqual(['data.visitors']);
    const photo = await applicant.upload<{ id: string }>(
      `/api/media?organisationId=${museum.id}&name=hall.png`,
      await png(),
    );
    const patched = await applicant.patch<Item>(`/api/review-items/${itemId}`, {
      data: { category: 'VENUE', visitors: 120000, openedOn: '2009-05-18' },
      attachments: { photos: [photo.body.id] },
    });
    expect(patched.status).toBe(200);
    const submitted = await applicant.post<Item>(`/api/review-items/${itemId}/submit`);
    expect(submitted.body.status).toBe('SUBMITTED');
    expect((await applicant.post(`/api/review-items/${itemId}/submit`)).status).toBe(409);
  });

  it('only the applicant’s provincial department recommends; illegal steps are 409', async () => {
    // Formal check before the recommendation: refused, naming the status.
    const early = await officeEditor.post(`/api/review-items/${itemId}/formal-check`, {
      passed: true,
    });
    expect(early.status).toBe(409);
    expect(err(early).message).toContain('已提交');
    expect(
      (await otherProvAdmin.post(`/api/review-items/${itemId}/recommend`, { recommend: true }))
        .status,
    ).toBe(404);
    expect(
      (await officeEditor.post(`/api/review-items/${itemId}/recommend`, { recommend: true }))
        .status,
    ).toBe(403);
    const noReason = await provAdmin.post(`/api/review-items/${itemId}/recommend`, {
      recommend: false,
    });
    expect(fields(noReason)).toEqual(['opinion']);
    const ok = await provAdmin.post<Item>(`/api/review-items/${itemId}/recommend`, {
      recommend: true,
      opinion: '同意推荐',
    });
    expect(ok.body.status).toBe('RECOMMENDED');
    expect(ok.body.events.at(-1)).toMatchObject({
      action: 'recommend',
      organisationName: '湖南省自然资源厅',
      opinion: '同意推荐',
    });
    expect(
      (await provAdmin.post(`/api/review-items/${itemId}/recommend`, { recommend: true })).status,
    ).toBe(409);
    const checked = await officeEditor.post<Item>(`/api/review-items/${itemId}/formal-check`, {
      passed: true,
      opinion: '材料齐全',
    });
    expect(checked.body.status).toBe('FORMAL_PASSED');
  });

  it('assigns three experts automatically and excludes conflicted ones, saying why', async () => {
    // Declared tie to the province (an ancestor of the applicant) and co-authorship with the submitter.
    expect(
      (
        await tiedReviewer.agent.request('PUT', '/api/experts/me', {
          sectors: ['GEOLOGY'],
          ties: [{ organisationId: province.id, kind: 'PART_TIME', note: '兼职顾问' }],
        })
      ).status,
    ).toBe(200);
    const w = await applicant.post<{ id: string }>('/api/works', {
      organisationId: museum.id,
      type: 'BOOK',
      title: '湘江地质笔记',
      authors: [
        { userId: applicantId, name: '申报人', role: 'AUTHOR' },
        { userId: coAuthor.userId, name: '合著专家', role: 'AUTHOR' },
      ],
    });
    expect(w.status).toBe(201);
    for (const r of reviewers)
      await r.agent.request('PUT', '/api/experts/me', { title: '研究员', sectors: ['GEOLOGY'] });

    const auto = await officeEditor.post<{ assigned: number; short: unknown[] }>(
      `/api/review-calls/${callId}/auto-assign`,
    );
    expect(auto.status).toBe(200);
    expect(auto.body.assigned).toBe(3);
    expect(auto.body.short).toEqual([]);
    const review = await officeEditor.get<{
      assignments: { reviewerId: string }[];
      exclusions: { reviewerId: string; reason: string; detail: string }[];
    }>(`/api/review-items/${itemId}/review`);
    expect(review.body.assignments.map((a) => a.reviewerId).sort()).toEqual(
      reviewers.map((r) => r.userId).sort(),
    );
    const why = Object.fromEntries(review.body.exclusions.map((e) => [e.reviewerId, e.reason]));
    expect(why[sameOrgReviewer.userId]).toBe('SAME_ORG');
    expect(why[tiedReviewer.userId]).toBe('DECLARED_TIE');
    expect(why[coAuthor.userId]).toBe('CO_AUTHOR');
    expect(review.body.exclusions.find((e) => e.reason === 'CO_AUTHOR')!.detail).toContain(
      '湘江地质笔记',
    );
    // By hand: refused with the reason; a conflicted reviewer cannot see the item.
    const manual = await officeEditor.post(`/api/review-items/${itemId}/assignments`, {
      reviewerId: sameOrgReviewer.userId,
    });
    expect(manual.status).toBe(422);
    expect(err(manual).message).toContain('同一单位');
    expect((await sameOrgReviewer.agent.get(`/api/review-items/${itemId}`)).status).toBe(404);
    const item = await applicant.get<Item>(`/api/review-items/${itemId}`);
    expect(item.body.status).toBe('UNDER_REVIEW');
  });

  it('experts score once each (also at the same time); ranges and required comments are checked', async () => {
    const mine = await Promise.all(
      reviewers.map((r) =>
        r.agent.get<{ id: string; itemId: string }[]>('/api/my/review-assignments'),
      ),
    );
    const ids = mine.map((m) => m.body.find((a) => a.itemId === itemId)!.id);
    const badRange = await reviewers[0]!.agent.post(`/api/review-assignments/${ids[0]}/score`, {
      scores: { content: 120, facility: 80, operation: 80 },
    });
    expect(badRange.status).toBe(400);
    expect(fields(badRange).sort()).toEqual(['comments.operation', 'scores.content']);
    const totals = [
      { content: 90, facility: 80, operation: 70 },
      { content: 70, facility: 60, operation: 50 },
      { content: 100, facility: 100, operation: 100 },
    ];
    const results = await Promise.all(
      reviewers.map((r, i) =>
        r.agent.post(`/api/review-assignments/${ids[i]}/score`, {
          scores: totals[i],
          comments: { operation: '管理规范' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const again = await reviewers[0]!.agent.post(`/api/review-assignments/${ids[0]}/score`, {
      scores: totals[0],
      comments: { operation: '再次' },
    });
    expect(again.status).toBe(409);
    // Another reviewer's assignment is not mine.
    expect((await reviewers[1]!.agent.get(`/api/review-assignments/${ids[0]}`)).status).toBe(404);

    const closed = await officeEditor.post<{
      items: { itemId: string; aggregate: number; rank: number }[];
    }>(`/api/review-calls/${callId}/rounds/close`);
    // Totals 81, 61, 100: the trimmed mean keeps the middle one.
    expect(closed.body.items.find((i) => i.itemId === itemId)).toMatchObject({
      aggregate: 81,
      rank: 1,
    });
    expect((await applicant.get<Item>(`/api/review-items/${itemId}`)).body.status).toBe('REVIEWED');
    // The applicant never sees scores.
    expect((await applicant.get<Item>(`/api/review-items/${itemId}`)).body.aggregate).toBeNull();
  });

  it('decides once (a double decision is a 409), puts it on notice, handles an objection, confirms', async () => {
    const both = await Promise.all([
      officeEditor.post(`/api/review-items/${itemId}/decide`, {
        decision: 'ACCEPT',
        reason: '综合得分第一',
      }),
      officeEditor.post(`/api/review-items/${itemId}/decide`, {
        decision: 'ACCEPT',
        reason: '综合得分第一',
      }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const notice = await officeEditor.post<{ id: string; items: { id: string }[] }>(
      `/api/review-calls/${callId}/notices`,
      {
        title: '2026 年度科普基地拟命名名单公示',
        startsAt: today,
        endsAt: today,
        itemIds: [itemId],
      },
    );
    expect(notice.status).toBe(201);
    const pub = await anonymous().get<{ items: { id: string; applicantName: string }[] }>(
      `/api/public/review-notices/${notice.body.id}`,
    );
    expect(pub.body.items).toEqual([
      {
        id: itemId,
        title: '湖南省地质博物馆',
        applicantName: '湖南省地质博物馆',
        outcome: 'ON_NOTICE',
      },
    ]);
    const short = await anonymous().post(
      `/api/public/review-notices/${notice.body.id}/objections`,
      { itemId, name: '张三', contact: '13800000000', text: '太短' },
    );
    expect(fields(short)).toEqual(['text']);
    const objection = await anonymous().post<{ id: string }>(
      `/api/public/review-notices/${notice.body.id}/objections`,
      {
        itemId,
        name: '张三',
        contact: '13800000000',
        text: '该馆去年曾闭馆整修半年，年接待人次可能不实。',
      },
    );
    expect(objection.status).toBe(201);
    // One address objects at most 10 times an hour, also in a parallel burst.
    const burst = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        new Agent(env.app, '10.7.7.7').post(
          `/api/public/review-notices/${notice.body.id}/objections`,
          {
            itemId,
            name: `路人${i}`,
            contact: '13900000000',
            text: '我对该馆的申报数据有疑问，请核实。',
          },
        ),
      ),
    );
    expect(burst.filter((r) => r.status === 201)).toHaveLength(10);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(4);
    const all = await officeEditor.get<{ id: string; name: string }[]>(
      `/api/review-notices/${notice.body.id}/objections`,
    );
    for (const o of all.body.filter((x) => x.name.startsWith('路人')))
      await officeEditor.post(`/api/review-objections/${o.id}/handle`, {
        handling: '同一来源的重复异议，已合并核实。',
        outcome: 'DISMISSED',
      });
    const early = await officeEditor.post(`/api/review-notices/${notice.body.id}/close`);
    expect(early.status).toBe(409);
    expect(err(early).message).toContain('异议未处理');
    const handled = await officeEditor.post<{ outcome: string }>(
      `/api/review-objections/${objection.body.id}/handle`,
      {
        handling: '经核实，闭馆期间接待数据未计入，申报数据属实。',
        outcome: 'DISMISSED',
      },
    );
    expect(handled.body.outcome).toBe('DISMISSED');
    expect(
      (
        await officeEditor.post(`/api/review-objections/${objection.body.id}/handle`, {
          handling: 'x',
          outcome: 'UPHELD',
        })
      ).status,
    ).toBe(409);
    const closed = await officeEditor.post(`/api/review-notices/${notice.body.id}/close`);
    expect(closed.status).toBe(200);
    const done = await applicant.get<Item>(`/api/review-items/${itemId}`);
    expect(done.body.status).toBe('CONFIRMED');
    expect(done.body.events.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'recommend',
      'formalPass',
      'assign',
      'reviewed',
      'accept',
      'publicize',
      'confirm',
    ]);
    expect(
      (
        await officeEditor.post(`/api/review-items/${itemId}/decide`, {
          decision: 'REJECT',
          reason: 'x',
        })
      ).status,
    ).toBe(409);
    const ranking = await officeEditor.get(`/api/review-calls/${callId}/export?what=ranking`);
    const scores = await officeEditor.get(`/api/review-calls/${callId}/export?what=scores`);
    for (const x of [ranking, scores]) {
      expect(x.status).toBe(200);
      expect((x.body as unknown as Buffer).subarray(0, 2).toString()).toBe('PK');
    }
    expect((await applicant.get(`/api/review-calls/${callId}/export`)).status).toBe(403);
  });

  it('lets a call name who acts at a stage (the province does the formal check)', async () => {
    const body = {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '省级初审的征集',
      opensAt: today,
      closesAt: '2099-12-31',
      form: { fields: [], attachments: [] },
      stages: [
        { kind: 'FORMAL_CHECK', actorOrgId: province.id, actorRoles: ['ORG_ADMIN'] },
        { kind: 'DECISION' },
      ],
    };
    const bad = await officeEditor.post('/api/review-calls', {
      ...body,
      stages: [{ kind: 'EXPERT_REVIEW', actorOrgId: province.id }, { kind: 'DECISION' }],
      rubric: RUBRIC,
    });
    expect(fields(bad)).toContain('stages');
    const created = await officeEditor.post<{
      id: string;
      stages: { kind: string; actorOrgName: string | null }[];
    }>('/api/review-calls', body);
    expect(created.status).toBe(201);
    expect(created.body.stages[0]).toMatchObject({
      kind: 'FORMAL_CHECK',
      actorOrgName: '湖南省自然资源厅',
    });
    await officeEditor.post(`/api/review-calls/${created.body.id}/open`);
    const it = await applicant.post<Item>(`/api/review-calls/${created.body.id}/items`, {
      organisationId: museum.id,
      title: '省级初审申报',
    });
    await applicant.post(`/api/review-items/${it.body.id}/submit`);
    expect(
      (await officeEditor.post(`/api/review-items/${it.body.id}/formal-check`, { passed: true }))
        .status,
    ).toBe(403);
    const seen = await otherProvAdmin.get(`/api/review-items/${it.body.id}`);
    expect(seen.status).toBe(404);
    const listed = await provAdmin.get<{ items: { id: string }[] }>(
      `/api/review-items?callId=${created.body.id}`,
    );
    expect(listed.body.items.map((i) => i.id)).toEqual([it.body.id]);
    const checked = await provAdmin.post<Item>(`/api/review-items/${it.body.id}/formal-check`, {
      passed: true,
      opinion: '省厅初审通过',
    });
    expect(checked.body.status).toBe('FORMAL_PASSED');
    expect(checked.body.events.at(-1)?.organisationName).toBe('湖南省自然资源厅');
    // The decision stays with the organiser.
    expect(
      (
        await provAdmin.post(`/api/review-items/${it.body.id}/decide`, {
          decision: 'ACCEPT',
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await officeEditor.post(`/api/review-items/${it.body.id}/decide`, {
          decision: 'ACCEPT',
          reason: '通过',
        })
      ).status,
    ).toBe(200);
  });

  it('a reviewer may recuse; an upheld objection rejects the item', async () => {
    const second = await applicant.post<Item>(`/api/review-calls/${callId}/items`, {
      organisationId: museum.id,
      title: '湖南地质公园科普馆',
      data: { category: 'SITE', visitors: 50000 },
      attachments: {
        photos: [
          (
            await applicant.upload<{ id: string }>(
              `/api/media?organisationId=${museum.id}&name=p.png`,
              await png(),
            )
          ).body.id,
        ],
      },
    });
    const id = second.body.id;
    await applicant.post(`/api/review-items/${id}/submit`);
    await provAdmin.post(`/api/review-items/${id}/recommend`, { recommend: true });
    await officeEditor.post(`/api/review-items/${id}/formal-check`, { passed: true });
    await officeEditor.post(`/api/review-calls/${callId}/auto-assign`);
    const mine = await reviewers[0]!.agent.get<{ id: string; itemId: string }[]>(
      '/api/my/review-assignments',
    );
    const a = mine.body.find((x) => x.itemId === id)!;
    expect(
      (
        await reviewers[0]!.agent.post(`/api/review-assignments/${a.id}/recuse`, {
          reason: '曾参与该馆展陈设计',
        })
      ).status,
    ).toBe(200);
    expect((await reviewers[0]!.agent.get(`/api/review-items/${id}`)).status).toBe(404);
    const review = await officeEditor.get<{ exclusions: { reviewerId: string; reason: string }[] }>(
      `/api/review-items/${id}/review`,
    );
    expect(review.body.exclusions).toContainEqual(
      expect.objectContaining({ reviewerId: reviewers[0]!.userId, reason: 'RECUSED' }),
    );
    for (const r of reviewers.slice(1)) {
      const m = await r.agent.get<{ id: string; itemId: string }[]>('/api/my/review-assignments');
      await r.agent.post(
        `/api/review-assignments/${m.body.find((x) => x.itemId === id)!.id}/score`,
        {
          scores: { content: 60, facility: 60, operation: 60 },
          comments: { operation: '一般' },
        },
      );
    }
    await officeEditor.post(`/api/review-calls/${callId}/rounds/close`);
    await officeEditor.post(`/api/review-items/${id}/decide`, {
      decision: 'ACCEPT',
      reason: '达到标准',
    });
    const notice = await officeEditor.post<{ id: string }>(`/api/review-calls/${callId}/notices`, {
      title: '补充公示',
      startsAt: today,
      endsAt: today,
      itemIds: [id],
    });
    const o = await anonymous().post<{ id: string }>(
      `/api/public/review-notices/${notice.body.id}/objections`,
      {
        itemId: id,
        name: '李四',
        contact: 'lisi@example.com',
        text: '该馆实际未对公众开放，申报材料与事实不符。',
      },
    );
    await officeEditor.post(`/api/review-objections/${o.body.id}/handle`, {
      handling: '经核实属实，取消拟命名资格。',
      outcome: 'UPHELD',
    });
    expect((await applicant.get<Item>(`/api/review-items/${id}`)).body.status).toBe('REJECTED');
  });

  it('exports the calls list as xlsx with its filters and scope; others are refused', async () => {
    const draft = await officeEditor.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '待发布的征集（导出）',
      docNo: '自然资办函〔2026〕900号',
      opensAt: today,
      closesAt: '2099-12-31',
      form: { fields: [], attachments: [] },
      rubric: [],
      stages: [{ kind: 'DECISION' }],
    });
    expect(draft.status).toBe(201);
    const exported = await officeEditor.get('/api/review-calls/export');
    expect(exported.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('征集与评审.xlsx')}`,
    );
    const all = await xlsxRows(exported);
    expect(all[0]).toEqual([
      '征集名称',
      '文号',
      '评审对象',
      '组织单位',
      '状态',
      '申报开始',
      '申报截止',
      '申报数',
      'ID',
    ]);
    const list = await officeEditor.get<{ items: { id: string }[] }>(
      '/api/review-calls?pageSize=100',
    );
    expect(all.slice(1).map((r) => r[8])).toEqual(list.body.items.map((c) => c.id));
    expect(all.slice(1).map((r) => r[8])).toContain(draft.body.id);

    const drafts = await xlsxRows(await officeEditor.get('/api/review-calls/export?status=DRAFT'));
    expect(drafts.slice(1).every((r) => r[4] === '草稿')).toBe(true);
    expect(drafts.slice(1).find((r) => r[8] === draft.body.id)).toEqual([
      '待发布的征集（导出）',
      '自然资办函〔2026〕900号',
      '通用评审',
      '科普工作办公室',
      '草稿',
      today,
      '2099-12-31',
      '0',
      draft.body.id,
    ]);
    const open = await xlsxRows(await officeEditor.get('/api/review-calls/export?status=OPEN'));
    expect(open.slice(1).map((r) => r[8])).not.toContain(draft.body.id);
    expect(open.slice(1).find((r) => r[8] === callId)).toEqual(
      expect.arrayContaining(['2026 年度科普基地推荐评审', '申报中', '2']),
    );
    const bases = await xlsxRows(
      await officeEditor.get('/api/review-calls/export?subjectKind=BASE'),
    );
    expect(bases.slice(1)).toEqual([]);
    // 查询 matches the title or the document number, in the list and in its export alike.
    const byDocNo = await officeEditor.get<{ items: { id: string }[] }>(
      `/api/review-calls?q=${encodeURIComponent('〔2026〕900')}`,
    );
    expect(byDocNo.body.items.map((c) => c.id)).toEqual([draft.body.id]);
    const byTitle = await xlsxRows(
      await officeEditor.get(`/api/review-calls/export?q=${encodeURIComponent('待发布')}`),
    );
    expect(byTitle.slice(1).map((r) => r[8])).toEqual([draft.body.id]);
    const none = await officeEditor.get<{ items: unknown[]; total: number }>(
      `/api/review-calls?q=${encodeURIComponent('不存在的征集')}`,
    );
    expect(none.body.total).toBe(0);

    // Scoped as the list: an applicant sees open calls, not another organisation's drafts.
    const seen = await xlsxRows(await applicant.get('/api/review-calls/export'));
    expect(seen.slice(1).map((r) => r[8])).toContain(callId);
    expect(seen.slice(1).map((r) => r[8])).not.toContain(draft.body.id);
    const { agent: visitor } = await buildPublicUser(env);
    expect((await visitor.get('/api/review-calls/export')).status).toBe(403);
    expect((await anonymous().get('/api/review-calls/export')).status).toBe(401);
  });
});
