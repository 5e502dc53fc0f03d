import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildCallOrganisations,
  buildPlatformAdmin,
  buildPublicUser,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type Res,
  type TestEnv,
  uniqueName,
} from './helpers.ts';
import { pdf, png } from './media-fixtures.ts';

/**
 * An application's attachments are read along the review relation: the applicant's side, the
 * recommender, the organiser's staff and assigned, non-conflicted reviewers while assigned — and
 * nobody else. In a blind call a reviewer sees neither names nor file names.
 */
interface MediaBody {
  id: string;
  name: string;
  alt: string;
  url: string;
  thumbUrl: string | null;
}
interface Item {
  id: string;
  title: string;
  status: string;
  attachments: Record<string, MediaBody[]>;
  events: unknown[];
}

describe.each(DIALECTS)('application attachments on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  const org: Record<string, { id: string }> = {};
  const who: Record<string, Agent> = {};
  const ids: Record<string, string> = {};
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  /** A person with a name of their own (the grep below looks for it). */
  async function person(name: string, role: string, at: string, displayName = '测试用户') {
    const username = uniqueName('m');
    const res = await admin.post<{ id: string }>('/api/users', {
      username,
      password: PASSWORD,
      displayName,
      role,
      organisationId: at,
    });
    expect(res.status).toBe(201);
    who[name] = new Agent(env.app);
    await who[name].login(username, PASSWORD);
    ids[name] = res.body.id;
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    const o = await buildCallOrganisations(env, admin, {
      name: '湘江地质博物馆',
      shortName: '湘博',
    });
    Object.assign(org, o);
    await person('applicant', 'MEMBER', o.museum.id, '张申报');
    await person('colleague', 'MEMBER', o.museum.id, '李同事');
    await person('hunanAdmin', 'ORG_ADMIN', o.hunan.id);
    await person('sichuanAdmin', 'ORG_ADMIN', o.sichuan.id);
    await person('officeEditor', 'EDITOR', o.office.id);
    await person('officeAdmin', 'ORG_ADMIN', o.office.id);
    await person('officeMember', 'MEMBER', o.office.id);
    for (const r of ['assigned', 'otherItem', 'recusing', 'tied', 'blindReviewer'])
      await person(r, 'REVIEWER', o.institute.id);
    who.public = (await buildPublicUser(env)).agent;
    who.anonymous = new Agent(env.app);
  });
  afterAll(() => env.close());

  const FORM = {
    fields: [{ key: 'intro', label: '基地简介', type: 'textarea' }],
    attachments: [
      { key: 'application', label: '申报书', kinds: ['PDF'], required: true },
      { key: 'photos', label: '场馆照片', kinds: ['IMAGE'], required: true },
    ],
  };

  async function openCall(blind: boolean) {
    const res = await who.officeEditor!.post<{ id: string }>('/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: org.office!.id,
      title: blind ? '匿名评审的征集' : '2026 年度科普基地征集',
      opensAt: today,
      closesAt: '2099-12-31',
      form: FORM,
      rubric: [{ key: 'content', label: '科普内容', weight: 1, min: 0, max: 100 }],
      stages: ['RECOMMENDATION', 'FORMAL_CHECK', 'EXPERT_REVIEW', 'DECISION'].map((kind) => ({
        kind,
      })),
      reviewersPerItem: 1,
      blind,
    });
    expect(res.status).toBe(201);
    await who.officeEditor!.post(`/api/review-calls/${res.body.id}/open`);
    return res.body.id;
  }

  /** An application of the museum with a PDF and a photo, recommended and checked. */
  async function application(callId: string, title: string) {
    const upload = (bytes: Buffer, name: string) =>
      who.applicant!.upload<MediaBody>(
        `/api/media?organisationId=${org.museum!.id}&name=${encodeURIComponent(name)}&alt=${encodeURIComponent('湘江地质博物馆展厅')}`,
        bytes,
      );
    const doc = (await upload(pdf(), '湘博申报书.pdf')).body;
    const photo = (await upload(await png(64, 48), '湘博展厅照片.png')).body;
    const it = await who.applicant!.post<Item>(`/api/review-calls/${callId}/items`, {
      organisationId: org.museum!.id,
      title,
      data: { intro: '湘江地质博物馆（湘博）由张申报负责申报。' },
      // Deliberately not in the form's order: aliases follow the form.
      attachments: { photos: [photo.id], application: [doc.id] },
    });
    expect(it.status).toBe(201);
    const id = it.body.id;
    expect((await who.applicant!.post(`/api/review-items/${id}/submit`)).status).toBe(200);
    expect(
      (await who.hunanAdmin!.post(`/api/review-items/${id}/recommend`, { recommend: true })).status,
    ).toBe(200);
    expect(
      (await who.officeEditor!.post(`/api/review-items/${id}/formal-check`, { passed: true }))
        .status,
    ).toBe(200);
    return { id, doc, photo };
  }
  async function assign(itemId: string, reviewer: string) {
    const r = await who.officeEditor!.post(`/api/review-items/${itemId}/assignments`, {
      reviewerId: ids[reviewer],
    });
    expect(r.status).toBe(200);
    const mine = await who[reviewer]!.get<{ id: string; itemId: string }[]>(
      '/api/my/review-assignments',
    );
    return mine.body.find((a) => a.itemId === itemId)!.id;
  }
  /** Status of each read (PDF, image, image thumbnail, metadata) for one actor. */
  async function reads(actor: string, files: { doc: MediaBody; photo: MediaBody }) {
    const a = who[actor]!;
    return [
      (await a.get(files.doc.url)).status,
      (await a.get(files.photo.url)).status,
      (await a.get(files.photo.thumbUrl!)).status,
      (await a.get(`/api/media/${files.doc.id}`)).status,
    ];
  }

  it('follows the review relation, and nobody else', async () => {
    const callId = await openCall(false);
    const target = await application(callId, '湘江地质博物馆科普基地');
    const other = await application(callId, '另一份申报');
    await assign(target.id, 'assigned');
    await assign(other.id, 'otherItem');
    await assign(target.id, 'recusing');
    await assign(target.id, 'tied');
    const allowed = [
      'applicant',
      'colleague',
      'hunanAdmin',
      'officeEditor',
      'officeAdmin',
      'assigned',
      'recusing',
      'tied',
    ];
    for (const actor of allowed)
      expect(await reads(actor, target), actor).toEqual([200, 200, 200, 200]);
    for (const actor of ['officeMember', 'sichuanAdmin', 'otherItem', 'public'])
      expect(await reads(actor, target), actor).toEqual([404, 404, 404, 404]);
    expect(await reads('anonymous', target)).toEqual([401, 401, 401, 401]);

    // Stepping aside ends it.
    const mine = await who.recusing!.get<{ id: string; itemId: string }[]>(
      '/api/my/review-assignments',
    );
    const a = mine.body.find((x) => x.itemId === target.id)!;
    await who.recusing!.post(`/api/review-assignments/${a.id}/recuse`, {
      reason: '曾参与展陈设计',
    });
    expect(await reads('recusing', target)).toEqual([404, 404, 404, 404]);
    // So does a conflict recorded later (a declared tie, found when the organiser reassigns).
    await who.tied!.request('PUT', '/api/experts/me', {
      ties: [{ organisationId: org.museum!.id, kind: 'PART_TIME', note: '兼职' }],
    });
    await who.officeEditor!.post(`/api/review-calls/${callId}/auto-assign`);
    expect(await reads('tied', target)).toEqual([404, 404, 404, 404]);
    expect(await reads('assigned', target)).toEqual([200, 200, 200, 200]);
    // Not blind: the organiser and the reviewer see the file's own name.
    const file = await who.assigned!.get(target.doc.url);
    expect(String(file.headers['content-disposition'])).toContain(
      encodeURIComponent('湘博申报书.pdf'),
    );
  });

  it('in a blind call, a reviewer never sees who applied, nor the files’ names', async () => {
    const callId = await openCall(true);
    const target = await application(callId, '湘江地质博物馆科普基地');
    const assignment = await assign(target.id, 'blindReviewer');
    const r = who.blindReviewer!;
    const answers: Res<unknown>[] = [];
    const seen = async (p: Promise<Res<unknown>>) => {
      const res = await p;
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      answers.push(res);
      return res;
    };
    await seen(r.get('/api/my/review-assignments'));
    const view = await seen(r.get<unknown>(`/api/review-assignments/${assignment}`));
    const item = await seen(r.get<unknown>(`/api/review-items/${target.id}`));
    await seen(r.get(`/api/review-calls/${callId}`));
    for (const m of [target.doc, target.photo]) {
      await seen(r.get(`/api/media/${m.id}`));
      await seen(r.get(m.url));
      if (m.thumbUrl) await seen(r.get(m.thumbUrl));
    }
    await seen(r.post(`/api/review-assignments/${assignment}/score`, { scores: { content: 88 } }));
    await seen(r.get(`/api/review-items/${target.id}`));

    const shown = (item.body as Item).attachments;
    expect(shown.application!.map((m) => m.name)).toEqual(['附件1.pdf']);
    expect(shown.photos!.map((m) => m.name)).toEqual([expect.stringMatching(/^附件2\.\w+$/)]);
    expect((view.body as { item: Item }).item.events).toEqual([]);
    const disposition = (await r.get(target.doc.url)).headers['content-disposition'];
    expect(disposition).toBe(`inline; filename*=UTF-8''${encodeURIComponent('附件1.pdf')}`);

    // Everything the reviewer could reach, bodies and headers, names nobody.
    const everything = answers
      .map((a) =>
        [JSON.stringify(a.headers), Buffer.isBuffer(a.body) ? '' : JSON.stringify(a.body)].join(
          '\n',
        ),
      )
      .join('\n');
    for (const secret of [
      '湘江地质博物馆',
      '湘博',
      '张申报',
      '湘博申报书',
      '湘博展厅照片',
      org.museum!.id,
      ids.applicant!,
    ])
      expect(everything, secret).not.toContain(secret);
    for (const secret of ['湘江地质博物馆', '湘博', '张申报'].map(encodeURIComponent))
      expect(everything).not.toContain(secret);

    // The organiser of the same call sees everything as it is.
    const organiser = await who.officeEditor!.get<Item & { applicantName: string }>(
      `/api/review-items/${target.id}`,
    );
    expect(organiser.body.applicantName).toBe('湘江地质博物馆');
    expect(organiser.body.title).toBe('湘江地质博物馆科普基地');
    expect(organiser.body.attachments.application![0]!.name).toBe('湘博申报书.pdf');
  });
});
