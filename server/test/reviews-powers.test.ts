import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildCallOrganisations,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

/**
 * Stage powers: who recommends, checks, decides and puts on notice is derived from the call and
 * the organisation trees. For each step the right actor passes; the applicant's own unit admin,
 * another province's admin, the admin of a unit below the applicant and a reviewer are refused.
 */
type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);
interface Item {
  id: string;
  status: string;
  events: { action: string; organisationName: string | null }[];
  abilities: Record<string, boolean>;
}
const REFUSED = [403, 404];

describe.each(DIALECTS)('review stage powers on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  const org: Record<string, { id: string }> = {};
  const who: Record<string, Agent> = {};
  const ids: Record<string, string> = {};
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  async function role(name: string, r: 'ORG_ADMIN' | 'EDITOR' | 'REVIEWER', at: string) {
    const u = await buildUserWithRole(env, admin, r, at);
    who[name] = u.agent;
    ids[name] = u.userId;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    const o = await buildCallOrganisations(env, admin);
    Object.assign(org, o);
    org.museumChild = await buildOrganisation(admin, o.museum.id, {
      type: 'OTHER',
      name: '湖南省地质博物馆标本部',
    });
    org.survey = await buildOrganisation(admin, env.rootId, {
      type: 'AFFILIATED_UNIT',
      name: '中国地质调查局',
      tree: 'DEPT',
    });
    org.lab = await buildOrganisation(admin, org.survey.id, {
      type: 'RESEARCH_UNIT',
      name: '岩溶地质研究所',
    });
    await role('officeEditor', 'EDITOR', o.office.id);
    await role('hunanAdmin', 'ORG_ADMIN', o.hunan.id);
    await role('sichuanAdmin', 'ORG_ADMIN', o.sichuan.id);
    await role('museumAdmin', 'ORG_ADMIN', o.museum.id);
    await role('childAdmin', 'ORG_ADMIN', org.museumChild.id);
    await role('surveyAdmin', 'ORG_ADMIN', org.survey.id);
    await role('labAdmin', 'ORG_ADMIN', org.lab.id);
    await role('reviewer', 'REVIEWER', o.institute.id);
  });
  afterAll(() => env.close());

  async function openCall(stages: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
    const res = await who.officeEditor!.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: org.office!.id,
      title: '2026 年度科普基地推荐',
      opensAt: today,
      closesAt: '2099-12-31',
      form: { fields: [], attachments: [] },
      rubric: [{ key: 'content', label: '科普内容', weight: 1, min: 0, max: 100 }],
      stages,
      reviewersPerItem: 1,
      ...extra,
    });
    expect(res.status).toBe(201);
    expect((await who.officeEditor!.post(`/api/review-calls/${res.body.id}/open`)).status).toBe(
      200,
    );
    return res.body.id;
  }
  const FULL = ['RECOMMENDATION', 'FORMAL_CHECK', 'EXPERT_REVIEW', 'DECISION', 'PUBLIC_NOTICE'].map(
    (kind) => ({ kind }),
  );

  /** A submitted application of `unit`, made by the platform admin (no one's own colleague). */
  async function submitted(callId: string, unit: string, title = '申报') {
    const it = await admin.post<Item>(`/api/review-calls/${callId}/items`, {
      organisationId: unit,
      title,
    });
    expect(it.status).toBe(201);
    expect((await admin.post(`/api/review-items/${it.body.id}/submit`)).status).toBe(200);
    return it.body.id;
  }

  async function refusedAll(names: string[], method: 'post', url: string, body: unknown) {
    const out: Record<string, number> = {};
    for (const n of names) out[n] = (await who[n]![method](url, body)).status;
    for (const [n, s] of Object.entries(out)) expect(REFUSED, `${n}: ${s}`).toContain(s);
  }

  it('recommendation: the applicant’s province (administrative tree) and nobody else', async () => {
    const callId = await openCall(FULL);
    const id = await submitted(callId, org.museum!.id);
    await refusedAll(
      ['museumAdmin', 'sichuanAdmin', 'childAdmin', 'reviewer', 'officeEditor', 'surveyAdmin'],
      'post',
      `/api/review-items/${id}/recommend`,
      { recommend: true },
    );
    const ok = await who.hunanAdmin!.post<Item>(`/api/review-items/${id}/recommend`, {
      recommend: true,
      opinion: '同意推荐',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.events.at(-1)).toMatchObject({
      action: 'recommend',
      organisationName: '湖南省自然资源厅',
    });
  });

  it('recommendation: the applicant’s 部属单位 (departmental tree)', async () => {
    const callId = await openCall(FULL);
    const id = await submitted(callId, org.lab!.id);
    await refusedAll(
      ['labAdmin', 'hunanAdmin', 'officeEditor', 'reviewer'],
      'post',
      `/api/review-items/${id}/recommend`,
      { recommend: true },
    );
    const ok = await who.surveyAdmin!.post<Item>(`/api/review-items/${id}/recommend`, {
      recommend: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.events.at(-1)?.organisationName).toBe('中国地质调查局');
  });

  it('a configured recommender: the event names that unit, not the province above the applicant', async () => {
    const callId = await openCall([
      { kind: 'RECOMMENDATION', actorOrgId: org.museum!.id, actorRoles: ['ORG_ADMIN'] },
      { kind: 'DECISION' },
    ]);
    const id = await submitted(callId, org.museumChild!.id);
    const ok = await who.museumAdmin!.post<Item>(`/api/review-items/${id}/recommend`, {
      recommend: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.events.at(-1)).toMatchObject({
      action: 'recommend',
      organisationName: '湖南省地质博物馆',
    });
  });

  it('a unit relabelled as a province gains no power over its own application', async () => {
    const callId = await openCall(FULL);
    const id = await submitted(callId, org.museum!.id);
    // However it came about (a self-edit, a legacy row): the museum now says it is a province,
    // with another province's code.
    await env.handle.db
      .updateTable('organisations')
      .set({ type: 'PROVINCIAL_DEPT', divisionCode: '440000' })
      .where('id', '=', org.museum!.id)
      .execute();
    try {
      const own = await who.museumAdmin!.get<Item>(`/api/review-items/${id}`);
      expect(own.body.abilities.recommend).toBe(false);
      const self = await who.museumAdmin!.post(`/api/review-items/${id}/recommend`, {
        recommend: true,
      });
      expect(REFUSED).toContain(self.status);
      // Its province still recommends it.
      const ok = await who.hunanAdmin!.post<Item>(`/api/review-items/${id}/recommend`, {
        recommend: true,
      });
      expect(ok.body.status).toBe('RECOMMENDED');
      // A province's own application is recommended by the organiser, never by itself.
      const provincial = await submitted(callId, org.hunan!.id, '省厅自己的申报');
      const itself = await who.hunanAdmin!.post(`/api/review-items/${provincial}/recommend`, {
        recommend: true,
      });
      expect(REFUSED).toContain(itself.status);
      expect(
        (
          await who.officeEditor!.post(`/api/review-items/${provincial}/recommend`, {
            recommend: true,
          })
        ).status,
      ).toBe(200);
    } finally {
      await env.handle.db
        .updateTable('organisations')
        .set({ type: 'BASE_HOST', divisionCode: null })
        .where('id', '=', org.museum!.id)
        .execute();
    }
  });

  it('formal check, decision and 公示: the organiser’s staff, never the applicant’s side', async () => {
    const callId = await openCall(FULL);
    const id = await submitted(callId, org.museum!.id);
    await who.hunanAdmin!.post(`/api/review-items/${id}/recommend`, { recommend: true });
    const outsiders = ['museumAdmin', 'sichuanAdmin', 'childAdmin', 'reviewer', 'hunanAdmin'];
    await refusedAll(outsiders, 'post', `/api/review-items/${id}/formal-check`, { passed: true });
    expect(
      (await who.officeEditor!.post(`/api/review-items/${id}/formal-check`, { passed: true }))
        .status,
    ).toBe(200);
    const assigned = await who.officeEditor!.post(`/api/review-items/${id}/assignments`, {
      reviewerId: ids.reviewer,
    });
    expect(assigned.status).toBe(200);
    const mine = await who.reviewer!.get<{ id: string; itemId: string }[]>(
      '/api/my/review-assignments',
    );
    const a = mine.body.find((x) => x.itemId === id)!;
    expect(
      (
        await who.reviewer!.post(`/api/review-assignments/${a.id}/score`, {
          scores: { content: 90 },
        })
      ).status,
    ).toBe(200);
    expect((await who.officeEditor!.post(`/api/review-calls/${callId}/rounds/close`)).status).toBe(
      200,
    );
    // The assigned reviewer sees the item but does not decide it.
    await refusedAll(outsiders, 'post', `/api/review-items/${id}/decide`, {
      decision: 'ACCEPT',
      reason: '通过',
    });
    const decided = await who.officeEditor!.post<Item>(`/api/review-items/${id}/decide`, {
      decision: 'ACCEPT',
      reason: '综合得分第一',
    });
    expect(decided.body.status).toBe('ACCEPTED');
    const notice = { title: '拟命名名单公示', startsAt: today, endsAt: today, itemIds: [id] };
    await refusedAll(outsiders, 'post', `/api/review-calls/${callId}/notices`, notice);
    const n = await who.officeEditor!.post<{ id: string }>(
      `/api/review-calls/${callId}/notices`,
      notice,
    );
    expect(n.status).toBe(201);
    await refusedAll(outsiders, 'post', `/api/review-notices/${n.body.id}/close`, {});
    expect((await who.officeEditor!.post(`/api/review-notices/${n.body.id}/close`)).status).toBe(
      200,
    );
  });

  it('a configured acting unit never checks its own application', async () => {
    const callId = await openCall([
      { kind: 'FORMAL_CHECK', actorOrgId: org.hunan!.id, actorRoles: ['ORG_ADMIN'] },
      { kind: 'DECISION' },
    ]);
    const museum = await submitted(callId, org.museum!.id);
    const own = await submitted(callId, org.hunan!.id, '省厅自己的申报');
    await refusedAll(
      ['museumAdmin', 'childAdmin', 'sichuanAdmin', 'reviewer', 'officeEditor'],
      'post',
      `/api/review-items/${museum}/formal-check`,
      { passed: true },
    );
    expect(
      (await who.hunanAdmin!.post(`/api/review-items/${museum}/formal-check`, { passed: true }))
        .status,
    ).toBe(200);
    const self = await who.hunanAdmin!.post(`/api/review-items/${own}/formal-check`, {
      passed: true,
    });
    expect(self.status).toBe(403);
  });

  it('automatic assignment skips accounts that cannot sign in; the picker marks them', async () => {
    const callId = await openCall([{ kind: 'EXPERT_REVIEW' }, { kind: 'DECISION' }], {
      reviewersPerItem: 3,
    });
    const pool: Record<string, string> = {};
    for (const name of ['able', 'noPassword', 'disabled']) {
      await role(name, 'REVIEWER', org.institute!.id);
      pool[name] = ids[name]!;
      await who[name]!.request('PUT', '/api/experts/me', { sectors: ['GEOLOGY'] });
    }
    // A seeded person who never set a password, and an account an administrator disabled.
    await env.handle.db
      .updateTable('users')
      .set({ passwordHash: null })
      .where('id', '=', pool.noPassword!)
      .execute();
    expect((await admin.patch(`/api/users/${pool.disabled}`, { status: 'DISABLED' })).status).toBe(
      200,
    );
    const items = [
      await submitted(callId, org.museum!.id, '甲'),
      await submitted(callId, org.lab!.id, '乙'),
    ];
    const auto = await who.officeEditor!.post<{ assigned: number }>(
      `/api/review-calls/${callId}/auto-assign`,
    );
    expect(auto.status).toBe(200);
    for (const id of items) {
      const r = await who.officeEditor!.get<{ assignments: { reviewerId: string }[] }>(
        `/api/review-items/${id}/review`,
      );
      const picked = r.body.assignments.map((x) => x.reviewerId);
      expect(picked).toContain(pool.able);
      expect(picked).not.toContain(pool.noPassword);
      expect(picked).not.toContain(pool.disabled);
    }
    const experts = await who.officeEditor!.get<{ items: { userId: string; signIn: string }[] }>(
      '/api/experts?pageSize=1000',
    );
    const mark = Object.fromEntries(experts.body.items.map((e) => [e.userId, e.signIn]));
    expect(mark[pool.able!]).toBe('OK');
    expect(mark[pool.noPassword!]).toBe('NO_PASSWORD');
    expect(mark[pool.disabled!]).toBe('DISABLED');
    // By hand: a disabled account is refused, naming the field.
    const byHand = await who.officeEditor!.post(`/api/review-items/${items[0]}/assignments`, {
      reviewerId: pool.disabled,
    });
    expect(byHand.status).toBe(400);
    expect(fields(byHand)).toEqual(['reviewerId']);
  });

  it('a step at a stage the call lacks: recommending says so first, checking asks who acts first', async () => {
    const callId = await openCall([{ kind: 'DECISION' }]);
    const id = await submitted(callId, org.museum!.id);
    const message = (r: { body: unknown }) =>
      (r.body as { error: { message: string } }).error.message;
    // The organiser is told the call has no recommendation, though the province would recommend.
    const rec = await who.officeEditor!.post(`/api/review-items/${id}/recommend`, {
      recommend: true,
    });
    expect(rec.status).toBe(409);
    expect(message(rec)).toBe('本次征集没有“推荐”环节');
    // The formal check is the organiser's: the province above the applicant is refused first …
    const check = { passed: true };
    expect((await who.hunanAdmin!.post(`/api/review-items/${id}/formal-check`, check)).status).toBe(
      403,
    );
    // … and the organiser is told there is no such stage.
    const mine = await who.officeEditor!.post(`/api/review-items/${id}/formal-check`, check);
    expect(mine.status).toBe(409);
    expect(message(mine)).toBe('本次征集没有“形式审查”环节');
  });
});
