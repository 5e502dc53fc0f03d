import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '#platform/audit.ts';
import { newId, nowIso } from '#platform/ids.ts';
import {
  issueCertificate,
  issueCertificates,
  newCertificateCode,
  normalizeCode,
} from '../src/modules/certificates/service.ts';
import {
  Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import { blankGlyphsPerFont, decodeQr, readPdf } from './pdf-reading.ts';

type Cert = {
  id: string;
  code: string;
  holderName: string;
  title: string;
  lines: string[];
  organisationName: string;
  issuedDate: string;
  revokedAt: string | null;
  revokeReason: string | null;
  verifyUrl: string;
  canRevoke: boolean;
};
type Page = { items: Cert[]; total: number };
type Err = { error: { code: string; message: string; details?: { fields?: { field: string }[] } } };

describe('verification codes', () => {
  it('are 12 characters of an alphabet without look-alikes, grouped, and typed loosely', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newCertificateCode()));
    expect(codes.size).toBe(2000);
    for (const c of codes)
      expect(c).toMatch(/^KP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normalizeCode('kp 7q2m 9xhd 4rtw')).toBe('KP-7Q2M-9XHD-4RTW');
    expect(normalizeCode('7Q2M-9XHD-4RTW')).toBe('KP-7Q2M-9XHD-4RTW');
    // O is 0; I and L are 1.
    expect(normalizeCode('KP-OOIL-9XHD-4RTW')).toBe('KP-0011-9XHD-4RTW');
    expect(normalizeCode('KP-7Q2M-9XHD')).toBeNull();
    expect(normalizeCode('KP-UUUU-9XHD-4RTW')).toBeNull();
  });
});

describe.each(DIALECTS)('certificates on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  let museumAdmin: Awaited<ReturnType<typeof buildUserWithRole>>;
  let hunanAdmin: Awaited<ReturnType<typeof buildUserWithRole>>;
  let sichuanAdmin: Awaited<ReturnType<typeof buildUserWithRole>>;
  let museumEditor: Awaited<ReturnType<typeof buildUserWithRole>>;
  let holder: Awaited<ReturnType<typeof buildPublicUser>>;
  let stranger: Awaited<ReturnType<typeof buildPublicUser>>;
  let ctx: RequestContext;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    museumAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.museum.id);
    hunanAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.hunan.id);
    sichuanAdmin = await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.sichuan.id);
    museumEditor = await buildUserWithRole(env, admin, 'EDITOR', orgs.museum.id);
    holder = await buildPublicUser(env);
    stranger = await buildPublicUser(env);
    await env.handle.db
      .updateTable('users')
      .set({ displayName: '王小明' })
      .where('id', '=', holder.userId)
      .execute();
    ctx = { actorId: null, ip: null, dialect: env.handle.dialect };
  });
  afterAll(() => env?.close());

  const training = (holderId: string, sourceId = 'enrolment-1') => ({
    kind: 'TRAINING' as const,
    holderId,
    organisationId: orgs.museum.id,
    title: '2026年度自然资源科普能力提升培训结业证书',
    lines: [
      '参加2026年度自然资源科普能力提升培训',
      '培训时间：2026年10月12日至16日，共40学时',
      '考核合格，准予结业',
    ],
    sourceType: 'course-enrolment',
    sourceId,
  });

  it('issues once per source and holder: issuing again answers the same certificate', async () => {
    const db = env.handle.db;
    const first = await db
      .transaction()
      .execute((tx) => issueCertificate(tx, ctx, training(holder.userId)));
    expect(first.created).toBe(true);
    expect(first.code).toMatch(/^KP-/);
    const again = await db
      .transaction()
      .execute((tx) => issueCertificate(tx, ctx, training(holder.userId)));
    expect(again).toEqual({ ...first, created: false });
    const rows = await db
      .selectFrom('certificates')
      .selectAll()
      .where('holderId', '=', holder.userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      holderName: '王小明',
      organisationName: '湖南省地质博物馆',
      kind: 'TRAINING',
    });
    const audit = await db
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('action', '=', 'certificate.issue')
      .execute();
    expect(audit.filter((a) => a.entityId === first.id)).toHaveLength(1);
  });

  it('issues a batch of 500 in one transaction, fast, and a repeated batch adds nothing', async () => {
    const db = env.handle.db;
    const at = nowIso();
    const people = Array.from({ length: 500 }, (_, i) => ({
      id: newId(),
      username: `batch${i}_${Date.now().toString(36)}`,
      displayName: `学员${i}`,
      email: null,
      phone: null,
      passwordHash: null,
      locale: 'zh-CN',
      birthYear: null,
      guardianName: null,
      guardianContact: null,
      guardianConsentAt: null,
      totpSecret: null,
      totpEnabledAt: null,
      status: 'ACTIVE' as const,
      passwordChangedAt: at,
      createdAt: at,
      updatedAt: at,
      homeOrganisationId: null,
      lastLoginAt: null,
      totpLastStep: null,
      totpPendingSecret: null,
      totpPendingAt: null,
    }));
    for (let i = 0; i < people.length; i += 100)
      await db
        .insertInto('users')
        .values(people.slice(i, i + 100))
        .execute();
    const batch = people.map((p) => training(p.id, 'course-2026'));
    const auditBefore = await db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const t0 = performance.now();
    const issued = await issueCertificates(db, ctx, batch);
    const ms = performance.now() - t0;
    expect(issued).toHaveLength(500);
    expect(issued.every((c) => c.created)).toBe(true);
    expect(new Set(issued.map((c) => c.code)).size).toBe(500);
    expect(issued.map((c) => c.holderId)).toEqual(people.map((p) => p.id));
    expect(ms).toBeLessThan(10_000);
    const auditAfter = await db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // One audit entry for the batch.
    expect(Number(auditAfter.n) - Number(auditBefore.n)).toBe(1);
    const again = await issueCertificates(db, ctx, batch);
    expect(again.every((c) => !c.created)).toBe(true);
    expect(again.map((c) => c.id)).toEqual(issued.map((c) => c.id));
    const n = await db
      .selectFrom('certificates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sourceId', '=', 'course-2026')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(500);
  });

  it('lists mine for the holder, and the issuer’s for its administrators only', async () => {
    const mine = await holder.agent.get<Page>('/api/certificates');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({
      holderName: '王小明',
      title: '2026年度自然资源科普能力提升培训结业证书',
      organisationName: '湖南省地质博物馆',
      canRevoke: false,
    });
    expect(mine.body.items[0]!.verifyUrl).toBe(
      `${env.config.publicUrl}/verify/${mine.body.items[0]!.code}`,
    );
    expect((await stranger.agent.get<Page>('/api/certificates')).body.total).toBe(0);
    expect((await new Agent(env.app).get('/api/certificates')).status).toBe(401);

    const issued = await museumAdmin.agent.get<Page>('/api/certificates/issued?q=王小明');
    expect(issued.status).toBe(200);
    expect(issued.body.total).toBe(1);
    expect(issued.body.items[0]!.canRevoke).toBe(true);
    expect(
      (await museumAdmin.agent.get<Page>('/api/certificates/issued?pageSize=5')).body.total,
    ).toBe(501);
    // The provincial department above the museum sees them too; another province does not.
    expect(
      (await hunanAdmin.agent.get<Page>('/api/certificates/issued?pageSize=1')).body.total,
    ).toBe(501);
    expect((await sichuanAdmin.agent.get<Page>('/api/certificates/issued')).body.total).toBe(0);
    expect(
      (await sichuanAdmin.agent.get(`/api/certificates/issued?organisationId=${orgs.museum.id}`))
        .status,
    ).toBe(404);
    expect((await museumEditor.agent.get('/api/certificates/issued')).status).toBe(403);
    expect((await holder.agent.get('/api/certificates/issued')).status).toBe(403);
  });

  it('verifies publicly: what it certifies, nothing private; unknown codes are not found', async () => {
    const [c] = (await holder.agent.get<Page>('/api/certificates')).body.items;
    const anon = new Agent(env.app, '10.0.0.1');
    const res = await anon.get<Record<string, unknown>>(`/api/public/certificates/${c!.code}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: c!.code,
      status: 'VALID',
      kind: 'TRAINING',
      holderName: '王小明',
      title: '2026年度自然资源科普能力提升培训结业证书',
      lines: training(holder.userId).lines,
      organisationName: '湖南省地质博物馆',
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      revokedOn: null,
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(holder.userId);
    expect(text).not.toContain(orgs.museum.id);
    expect(text).not.toContain(holder.username);
    // Typed loosely: lower case, without dashes.
    const loose = c!.code.toLowerCase().replace(/-/g, ' ');
    expect((await anon.get(`/api/public/certificates/${encodeURIComponent(loose)}`)).status).toBe(
      200,
    );
    expect((await anon.get('/api/public/certificates/KP-2222-2222-2222')).status).toBe(404);
    expect((await anon.get('/api/public/certificates/nonsense')).status).toBe(404);
  });

  it('limits look-ups from one address', async () => {
    const guesser = new Agent(env.app, '10.0.0.99');
    let last = 0;
    for (let i = 0; i < 61; i++)
      last = (await guesser.get(`/api/public/certificates/${newCertificateCode()}`)).status;
    expect(last).toBe(429);
    expect(
      (
        await new Agent(env.app, '10.0.0.98').get(
          `/api/public/certificates/${newCertificateCode()}`,
        )
      ).status,
    ).toBe(404);
  });

  it('renders the PDF: Chinese text, the code, and a QR code to the verification page', async () => {
    const [c] = (await holder.agent.get<Page>('/api/certificates')).body.items;
    const res = await holder.agent.get<Buffer>(`/api/certificates/${c!.id}/pdf`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('application/pdf');
    const bytes = new Uint8Array(res.body as Buffer);
    expect(bytes.length).toBeLessThan(300_000);
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(1);
    const flat = pdf.text.replace(/\s+/g, '');
    for (const s of [
      '证书',
      '王小明',
      '2026年度自然资源科普能力提升培训结业证书',
      '湖南省地质博物馆',
      c!.code,
      c!.issuedDate,
      '共40学时',
    ])
      expect(flat).toContain(s.replace(/\s+/g, ''));
    const urls = decodeQr(pdf.images);
    expect(urls).toEqual([`${env.config.publicUrl}/verify/${c!.code}`]);
    // The characters are drawn, not only extractable: every glyph of both fonts has an outline
    // (a space at most is blank).
    const blank = await blankGlyphsPerFont(bytes);
    expect(blank).toHaveLength(2);
    for (const n of blank) expect(n).toBeLessThanOrEqual(1);
  });

  it('serves the PDF to the holder and the issuer’s administrators only', async () => {
    const [c] = (await holder.agent.get<Page>('/api/certificates')).body.items;
    const url = `/api/certificates/${c!.id}/pdf`;
    expect((await museumAdmin.agent.get(url)).status).toBe(200);
    expect((await hunanAdmin.agent.get(url)).status).toBe(200);
    expect((await admin.get(url)).status).toBe(200);
    expect((await sichuanAdmin.agent.get(url)).status).toBe(404);
    expect((await museumEditor.agent.get(url)).status).toBe(404);
    expect((await stranger.agent.get(url)).status).toBe(404);
    expect((await new Agent(env.app).get(url)).status).toBe(401);
  });

  it('revokes with a reason, by the issuer’s administrators only; the page then says revoked', async () => {
    const [c] = (await holder.agent.get<Page>('/api/certificates')).body.items;
    const url = `/api/certificates/${c!.id}/revoke`;
    expect((await sichuanAdmin.agent.post(url, { reason: '越权' })).status).toBe(404);
    expect((await holder.agent.post(url, { reason: '自己撤销' })).status).toBe(403);
    expect((await museumEditor.agent.post(url, { reason: '编辑撤销' })).status).toBe(404);
    const bad = await museumAdmin.agent.post<Err>(url, { reason: '  ' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('reason');
    const ok = await museumAdmin.agent.post<Cert>(url, { reason: '培训考核材料不实' });
    expect(ok.status).toBe(200);
    expect(ok.body.revokedAt).not.toBeNull();
    expect(ok.body.canRevoke).toBe(false);
    expect((await museumAdmin.agent.post<Err>(url, { reason: '再次' })).status).toBe(409);

    const pub = await new Agent(env.app, '10.0.0.2').get<Record<string, unknown>>(
      `/api/public/certificates/${c!.code}`,
    );
    expect(pub.body).toMatchObject({
      status: 'REVOKED',
      revokedOn: expect.stringMatching(/^\d{4}-/),
    });
    expect(JSON.stringify(pub.body)).not.toContain('培训考核材料不实');
    // The holder sees why.
    const mine = (await holder.agent.get<Page>('/api/certificates')).body.items[0]!;
    expect(mine.revokeReason).toBe('培训考核材料不实');
    const audit = await env.handle.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', c!.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['certificate.issue', 'certificate.revoke']);
    // The PDF now says so across the page.
    const pdf = await readPdf(
      new Uint8Array(
        (await holder.agent.get<Buffer>(`/api/certificates/${c!.id}/pdf`)).body as Buffer,
      ),
    );
    expect(pdf.text.replace(/\s+/g, '')).toContain('撤销');
  });

  it('issues by hand for the issuer’s administrators, naming bad fields', async () => {
    const body = {
      kind: 'AWARD',
      holderId: stranger.userId,
      organisationId: orgs.museum.id,
      title: '优秀科普讲解员',
      lines: ['在2026年全国科普讲解大赛中荣获一等奖'],
    };
    expect((await sichuanAdmin.agent.post('/api/certificates', body)).status).toBe(403);
    expect((await museumEditor.agent.post('/api/certificates', body)).status).toBe(403);
    const bad = await museumAdmin.agent.post<Err>('/api/certificates', {
      ...body,
      holderId: newId(),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('holderId');
    const ok = await museumAdmin.agent.post<Cert>('/api/certificates', body);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      holderName: '公众用户',
      title: '优秀科普讲解员',
      canRevoke: true,
    });
    expect((await stranger.agent.get<Page>('/api/certificates')).body.total).toBe(1);
  });

  it('exports the holder’s certificates with their data', async () => {
    const res = await stranger.agent.get<{ sections?: { module: string; items: unknown[] }[] }>(
      '/api/me/export',
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('优秀科普讲解员');
  });
});
