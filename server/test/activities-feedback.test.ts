import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '#platform/ids.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type ErrorBody = { error: { code: string; message: string; details?: unknown } };
const code = (r: { body: unknown }) => (r.body as ErrorBody).error.code;

interface Activity {
  id: string;
  sessions: { id: string }[];
}
interface Summary {
  count: number;
  mean: number | null;
  distribution: number[];
}
interface Mine {
  id: string;
  rating: number;
  comment: string;
  commentStatus: string;
  moderationReason: string | null;
}
interface ModItem {
  id: string;
  activityId: string;
  commentStatus: string;
  comment: string;
  moderationReason: string | null;
  userName: string;
}
interface Satisfaction {
  by: string;
  overall: Summary;
  items: (Summary & { key: string; name: string })[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A time `days` from now at hh:00 China time, as an ISO instant. */
const at = (days: number, hh = 9) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(`${d}T${String(hh).padStart(2, '0')}:00:00+08:00`).toISOString();
};

describe.each(DIALECTS)('activity feedback on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let museum: { id: string };
  let mapping: { id: string };
  let sichuanUnit: { id: string };
  let museumEditor: Agent;
  let museumMember: Agent;
  let mappingEditor: Agent;
  let sichuanEditor: Agent;

  async function activity(by: Agent, orgId: string, divisionCode: string, title: string) {
    const res = await by.post<Activity>('/api/activities', {
      organisationId: orgId,
      typeCode: 'LECTURE',
      title,
      divisionCode,
      address: '报告厅',
      sessions: [{ startsAt: at(3), endsAt: at(3, 11), capacity: 20 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await by.post(`/api/activities/${res.body.id}/publish`)).status).toBe(200);
    return res.body;
  }

  /** People registered at the activity; the first `checkedIn` of them checked in by `staff`. */
  async function attendees(a: Activity, staff: Agent, n: number, checkedIn: number) {
    const out: { agent: Agent; regId: string }[] = [];
    for (let i = 0; i < n; i++) {
      const p = (await buildPublicUser(env)).agent;
      const r = await p.post<{ id: string; ticketCode: string }>(
        `/api/activities/${a.id}/registrations`,
        {},
      );
      expect(r.status).toBe(201);
      if (i < checkedIn) {
        const c = await staff.post<{ results: { outcome: string }[] }>(
          `/api/activities/${a.id}/check-ins`,
          { code: r.body.ticketCode },
        );
        expect(c.body.results[0]!.outcome).toBe('CHECKED_IN');
      }
      out.push({ agent: p, regId: r.body.id });
    }
    return out;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    const hunan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '湖南省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '430000',
    });
    const sichuan = await buildOrganisation(admin, env.rootId, {
      type: 'PROVINCIAL_DEPT',
      name: '四川省自然资源厅',
      tree: 'ADMIN',
      divisionCode: '510000',
    });
    museum = await buildOrganisation(admin, hunan.id, { type: 'BASE_HOST', name: '地质博物馆' });
    mapping = await buildOrganisation(admin, hunan.id, { type: 'BASE_HOST', name: '测绘馆' });
    sichuanUnit = await buildOrganisation(admin, sichuan.id, {
      type: 'BASE_HOST',
      name: '自贡恐龙博物馆',
    });
    museumEditor = (await buildUserWithRole(env, admin, 'EDITOR', museum.id)).agent;
    museumMember = (await buildUserWithRole(env, admin, 'MEMBER', museum.id)).agent;
    mappingEditor = (await buildUserWithRole(env, admin, 'EDITOR', mapping.id)).agent;
    sichuanEditor = (await buildUserWithRole(env, admin, 'EDITOR', sichuanUnit.id)).agent;
    // The museum hosts a named base (a base row whose host organisation is the museum).
    const t = nowIso();
    await env.handle.db
      .insertInto('bases')
      .values({
        id: newId(),
        hostOrgId: museum.id,
        name: '湖南地质科普基地',
        tier: 'NATIONAL',
        category: 'VENUE',
        sectors: '[]',
        intro: '',
        address: '',
        divisionCode: '430100',
        longitude: null,
        latitude: null,
        openingHours: '',
        capacity: null,
        facilities: '[]',
        contacts: '[]',
        coverId: null,
        gallery: '[]',
        status: 'ACTIVE',
        namingDocNo: null,
        namedAt: null,
        batchYear: null,
        validUntil: null,
        rectifyBy: null,
        applicationId: null,
        authorityOrgId: hunan.id,
        createdAt: t,
        updatedAt: t,
      })
      .execute();
  }, 60_000);
  afterAll(() => env.close());

  it('only a checked-in attendee rates; one feedback per registration, changed within the window', async () => {
    const a = await activity(museumEditor, museum.id, '430100', '岩石里的亿万年');
    const [came, absent] = await attendees(a, museumMember, 2, 1);
    const stranger = (await buildPublicUser(env)).agent;

    const refused = await absent!.agent.put(`/api/registrations/${absent!.regId}/feedback`, {
      rating: 5,
      comment: '很好',
    });
    expect(refused.status).toBe(422);
    expect(code(refused)).toBe('RULE_BROKEN');
    expect((refused.body as ErrorBody).error.message).toContain('签到');
    // Someone else's registration is not theirs to know.
    expect(
      (await stranger.put(`/api/registrations/${came!.regId}/feedback`, { rating: 1 })).status,
    ).toBe(404);
    expect(
      (await new Agent(env.app).put(`/api/registrations/${came!.regId}/feedback`, { rating: 1 }))
        .status,
    ).toBe(401);
    const bad = await came!.agent.put(`/api/registrations/${came!.regId}/feedback`, { rating: 6 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('rating');

    const first = await came!.agent.put<Mine>(`/api/registrations/${came!.regId}/feedback`, {
      rating: 4,
      comment: '讲得清楚，标本很多',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rating: 4, commentStatus: 'PENDING' });
    const again = await came!.agent.put<Mine>(`/api/registrations/${came!.regId}/feedback`, {
      rating: 5,
      comment: '讲得清楚，标本很多',
    });
    expect(again.body.id).toBe(first.body.id);
    expect(again.body).toMatchObject({ rating: 5, commentStatus: 'PENDING' });
    const rows = await env.handle.db
      .selectFrom('activityFeedback')
      .select('id')
      .where('registrationId', '=', came!.regId)
      .execute();
    expect(rows).toHaveLength(1);

    // 我的 shows who may rate and what they gave.
    const mine = await came!.agent.get<{
      items: { id: string; mayGiveFeedback: boolean; feedback: Mine | null }[];
    }>('/api/me/registrations');
    expect(mine.body.items.find((r) => r.id === came!.regId)).toMatchObject({
      mayGiveFeedback: true,
      feedback: { rating: 5, commentStatus: 'PENDING' },
    });
    const theirs = await absent!.agent.get<{
      items: { id: string; mayGiveFeedback: boolean; feedback: Mine | null }[];
    }>('/api/me/registrations');
    expect(theirs.body.items[0]).toMatchObject({ mayGiveFeedback: false, feedback: null });

    // After the window, no more changes.
    await env.handle.db
      .updateTable('activityFeedback')
      .set({ createdAt: new Date(Date.now() - 15 * DAY).toISOString() })
      .where('id', '=', first.body.id)
      .execute();
    const late = await came!.agent.put(`/api/registrations/${came!.regId}/feedback`, {
      rating: 1,
    });
    expect(late.status).toBe(409);
  });

  it('comments wait for the host’s staff; another unit cannot moderate; approved ones are public; audited', async () => {
    const a = await activity(museumEditor, museum.id, '430100', '矿物晶体展');
    const people = await attendees(a, museumMember, 3, 3);
    const given = [
      { rating: 5, comment: '孩子很喜欢' },
      { rating: 2, comment: '广告太多 联系微信xxx' },
      { rating: 4, comment: '' },
    ];
    for (const [i, p] of people.entries())
      expect((await p.agent.put(`/api/registrations/${p.regId}/feedback`, given[i])).status).toBe(
        200,
      );

    const before = await new Agent(env.app).get<{ summary: Summary; items: unknown[] }>(
      `/api/public/activities/${a.id}/feedback`,
    );
    expect(before.status).toBe(200);
    expect(before.body.summary).toEqual({ count: 3, mean: 3.67, distribution: [0, 1, 0, 1, 1] });
    expect(before.body.items).toEqual([]);

    const pending = await museumEditor.get<{ items: ModItem[]; total: number }>(
      `/api/activity-feedback?status=PENDING&activityId=${a.id}`,
    );
    expect(pending.status).toBe(200);
    expect(pending.body.total).toBe(2); // the rating without a comment needs no moderation
    const good = pending.body.items.find((i) => i.comment === '孩子很喜欢')!;
    const spam = pending.body.items.find((i) => i.comment.startsWith('广告'))!;

    // Another unit of the province and another province: neither sees nor moderates it.
    for (const outsider of [mappingEditor, sichuanEditor]) {
      const list = await outsider.get<{ items: ModItem[] }>('/api/activity-feedback');
      expect(list.status).toBe(200);
      expect(list.body.items.map((i) => i.activityId)).not.toContain(a.id);
      const r = await outsider.post(`/api/activity-feedback/${good.id}/moderate`, {
        approve: true,
      });
      expect(r.status).toBe(404);
    }
    expect(
      (await museumMember.post(`/api/activity-feedback/${good.id}/moderate`, { approve: true }))
        .status,
    ).toBe(403);
    const noReason = await museumEditor.post(`/api/activity-feedback/${spam.id}/moderate`, {
      approve: false,
    });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');

    const ok = await museumEditor.post<ModItem>(`/api/activity-feedback/${good.id}/moderate`, {
      approve: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.commentStatus).toBe('APPROVED');
    expect(
      (await museumEditor.post(`/api/activity-feedback/${good.id}/moderate`, { approve: true }))
        .status,
    ).toBe(409);
    const no = await museumEditor.post<ModItem>(`/api/activity-feedback/${spam.id}/moderate`, {
      approve: false,
      reason: '含有广告和联系方式',
    });
    expect(no.body).toMatchObject({
      commentStatus: 'REJECTED',
      moderationReason: '含有广告和联系方式',
    });

    const after = await new Agent(env.app).get<{
      summary: Summary;
      items: { comment: string; rating: number }[];
      total: number;
    }>(`/api/public/activities/${a.id}/feedback`);
    expect(after.body.items).toEqual([
      expect.objectContaining({ comment: '孩子很喜欢', rating: 5 }),
    ]);
    expect(after.body.total).toBe(1);
    expect(after.body.summary.count).toBe(3);

    // The person sees why their comment is not shown; a changed comment waits again.
    const mine = await people[1]!.agent.get<{ items: { id: string; feedback: Mine }[] }>(
      '/api/me/registrations',
    );
    expect(mine.body.items[0]!.feedback).toMatchObject({
      commentStatus: 'REJECTED',
      moderationReason: '含有广告和联系方式',
    });
    const edited = await people[0]!.agent.put<Mine>(
      `/api/registrations/${people[0]!.regId}/feedback`,
      { rating: 5, comment: '孩子很喜欢，还想再来' },
    );
    expect(edited.body.commentStatus).toBe('PENDING');
    const hidden = await new Agent(env.app).get<{ items: unknown[] }>(
      `/api/public/activities/${a.id}/feedback`,
    );
    expect(hidden.body.items).toEqual([]);

    const audit = await admin.get<{ items: { action: string }[] }>(
      `/api/audit?entityType=activity&entityId=${a.id}`,
    );
    const actions = audit.body.items.map((i) => i.action);
    expect(actions).toContain('activityFeedback.approve');
    expect(actions).toContain('activityFeedback.reject');
  });

  it('satisfaction by activity, host, base and province, within each unit’s reach', async () => {
    const inHunan = await activity(mappingEditor, mapping.id, '430200', '地图里的中国');
    const inSichuan = await activity(sichuanEditor, sichuanUnit.id, '510300', '恐龙化石');
    const museumAct = await activity(museumEditor, museum.id, '430100', '地球的年龄');
    const rate = async (a: Activity, staff: Agent, ratings: number[]) => {
      const ps = await attendees(a, staff, ratings.length, ratings.length);
      for (const [i, p] of ps.entries())
        expect(
          (await p.agent.put(`/api/registrations/${p.regId}/feedback`, { rating: ratings[i] }))
            .status,
        ).toBe(200);
    };
    await rate(inHunan, mappingEditor, [3, 4]);
    await rate(inSichuan, sichuanEditor, [1, 5, 5]);
    await rate(museumAct, museumEditor, [5, 5, 2, 4]);

    const byActivity = await admin.get<Satisfaction>(
      `/api/activity-satisfaction?by=activity&activityId=${museumAct.id}`,
    );
    expect(byActivity.status).toBe(200);
    expect(byActivity.body.items).toEqual([
      { key: museumAct.id, name: '地球的年龄', count: 4, mean: 4, distribution: [0, 1, 0, 1, 2] },
    ]);

    const byProvince = await admin.get<Satisfaction>('/api/activity-satisfaction?by=province');
    const hn = byProvince.body.items.find((i) => i.key === '43')!;
    const sc = byProvince.body.items.find((i) => i.key === '51')!;
    // Hunan: the three earlier tests' ratings (5 after the edit window; 5, 2, 4) + 3, 4 + 5, 5, 2, 4.
    expect(hn).toMatchObject({ count: 10, distribution: [0, 2, 1, 3, 4] });
    expect(hn.mean).toBe(3.9);
    expect(hn.name).toContain('湖南');
    expect(sc).toMatchObject({ count: 3, mean: 3.67, distribution: [1, 0, 0, 0, 2] });
    expect(byProvince.body.overall.count).toBe(13);

    const byBase = await admin.get<Satisfaction>('/api/activity-satisfaction?by=base');
    expect(byBase.body.items).toEqual([
      expect.objectContaining({
        name: '湖南地质科普基地',
        count: 8,
        distribution: [0, 2, 0, 2, 4],
      }),
    ]);

    // A unit's staff see their own host only; another province's only theirs.
    const museumHosts = await museumMember.get<Satisfaction>('/api/activity-satisfaction?by=host');
    expect(museumHosts.body.items.map((i) => i.name)).toEqual(['地质博物馆']);
    expect(museumHosts.body.items[0]).toMatchObject({ count: 8, mean: 4 });
    const sichuanHosts = await sichuanEditor.get<Satisfaction>(
      '/api/activity-satisfaction?by=host',
    );
    expect(sichuanHosts.body.items.map((i) => i.name)).toEqual(['自贡恐龙博物馆']);
    expect(
      (await (await buildPublicUser(env)).agent.get('/api/activity-satisfaction')).status,
    ).toBe(403);
    // Dates: sessions three days from now are outside last month.
    const past = await admin.get<Satisfaction>(
      `/api/activity-satisfaction?by=host&to=${at(-1).slice(0, 10)}`,
    );
    expect(past.body.overall.count).toBe(0);
  });
});
