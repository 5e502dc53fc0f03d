import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutyOf, termEnd } from '../src/modules/appointments/duty.ts';
import { conflictsOf } from '../src/modules/reviews/conflicts.ts';
import { todayInChina } from '../src/platform/ids.ts';
import { enqueue, runDueJobs } from '../src/platform/jobs/runner.ts';
import {
  Agent,
  buildCallOrganisations,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
const fields = (r: { body: unknown }) =>
  ((r.body as ErrorBody).error?.details?.fields ?? []).map((f) => f.field);
interface Appointment {
  id: string;
  userId: string;
  status: string;
  startDate: string;
  endDate: string;
  batch: string;
  docNo: string | null;
  certificateCode: string | null;
  nominatingOrgName: string | null;
  reviewItemId: string | null;
  renewedFromId: string | null;
  studio: { organisationId: string; name: string } | null;
  duty: { led: number; required: number; expectedByNow: number; standing: string };
  canManage: boolean;
}
type Page = { items: Appointment[]; total: number };

const DAY = 86_400_000;

describe('duty standing and terms (pure)', () => {
  const term = { startDate: '2024-04-22', endDate: '2029-04-21' };
  it('asks only what the year gone by asks, and all of it once the year is over', () => {
    expect(dutyOf(term, 2, 0, 2026, '2026-01-15')).toMatchObject({
      required: 2,
      expectedByNow: 0,
      standing: 'ON_TRACK',
    });
    expect(dutyOf(term, 2, 0, 2026, '2026-07-10')).toMatchObject({
      expectedByNow: 1,
      standing: 'BEHIND',
    });
    expect(dutyOf(term, 2, 1, 2026, '2026-07-10').standing).toBe('ON_TRACK');
    expect(dutyOf(term, 2, 2, 2026, '2026-03-01').standing).toBe('MET');
    // A past year: fewer than the minimum is behind, whatever the date.
    expect(dutyOf(term, 2, 1, 2025, '2026-03-01')).toMatchObject({
      expectedByNow: 2,
      standing: 'BEHIND',
    });
  });
  it('prorates a year the term covers only in part', () => {
    // Appointed on 1 November: two months of twelve ask for a sixth of 2, rounded up.
    const late = { startDate: '2026-11-01', endDate: '2031-10-31' };
    expect(dutyOf(late, 2, 0, 2026, '2026-11-20')).toMatchObject({ required: 1, expectedByNow: 0 });
    expect(dutyOf(late, 2, 0, 2026, '2027-01-02').standing).toBe('BEHIND');
  });
  it('ends a term the day before its anniversary', () => {
    expect(termEnd('2026-12-07', 5)).toBe('2031-12-06');
    expect(termEnd('2024-02-29', 5)).toBe('2029-02-28');
  });
  it('puts the nominee and their co-authors in conflict with the nomination', () => {
    const item = {
      itemId: 'i',
      applicantPath: '/r/a/',
      applicantName: '推荐单位',
      submittedBy: 'clerk',
      nomineeId: 'nominee',
    };
    const facts = (userId: string) => ({ userId, orgs: [], ties: [] });
    const co = { pairs: new Map([['friend nominee', '《合著》']]), orgWorks: new Map() };
    expect(conflictsOf(facts('nominee'), item, co).map((c) => c.reason)).toEqual(['NOMINEE']);
    expect(conflictsOf(facts('friend'), item, co).map((c) => c.reason)).toEqual(['CO_AUTHOR']);
    expect(conflictsOf(facts('stranger'), item, co)).toEqual([]);
  });
});

describe.each(DIALECTS)('chief science communicators on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  const who: Record<string, Awaited<ReturnType<typeof buildUserWithRole>>> = {};
  let schemeId = '';
  const today = todayInChina();

  async function expert(name: string, rank: string) {
    const u = await buildUserWithRole(env, admin, 'REVIEWER', orgs.institute.id);
    const res = await u.agent.put('/api/experts/me', {
      title: rank === 'SENIOR' ? '研究员' : '副研究员',
      rank,
      organisationId: orgs.institute.id,
      sectors: ['GEOLOGY'],
      topics: [],
      hazards: ['LANDSLIDE'],
      regions: [],
      languages: [],
      services: ['LECTURE'],
      availability: 'AVAILABLE',
      bio: '',
      publications: [],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    who[name] = u;
    return u;
  }

  async function nominationCall(stages: { kind: string }[], settings: Record<string, unknown>) {
    return who.officeAdmin!.agent.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'CHIEF_COMMUNICATOR',
      organisationId: orgs.office.id,
      title: '首席科学传播专家推荐',
      opensAt: today,
      closesAt: '2099-12-31',
      form: {
        fields: [
          { key: 'years', label: '连续从事公益性科普工作年数', type: 'number', required: true },
        ],
        attachments: [],
      },
      rubric: [{ key: 'record', label: '科普业绩', weight: 1, min: 0, max: 100 }],
      stages,
      reviewersPerItem: 1,
      settings,
    });
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    who.officeAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.office.id);
    who.officeEditor = await buildUserWithRole(env, admin, 'EDITOR', orgs.office.id);
    who.hunanAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.hunan.id);
    who.sichuanAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.sichuan.id);
    who.museumAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.museum.id);
    who.instituteAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.institute.id);
    await expert('senior', 'SENIOR');
    await expert('associate', 'ASSOCIATE');
    await expert('other', 'SENIOR');
  });
  afterAll(() => env.close());

  it('keeps schemes as data, kept by the appointing body’s administrators', async () => {
    const body = {
      code: 'MNR_CHIEF',
      name: '自然资源首席科学传播专家',
      honorific: '自然资源首席科学传播专家',
      organisationId: orgs.office.id,
      termYears: 5,
      renewable: true,
      minLedPerYear: 2,
      minRank: 'SENIOR',
      minYearsPopularising: 3,
      duties: '每年至少主讲 2 场科普活动',
    };
    expect((await who.hunanAdmin!.agent.post('/api/appointment-schemes', body)).status).toBe(403);
    expect((await who.officeEditor!.agent.post('/api/appointment-schemes', body)).status).toBe(403);
    const made = await who.officeAdmin!.agent.post<{ id: string; canManage: boolean }>(
      '/api/appointment-schemes',
      body,
    );
    expect(made.status).toBe(201);
    expect(made.body.canManage).toBe(true);
    schemeId = made.body.id;
    const again = await who.officeAdmin!.agent.post('/api/appointment-schemes', body);
    expect(again.status).toBe(400);
    expect(fields(again)).toEqual(['code']);
    // Another province's administrator cannot take it over or change it.
    const put = await who.sichuanAdmin!.agent.put(`/api/appointment-schemes/${schemeId}`, {
      ...body,
      organisationId: orgs.sichuan.id,
    });
    expect(put.status).toBe(403);
    const list = await who.sichuanAdmin!.agent.get<{ items: { id: string; canManage: boolean }[] }>(
      '/api/appointment-schemes',
    );
    expect(list.body.items.find((s) => s.id === schemeId)?.canManage).toBe(false);
  });

  it('takes nominations of people, checks eligibility, and appoints on the decision', async () => {
    const none = await nominationCall([{ kind: 'DECISION' }], {});
    expect(none.status).toBe(400);
    expect(fields(none)).toEqual(['settings.schemeId']);
    const c = await nominationCall([{ kind: 'DECISION' }], { schemeId, batch: '2026年度' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await who.officeAdmin!.agent.post(`/api/review-calls/${c.body.id}/open`)).status).toBe(
      200,
    );
    const nominate = (subjectId: string, years: number) =>
      who.museumAdmin!.agent.post<{ id: string; title: string }>(
        `/api/review-calls/${c.body.id}/items`,
        { organisationId: orgs.museum.id, subjectId, title: '推荐', data: { years } },
      );
    const junior = await nominate(who.associate!.userId, 10);
    expect(junior.status).toBe(400);
    expect(fields(junior)).toEqual(['subjectId']);
    const short = await nominate(who.senior!.userId, 1);
    expect(short.status).toBe(400);
    expect(fields(short)).toEqual(['data.years']);
    const unknown = await nominate(who.hunanAdmin!.userId, 10);
    expect(unknown.status).toBe(400);
    const ok = await nominate(who.senior!.userId, 6);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await nominate(who.senior!.userId, 6)).status).toBe(409);
    // Another province's administrator cannot nominate in the museum's name.
    const foreign = await who.sichuanAdmin!.agent.post(`/api/review-calls/${c.body.id}/items`, {
      organisationId: orgs.museum.id,
      subjectId: who.other!.userId,
      title: '推荐',
      data: { years: 6 },
    });
    expect(foreign.status).toBe(403);
    expect(
      (await who.museumAdmin!.agent.post(`/api/review-items/${ok.body.id}/submit`)).status,
    ).toBe(200);
    const decided = await who.officeAdmin!.agent.post<{ status: string }>(
      `/api/review-items/${ok.body.id}/decide`,
      { decision: 'ACCEPT', reason: '符合条件' },
    );
    expect(decided.body.status).toBe('CONFIRMED');

    const list = await who.officeAdmin!.agent.get<Page>('/api/appointments');
    expect(list.body.total).toBe(1);
    const a = list.body.items[0]!;
    expect(a).toMatchObject({
      userId: who.senior!.userId,
      status: 'ACTIVE',
      startDate: today,
      endDate: termEnd(today, 5),
      batch: '2026年度',
      nominatingOrgName: '湖南省地质博物馆',
      reviewItemId: ok.body.id,
      canManage: true,
    });
    expect(a.duty).toMatchObject({ led: 0 });
    const verified = await new Agent(env.app).get<{
      status: string;
      title: string;
      lines: string[];
    }>(`/api/public/certificates/${a.certificateCode}`);
    expect(verified.body.status).toBe('VALID');
    expect(verified.body.title).toBe('自然资源首席科学传播专家聘书');
    expect(verified.body.lines.join('\n')).toContain('批次：2026年度');
    // The appointee sees it, and was told.
    const mine = await who.senior!.agent.get<{ items: Appointment[] }>('/api/me/appointments');
    expect(mine.body.items.map((x) => x.id)).toEqual([a.id]);
    const inbox = await who.senior!.agent.get<{ items: { title: string }[] }>(
      '/api/me/notifications',
    );
    expect(inbox.body.items.map((n) => n.title)).toContain('您已受聘为自然资源首席科学传播专家');
    // Held already: another nomination is refused.
    expect((await nominate(who.senior!.userId, 6)).status).toBe(409);
  });

  it('never lets the nominee review their own nomination', async () => {
    const c = await nominationCall([{ kind: 'EXPERT_REVIEW' }, { kind: 'DECISION' }], { schemeId });
    await who.officeAdmin!.agent.post(`/api/review-calls/${c.body.id}/open`);
    const it = await who.museumAdmin!.agent.post<{ id: string }>(
      `/api/review-calls/${c.body.id}/items`,
      {
        organisationId: orgs.museum.id,
        subjectId: who.other!.userId,
        title: '推荐',
        data: { years: 9 },
      },
    );
    expect(it.status, JSON.stringify(it.body)).toBe(201);
    await who.museumAdmin!.agent.post(`/api/review-items/${it.body.id}/submit`);
    const self = await who.officeAdmin!.agent.post(`/api/review-items/${it.body.id}/assignments`, {
      reviewerId: who.other!.userId,
    });
    expect(self.status).toBeGreaterThanOrEqual(400);
    expect(self.status).toBeLessThan(500);
    const auto = await who.officeAdmin!.agent.post(`/api/review-calls/${c.body.id}/auto-assign`);
    expect(auto.status, JSON.stringify(auto.body)).toBe(200);
    const review = await who.officeAdmin!.agent.get<{
      assignments: { reviewerId: string }[];
      exclusions: { reviewerId: string; reason: string }[];
    }>(`/api/review-items/${it.body.id}/review`);
    expect(review.body.exclusions).toContainEqual(
      expect.objectContaining({ reviewerId: who.other!.userId, reason: 'NOMINEE' }),
    );
    expect(review.body.assignments.map((a) => a.reviewerId)).not.toContain(who.other!.userId);
    expect(review.body.assignments).toHaveLength(1);
  });

  it('scopes the lists and the powers: no other province, no other unit', async () => {
    const sichuan = await who.sichuanAdmin!.agent.get<Page>('/api/appointments');
    expect(sichuan.body.total).toBe(0);
    // The institute's administrator sees its own expert's appointment, but cannot manage it.
    const inst = await who.instituteAdmin!.agent.get<Page>('/api/appointments');
    expect(inst.body.total).toBe(1);
    expect(inst.body.items[0]!.canManage).toBe(false);
    const id = inst.body.items[0]!.id;
    expect(
      (await who.instituteAdmin!.agent.post(`/api/appointments/${id}/withdraw`, { reason: 'x' }))
        .status,
    ).toBe(403);
    expect(
      (await who.hunanAdmin!.agent.post(`/api/appointments/${id}/renew`, { batch: '续' })).status,
    ).toBe(403);
    expect((await who.senior!.agent.get('/api/appointments')).status).toBe(403);
    // Entered by hand: rank and holding are checked.
    const junior = await who.officeAdmin!.agent.post('/api/appointments', {
      schemeId,
      userId: who.associate!.userId,
      batch: '补录',
      startDate: today,
    });
    expect(junior.status).toBe(400);
    expect(fields(junior)).toEqual(['userId']);
    const twice = await who.officeAdmin!.agent.post('/api/appointments', {
      schemeId,
      userId: who.senior!.userId,
      batch: '补录',
      startDate: today,
    });
    expect(twice.status).toBe(409);
  });

  it('sets up a studio under the unit, by its administrators only', async () => {
    const list = await who.officeAdmin!.agent.get<Page>('/api/appointments?status=ACTIVE');
    const id = list.body.items[0]!.id;
    const foreign = await who.sichuanAdmin!.agent.post(`/api/appointments/${id}/studio`, {
      parentId: orgs.museum.id,
      name: '王强科学传播专家工作室',
    });
    expect(foreign.status).toBe(403);
    const made = await who.museumAdmin!.agent.post<Appointment>(`/api/appointments/${id}/studio`, {
      parentId: orgs.museum.id,
      name: '科学传播专家工作室',
      description: '面向中小学的地质灾害科普',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.studio?.name).toBe('科学传播专家工作室');
    const org = await admin.get<{ type: string; parentId: string }>(
      `/api/organisations/${made.body.studio!.organisationId}`,
    );
    expect(org.body).toMatchObject({ type: 'STUDIO', parentId: orgs.museum.id });
    expect(
      (
        await who.museumAdmin!.agent.post(`/api/appointments/${id}/studio`, {
          parentId: orgs.museum.id,
          name: '第二个',
        })
      ).status,
    ).toBe(409);
  });

  it('renews from the day after the term, then withdraws with the letter revoked', async () => {
    const list = await who.officeAdmin!.agent.get<Page>('/api/appointments?status=ACTIVE');
    const old = list.body.items[0]!;
    const renewed = await who.officeEditor!.agent.post<Appointment>(
      `/api/appointments/${old.id}/renew`,
      { batch: '2031年度续聘', docNo: '自然资人事函〔2031〕1号' },
    );
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    const dayAfter = new Date(Date.parse(`${old.endDate}T00:00:00Z`) + DAY)
      .toISOString()
      .slice(0, 10);
    expect(renewed.body).toMatchObject({
      status: 'ACTIVE',
      startDate: dayAfter,
      renewedFromId: old.id,
    });
    expect(
      (await who.officeEditor!.agent.post(`/api/appointments/${old.id}/renew`, { batch: 'x' }))
        .status,
    ).toBe(409);
    const statuses = await who.officeAdmin!.agent.get<Page>('/api/appointments');
    expect(statuses.body.items.find((x) => x.id === old.id)?.status).toBe('RENEWED');

    const noReason = await who.officeAdmin!.agent.post(
      `/api/appointments/${renewed.body.id}/withdraw`,
      { reason: ' ' },
    );
    expect(noReason.status).toBe(400);
    expect(fields(noReason)).toEqual(['reason']);
    const w = await who.officeAdmin!.agent.post<Appointment>(
      `/api/appointments/${renewed.body.id}/withdraw`,
      { reason: '本人申请辞去' },
    );
    expect(w.body.status).toBe('WITHDRAWN');
    const check = await admin.get<{ status: string }>(
      `/api/public/certificates/${renewed.body.certificateCode}`,
    );
    expect(check.body.status).toBe('REVOKED');
    expect(
      (
        await who.officeAdmin!.agent.post(`/api/appointments/${renewed.body.id}/withdraw`, {
          reason: '再次',
        })
      ).status,
    ).toBe(409);
  });

  it('expires terms and reminds before they end, once', async () => {
    // An earlier batch whose five years end today.
    const start = new Date(Date.parse(`${today}T00:00:00Z`) - 5 * 365 * DAY + 2 * DAY)
      .toISOString()
      .slice(0, 10);
    const made = await who.officeAdmin!.agent.post<Appointment>('/api/appointments', {
      schemeId,
      userId: who.other!.userId,
      batch: '第一批',
      docNo: '国土资发〔2021〕1号',
      startDate: start,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.endDate >= today).toBe(true);
    const deps = { db: env.handle.db, dialect: env.handle.dialect, config: env.config };
    await enqueue(env.handle.db, 'appointments.remindRenewal', {});
    await runDueJobs(deps, { names: ['appointments.remindRenewal'], schedules: false });
    await enqueue(env.handle.db, 'appointments.remindRenewal', {});
    await runDueJobs(deps, { names: ['appointments.remindRenewal'], schedules: false });
    const told = await who.officeAdmin!.agent.get<{ items: { title: string }[] }>(
      '/api/me/notifications',
    );
    expect(told.body.items.filter((n) => n.title.includes('聘期将于')).length).toBe(1);

    const later = Date.parse(`${made.body.endDate}T12:00:00+08:00`) + 2 * DAY;
    await enqueue(env.handle.db, 'appointments.expireTerms', {});
    const ran = await runDueJobs(deps, {
      names: ['appointments.expireTerms'],
      schedules: false,
      now: later,
    });
    expect(ran.succeeded).toBe(1);
    const after = await who.officeAdmin!.agent.get<Page>(
      `/api/appointments?q=${encodeURIComponent('测试用户')}&status=EXPIRED`,
    );
    expect(after.body.items.map((x) => x.id)).toContain(made.body.id);
  });

  it('exports and erases a person’s appointments with their account data', async () => {
    const exp = await who.other!.agent.get<{ sections: { module: string; items: unknown[] }[] }>(
      '/api/me/export',
    );
    const s = exp.body.sections.find((x) => x.module === 'appointments');
    expect(s?.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(s)).toContain('已届满');
  });

  it('puts a unit nowhere near the scheme out of reach of its list', async () => {
    const far = await buildOrganisation(admin, orgs.sichuan.id, {
      type: 'SCHOOL',
      name: '远方学校',
    });
    const farAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', far.id);
    expect((await farAdmin.agent.get<Page>('/api/appointments')).body.total).toBe(0);
  });
});
