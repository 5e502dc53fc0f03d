import { pdf, png } from '../media-fixtures.ts';
import { ACTORS, type Row, STAFF_OF_A, type World } from './world.ts';

/** The media library, with application attachments following the review relation. */
export function mediaTable(w: World): Row[] {
  /** A call form with one attachment slot, for PDFs and images. */
  const ATTACHMENT_FORM = {
    fields: [],
    attachments: [{ key: 'files', label: '申报材料', kinds: ['PDF', 'IMAGE'] }],
  };
  /** A PDF and a photo in `org`'s library, uploaded by the fixture admin. */
  async function filesIn(org: { id: string }) {
    const up = async (bytes: Buffer, name: string) => {
      const r = await w.admin.upload<{ id: string; url: string; thumbUrl: string | null }>(
        `/api/media?organisationId=${org.id}&name=${name}`,
        bytes,
      );
      if (r.status !== 201) throw new Error(`media: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    return { pdf: await up(pdf(), 'matrix.pdf'), photo: await up(await png(), 'matrix.png') };
  }
  /** C's application with a PDF and a photo, in a call organised by A, brought to `status`. */
  async function attachmentOfC(status: 'FORMAL_PASSED' | 'UNDER_REVIEW') {
    const files = await filesIn(w.orgC);
    const it = await w.itemAt(status, {
      form: ATTACHMENT_FORM,
      attachments: { files: [files.pdf.id, files.photo.id] },
    });
    return { ...files, itemId: it.id };
  }
  /** A's application with a PDF and a photo, submitted to a call organised by B. */
  async function attachmentOfA() {
    const files = await filesIn(w.orgA);
    const call = await w.admin.post<{ id: string }>('/api/review-calls', {
      ...w.callBody(),
      organisationId: w.orgB.id,
      form: ATTACHMENT_FORM,
      stages: [{ kind: 'DECISION' }],
    });
    await w.admin.post(`/api/review-calls/${call.body.id}/open`);
    const it = await w.admin.post<{ id: string }>(`/api/review-calls/${call.body.id}/items`, {
      organisationId: w.orgA.id,
      title: '甲单位的申报',
      attachments: { files: [files.pdf.id, files.photo.id] },
    });
    if (it.status !== 201) throw new Error(`item: ${JSON.stringify(it.body)}`);
    await w.admin.post(`/api/review-items/${it.body.id}/submit`);
    return files;
  }

  /** An image in A's library, uploaded by the fixture admin. */
  async function mediaInA() {
    const res = await w.admin.upload<{ id: string; thumbUrl: string }>(
      `/api/media?organisationId=${w.orgA.id}&name=fixture.png`,
      await png(),
    );
    if (res.status !== 201) throw new Error(`media: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The cover of a published work in A (public). */
  let publishedCover: { thumbUrl: string } | null = null;
  async function publishedCoverInA() {
    if (publishedCover) return publishedCover;
    const cover = await mediaInA();
    const work = await w.admin.post<{ id: string }>('/api/works', {
      organisationId: w.orgA.id,
      type: 'GRAPHIC',
      title: '带封面的作品',
      coverId: cover.id,
    });
    await w.admin.post(`/api/works/${work.body.id}/submit`);
    await w.fixtureReviewer.post(`/api/works/${work.body.id}/check`, { decision: 'PASSED' });
    await w.admin.post(`/api/works/${work.body.id}/publish`);
    publishedCover = cover;
    return cover;
  }

  return [
    {
      name: 'GET /api/media',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/media' }),
    },
    {
      name: 'GET /api/media/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/media/export' }),
    },
    {
      name: 'POST /api/media',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/media?organisationId=${w.orgA.id}&name=matrix.png`,
        upload: await png(),
      }),
    },
    {
      name: 'GET /api/media/:id',
      allowed: STAFF_OF_A,
      make: async () => ({ method: 'GET', url: `/api/media/${(await mediaInA()).id}` }),
    },
    {
      name: 'PATCH /api/media/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/media/${(await mediaInA()).id}`,
        body: { alt: '矩阵' },
      }),
    },
    {
      name: 'DELETE /api/media/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'DELETE', url: `/api/media/${(await mediaInA()).id}` }),
    },
    {
      name: 'GET /api/media/:id/:variant',
      allowed: STAFF_OF_A,
      make: async () => ({ method: 'GET', url: `/api/media/${(await mediaInA()).id}/thumb` }),
    },
    {
      name: 'GET /api/media/:id/:variant (used by a published work)',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: (await publishedCoverInA()).thumbUrl }),
    },
    // An application's attachments follow the review relation (cross-scope): C applies to a call
    // organised by A, A's reviewer is assigned — A's staff and that reviewer read, A's members
    // (not the organiser's staff), B and the public do not.
    {
      name: 'GET /api/media/:id/:variant (PDF of C’s application, organised by A, reviewed by A’s reviewer)',
      allowed: ['editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: (await attachmentOfC('UNDER_REVIEW')).pdf.url }),
    },
    {
      name: 'GET /api/media/:id/:variant (photo of C’s application, organised by A, reviewed by A’s reviewer)',
      allowed: ['editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: (await attachmentOfC('UNDER_REVIEW')).photo.thumbUrl!,
      }),
    },
    {
      name: 'GET /api/media/:id (photo of C’s application, organised by A, reviewed by A’s reviewer)',
      allowed: ['editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/media/${(await attachmentOfC('UNDER_REVIEW')).photo.id}`,
      }),
    },
    {
      // Before it reaches review: A's reviewer is nobody to it yet.
      name: 'GET /api/media/:id/:variant (PDF of C’s application, organised by A, not yet assigned)',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: (await attachmentOfC('FORMAL_PASSED')).pdf.url }),
    },
    {
      // A's reviewer stepped aside: no longer.
      name: 'GET /api/media/:id/:variant (PDF of C’s application, A’s reviewer recused)',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => {
        const a = await attachmentOfC('UNDER_REVIEW');
        const mine = await w.agents.reviewer.get<{ id: string; itemId: string }[]>(
          '/api/my/review-assignments',
        );
        const own = mine.body.find((x) => x.itemId === a.itemId)!;
        await w.agents.reviewer.post(`/api/review-assignments/${own.id}/recuse`, {
          reason: '矩阵',
        });
        return { method: 'GET', url: a.pdf.url };
      },
    },
    {
      // A applies to B's call: A's side and B's staff read. A's reviewer reads its own unit's
      // files (as for science checks of works), though never assigned to A's application.
      name: 'GET /api/media/:id/:variant (PDF of A’s application, organised by B)',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: (await attachmentOfA()).pdf.url }),
    },
  ];
}
