import { newId, nowIso } from '../../src/platform/ids.ts';
import { ACTORS, type ActorName, type Row, STAFF_OF_A, type World } from './world.ts';

const EDITORS_OF_A: ActorName[] = ['editor', 'orgAdmin', 'platformAdmin'];
const CONSOLE: ActorName[] = [...STAFF_OF_A, 'foreignOrgAdmin'];
/** The office: its editors and administrators; in the matrix world only the platform admin. */
const OFFICE: ActorName[] = ['platformAdmin'];

/**
 * Debunks: A's entries are kept by A's editors and administrators, read by A's staff; B's
 * administrator reaches none. Published ones are public. Rumour reports come from anyone; the
 * office triages them and exports the board.
 */
export function debunksTable(w: World): Row[] {
  const body = () => ({
    organisationId: w.orgA.id,
    kind: 'DEBUNK',
    title: '矩阵辟谣',
    claims: [{ rumour: '某地将发生地震', truth: '地震台网无此预报' }],
    authority: '中国地震台网',
    date: '2026-05-12',
  });
  async function entry(verdict = false, publish = false) {
    const r = await w.admin.post<{ id: string }>('/api/debunks', body());
    if (r.status !== 201) throw new Error(`debunk: ${JSON.stringify(r.body)}`);
    if (verdict || publish) {
      await w.admin.post(`/api/debunks/${r.body.id}/status`, { status: 'VERIFYING' });
      await w.admin.post(`/api/debunks/${r.body.id}/status`, { status: 'DEBUNKED' });
    }
    if (publish) {
      const p = await w.admin.post(`/api/debunks/${r.body.id}/publish`);
      if (p.status !== 200) throw new Error(`publish: ${JSON.stringify(p.body)}`);
    }
    return r.body.id;
  }
  /** A NEW report written directly (the public route is throttled per client). */
  async function report() {
    const id = newId();
    await w.env.handle.db
      .insertInto('rumourReports')
      .values({
        id,
        text: '矩阵举报',
        platform: '',
        link: '',
        hazard: null,
        divisionCode: null,
        contact: null,
        reporterId: null,
        status: 'NEW',
        duplicateOf: null,
        debunkId: null,
        note: '',
        handledBy: null,
        handledAt: null,
        createdAt: nowIso(),
      })
      .execute();
    return id;
  }
  return [
    {
      name: 'GET /api/public/debunks',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/debunks' }),
    },
    {
      name: 'GET /api/public/debunks/:id',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/debunks/${await entry(true, true)}` }),
    },
    {
      name: 'GET /api/public/debunks/feed.rss',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/debunks/feed.rss' }),
    },
    {
      name: 'GET /api/public/debunks/feed.json',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/debunks/feed.json' }),
    },
    {
      name: 'GET /api/public/debunks/board',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/debunks/board' }),
    },
    {
      name: 'POST /api/public/rumour-reports',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'POST',
        url: '/api/public/rumour-reports',
        body: { text: '有人说明天要地震' },
      }),
    },
    {
      name: 'GET /api/debunks',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/debunks' }),
    },
    {
      name: 'POST /api/debunks',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'POST', url: '/api/debunks', body: body() }),
    },
    {
      name: 'GET /api/debunks/:id',
      allowed: STAFF_OF_A,
      make: async () => ({ method: 'GET', url: `/api/debunks/${await entry()}` }),
    },
    {
      name: 'PUT /api/debunks/:id',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'PUT', url: `/api/debunks/${await entry()}`, body: body() }),
    },
    {
      name: 'POST /api/debunks/:id/status',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/debunks/${await entry()}/status`,
        body: { status: 'VERIFYING' },
      }),
    },
    {
      name: 'POST /api/debunks/:id/publish',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'POST', url: `/api/debunks/${await entry(true)}/publish` }),
    },
    {
      name: 'POST /api/debunks/:id/unpublish',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/debunks/${await entry(true, true)}/unpublish`,
      }),
    },
    {
      name: 'GET /api/rumour-reports',
      allowed: OFFICE,
      make: async () => ({ method: 'GET', url: '/api/rumour-reports' }),
    },
    {
      name: 'POST /api/rumour-reports/:id/triage',
      allowed: OFFICE,
      make: async () => ({
        method: 'POST',
        url: `/api/rumour-reports/${await report()}/triage`,
        body: { action: 'TRIAGE' },
      }),
    },
    {
      name: 'GET /api/rumour-reports/:id/screenshot',
      allowed: OFFICE,
      make: async () => {
        const id = await report();
        await w.env.handle.db
          .insertInto('rumourReportScreenshots')
          .values({
            reportId: id,
            mime: 'image/jpeg',
            bytes: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
            width: 1,
            height: 1,
            createdAt: nowIso(),
          })
          .execute();
        return { method: 'GET', url: `/api/rumour-reports/${id}/screenshot` };
      },
    },
    {
      name: 'GET /api/rumour-reports/board/export',
      allowed: OFFICE,
      make: async () => ({ method: 'GET', url: '/api/rumour-reports/board/export' }),
    },
  ];
}
