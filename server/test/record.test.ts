import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '#platform/audit.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { issueCertificate } from '../src/modules/certificates/service.ts';
import {
  Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';
import { readPdf } from './pdf-reading.ts';

interface Record {
  name: string;
  fromYear: number;
  toYear: number;
  works: { items: { title: string; typeName: string }[]; total: number };
  talks: { items: { title: string }[]; total: number };
  led: { items: { title: string }[]; total: number };
  attended: { items: { title: string }[]; total: number };
  reviews: {
    items: { title: string; year: number; count: number }[];
    total: number;
    scored: number;
  };
  volunteerHours: { items: { year: number; hours: number }[]; total: number };
  certificates: { items: { title: string; kind: string }[]; total: number };
}
type Verified = {
  status: string;
  kind: string;
  holderName: string;
  title: string;
  lines: string[];
};

const HOUR = 3_600_000;
const YEAR = new Date(Date.now() + 8 * HOUR).getUTCFullYear();
const at = (days: number, hh = 9) =>
  new Date(
    `${new Date(Date.now() + 8 * HOUR + days * 86_400_000).toISOString().slice(0, 10)}T${String(hh).padStart(2, '0')}:30:00+08:00`,
  ).toISOString();
/** Mid-year instant of `year` (well inside the China year). */
const mid = (year: number) => `${year}-06-15T02:00:00.000Z`;

describe.each(DIALECTS)('the person’s 科普 record on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  let expert: Awaited<ReturnType<typeof buildUserWithRole>>;
  let editor: Awaited<ReturnType<typeof buildUserWithRole>>;
  const who: { [k: string]: Agent } = {};
  let ctx: RequestContext;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    ctx = { actorId: null, ip: null, dialect: env.handle.dialect };
    expert = await buildUserWithRole(env, admin, 'REVIEWER', orgs.museum.id);
    editor = await buildUserWithRole(env, admin, 'EDITOR', orgs.museum.id);
    who.museumAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.museum.id)).agent;
    who.hunanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.hunan.id)).agent;
    who.sichuanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.sichuan.id)).agent;
    who.editor = editor.agent;
    who.stranger = (await buildPublicUser(env)).agent;
    const db = env.handle.db;
    await db
      .updateTable('users')
      .set({ displayName: '王强' })
      .where('id', '=', expert.userId)
      .execute();

    // Works: two published (one naming the expert), one draft, one of last decade.
    const work = (
      title: string,
      status: 'PUBLISHED' | 'DRAFT',
      publishedAt: string,
      mine = true,
    ) => ({
      id: newId(),
      type: 'ARTICLE',
      status,
      title,
      summary: '',
      body: '',
      authors: JSON.stringify([
        mine
          ? { userId: expert.userId, name: '王强', role: '作者' }
          : { name: '别人', role: '作者' },
      ]),
      organisationId: orgs.museum.id,
      createdBy: editor.userId,
      sectors: '[]',
      topics: '[]',
      audiences: '[]',
      themeDays: '[]',
      regions: '[]',
      language: 'zh-CN',
      licence: null,
      source: null,
      isbn: null,
      issn: null,
      publicationDate: null,
      coverId: null,
      mediaIds: '[]',
      version: 1,
      checkedVersion: status === 'PUBLISHED' ? 1 : null,
      publishedVersion: status === 'PUBLISHED' ? 1 : null,
      publishedAt: status === 'PUBLISHED' ? publishedAt : null,
      createdAt: publishedAt,
      updatedAt: publishedAt,
    });
    await db
      .insertInto('works')
      .values([
        work('滑坡前兆的识别', 'PUBLISHED', mid(YEAR)),
        work('未发布的草稿', 'DRAFT', mid(YEAR)),
        work('十年前的旧作', 'PUBLISHED', mid(YEAR - 10)),
        work('别人的作品', 'PUBLISHED', mid(YEAR), false),
      ])
      .execute();

    // Activities: one spoken at, one led, one attended (checked in).
    const activity = async (title: string, leaders: unknown[]) => {
      const r = await editor.agent.post<{ id: string; sessions: { id: string }[] }>(
        '/api/activities',
        {
          organisationId: orgs.museum.id,
          typeCode: 'LECTURE',
          title,
          address: '长沙市岳麓区',
          sessions: [{ startsAt: at(-3), endsAt: at(-3, 11), capacity: 50 }],
          leaders,
        },
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await editor.agent.post(`/api/activities/${r.body.id}/publish`, {})).status).toBe(
        200,
      );
      return r.body;
    };
    await activity('地质灾害识别讲座', [{ userId: expert.userId, role: 'SPEAKER' }]);
    await activity('山区群测群防培训', [{ userId: expert.userId, role: 'LEAD' }]);
    const went = await activity('岩石标本鉴赏会', []);
    await db
      .insertInto('registrations')
      .values({
        id: newId(),
        sessionId: went.sessions[0]!.id,
        activityId: went.id,
        userId: expert.userId,
        quantity: 1,
        status: 'CONFIRMED',
        answers: '{}',
        offerExpiresAt: null,
        ticketCode: null,
        createdAt: nowIso(),
        updatedAt: nowIso(),
        cancelledAt: null,
        checkedInAt: at(-3),
        noShowAt: null,
        guardianName: null,
        guardianContact: null,
        guardianConsentAt: null,
        groupId: null,
      })
      .execute();

    // Reviews: three scored assignments in one call, one not submitted.
    const callId = newId();
    const t = nowIso();
    await db
      .insertInto('reviewCalls')
      .values({
        id: callId,
        subjectKind: 'BASE',
        title: '自然资源科普基地命名',
        docNo: null,
        description: '',
        eligibility: '',
        templates: '[]',
        organisationId: orgs.office.id,
        status: 'OPEN',
        opensAt: '2026-01-01',
        closesAt: '2099-12-31',
        form: JSON.stringify({ fields: [], attachments: [] }),
        rubric: '[]',
        stages: '[]',
        blind: 0,
        reviewersPerItem: 3,
        aggregation: 'MEAN',
        normalize: 0,
        round: 1,
        settings: '{}',
        createdBy: editor.userId,
        createdAt: t,
        updatedAt: t,
      })
      .execute();
    for (let i = 0; i < 4; i++) {
      const itemId = newId();
      await db
        .insertInto('reviewItems')
        .values({
          id: itemId,
          callId,
          applicantOrgId: orgs.museum.id,
          submittedBy: editor.userId,
          title: `申报${i}`,
          data: '{}',
          attachments: '{}',
          sectors: '[]',
          topics: '[]',
          status: 'FORMAL_PASSED',
          aggregate: null,
          rank: null,
          noticeId: null,
          subjectId: null,
          submittedAt: t,
          createdAt: t,
          updatedAt: t,
        })
        .execute();
      await db
        .insertInto('reviewAssignments')
        .values({
          id: newId(),
          itemId,
          callId,
          reviewerId: expert.userId,
          round: 1,
          status: i < 3 ? 'SUBMITTED' : 'ASSIGNED',
          method: 'MANUAL',
          assignedBy: editor.userId,
          assignedAt: t,
          scores: i < 3 ? '{}' : null,
          comments: null,
          total: i < 3 ? 80 : null,
          submittedAt: i < 3 ? t : null,
          recusalReason: null,
        })
        .execute();
    }

    // Certificates: an award held, one revoked.
    await db.transaction().execute(async (tx) => {
      await issueCertificate(tx, ctx, {
        kind: 'AWARD',
        holderId: expert.userId,
        organisationId: orgs.museum.id,
        title: '优秀科普讲解员',
        lines: ['特发此证'],
        sourceType: 'manual',
        sourceId: newId(),
      });
      const gone = await issueCertificate(tx, ctx, {
        kind: 'AWARD',
        holderId: expert.userId,
        organisationId: orgs.museum.id,
        title: '已撤销的奖',
        lines: [],
        sourceType: 'manual',
        sourceId: newId(),
      });
      await tx
        .updateTable('certificates')
        .set({ revokedAt: t })
        .where('id', '=', gone.id)
        .execute();
    });
  }, 180_000);
  afterAll(() => env?.close());

  it('gathers works, talks, led and attended activities, reviews and certificates', async () => {
    const res = await expert.agent.get<Record>(`/api/record?fromYear=${YEAR - 1}&toYear=${YEAR}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    expect(r.name).toBe('王强');
    expect(r.works.items.map((w) => w.title)).toEqual(['滑坡前兆的识别']);
    expect(r.works.items[0]!.typeName).not.toBe('ARTICLE');
    expect(r.talks.items.map((a) => a.title)).toEqual(['地质灾害识别讲座']);
    expect(r.led.items.map((a) => a.title)).toEqual(['山区群测群防培训']);
    expect(r.attended.items.map((a) => a.title)).toEqual(['岩石标本鉴赏会']);
    expect(r.reviews.items).toEqual([
      expect.objectContaining({ title: '自然资源科普基地命名', year: YEAR, count: 3 }),
    ]);
    expect(r.reviews.scored).toBe(3);
    expect(r.certificates.items.map((c) => c.title)).toEqual(['优秀科普讲解员']);
    // The year range filters: ten years ago there is only the old work.
    const old = await expert.agent.get<Record>(
      `/api/record?fromYear=${YEAR - 10}&toYear=${YEAR - 10}`,
    );
    expect(old.body.works.items.map((w) => w.title)).toEqual(['十年前的旧作']);
    expect(old.body.talks.total + old.body.reviews.total + old.body.certificates.total).toBe(0);
    // A backwards range names the field.
    const bad = await expert.agent.get<{ error: { details?: { fields?: { field: string }[] } } }>(
      `/api/record?fromYear=${YEAR}&toYear=${YEAR - 1}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.fields?.map((f) => f.field)).toContain('fromYear');
  });

  it('is read by the person’s unit’s administrators and those above, never another unit', async () => {
    const url = `/api/record?userId=${expert.userId}`;
    for (const name of ['museumAdmin', 'hunanAdmin'])
      expect((await who[name]!.get(url)).status, name).toBe(200);
    expect((await admin.get(url)).status).toBe(200);
    for (const name of ['sichuanAdmin', 'editor', 'stranger'])
      expect((await who[name]!.get(url)).status, name).toBe(404);
    expect((await who.sichuanAdmin!.get(`/api/record/pdf?userId=${expert.userId}`)).status).toBe(
      404,
    );
    expect((await new Agent(env.app).get(url)).status).toBe(401);
  });

  it('exports a PDF whose Chinese text is there, with a code that verifies the totals', async () => {
    const res = await expert.agent.get<Buffer>(
      `/api/record/pdf?fromYear=${YEAR - 1}&toYear=${YEAR}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const code = String(res.headers['x-verification-code']);
    expect(code).toMatch(/^KP-/);
    const pdf = await readPdf(new Uint8Array(res.body as Buffer));
    const flat = pdf.text.replace(/\s+/g, '');
    for (const s of [
      '科普工作档案',
      '王强',
      '滑坡前兆的识别',
      '地质灾害识别讲座',
      '山区群测群防培训',
      '岩石标本鉴赏会',
      '自然资源科普基地命名',
      '优秀科普讲解员',
      code,
    ])
      expect(flat, s).toContain(s);
    expect(flat).not.toContain('别人的作品');
    expect(flat).not.toContain('已撤销的奖');

    const v = await new Agent(env.app).get<Verified>(`/api/public/certificates/${code}`);
    expect(v.status).toBe(200);
    expect(v.body.kind).toBe('RECORD');
    expect(v.body.holderName).toBe('王强');
    expect(v.body.lines).toContain(`时间范围：${YEAR - 1}年至${YEAR}年`);
    expect(v.body.lines).toContain('完成评审 3 份（1 个评审批次）');
    expect(v.body.lines).toContain('发布的科普作品 1 项');

    // The same record again: the same code; the xlsx carries it too.
    const again = await expert.agent.get(`/api/record/xlsx?fromYear=${YEAR - 1}&toYear=${YEAR}`);
    expect(again.status).toBe(200);
    expect(String(again.headers['x-verification-code'])).toBe(code);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(again.body as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => {
      row.eachCell((c) => {
        cells.push(String(c.value));
      });
    });
    for (const s of ['王强', code, '滑坡前兆的识别', '地质灾害识别讲座', '自然资源科普基地命名'])
      expect(cells, s).toContain(s);
    // Not a certificate held: not listed under 我的证书.
    const mine = await expert.agent.get<{ items: { kind: string }[] }>('/api/certificates');
    expect(mine.body.items.map((c) => c.kind)).not.toContain('RECORD');
  });

  it('caps each section with 及其他 N 项 and still renders', async () => {
    const db = env.handle.db;
    const many = await buildUserWithRole(env, admin, 'REVIEWER', orgs.museum.id);
    const t = mid(YEAR);
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      id: newId(),
      code: `KP-TEST-${String(i).padStart(4, '0')}-${many.userId.slice(-4).toUpperCase()}`,
      kind: 'TRAINING' as const,
      holderId: many.userId,
      holderName: '多证书',
      title: `第${i + 1}期科普能力提升培训结业`,
      lines: '[]',
      organisationId: orgs.museum.id,
      organisationName: '湖南省地质博物馆',
      issuedAt: t,
      issuedBy: null,
      sourceType: 'bulk',
      sourceId: `bulk-${i}`,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('certificates')
        .values(rows.slice(i, i + 200))
        .execute();
    const r = await many.agent.get<Record>(`/api/record?fromYear=${YEAR}&toYear=${YEAR}`);
    expect(r.body.certificates.total).toBe(1200);
    expect(r.body.certificates.items).toHaveLength(200);
    const started = Date.now();
    const res = await many.agent.get<Buffer>(`/api/record/pdf?fromYear=${YEAR}&toYear=${YEAR}`);
    expect(res.status).toBe(200);
    console.log(
      `[${dialect}] record PDF, 200 rows shown of 1,200: ${Date.now() - started} ms, ${(res.body as Buffer).length} bytes`,
    );
    const pdf = await readPdf(new Uint8Array(res.body as Buffer));
    expect(pdf.pages).toBeGreaterThan(3);
    expect(pdf.text.replace(/\s+/g, '')).toContain('及其他1000项');
  });

  it('keeps the snapshots in the account export and deletes them with the account', async () => {
    const p = await buildUserWithRole(env, admin, 'REVIEWER', orgs.museum.id);
    const res = await p.agent.get(`/api/record/pdf?fromYear=${YEAR}&toYear=${YEAR}`);
    expect(res.status).toBe(200);
    const code = String(res.headers['x-verification-code']);
    expect((await new Agent(env.app).get(`/api/public/certificates/${code}`)).status).toBe(200);
    const exported = await p.agent.get('/api/me/export');
    expect(JSON.stringify(exported.body)).toContain(code);
    expect((await p.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    expect((await new Agent(env.app).get(`/api/public/certificates/${code}`)).status).toBe(404);
  });
});
