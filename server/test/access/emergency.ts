import { newId, nowIso } from '../../src/platform/ids.ts';
import { ACTORS, type ActorName, type Row, STAFF_OF_A, type World } from './world.ts';

const EDITORS_OF_A: ActorName[] = ['editor', 'orgAdmin', 'platformAdmin'];
const CONSOLE: ActorName[] = [...STAFF_OF_A, 'foreignOrgAdmin'];

/**
 * 应急科普: an incident of A is run by A's staff (editors, administrators); A's reviewer acts on
 * it only when on its duty list (acknowledge, approve); B's administrator reaches none of it. The
 * reserve is kept by the staff of the work's unit. Opening needs the ministry's office (a unit of
 * that type inside A here).
 */
export function emergencyTable(w: World): Row[] {
  let office: { id: string } | null = null;
  /**
   * A unit of the office's type inside A (written directly: the organisation rules put offices
   * under the ministry only), so that A's staff may open incidents.
   */
  async function officeInA() {
    const db = w.env.handle.db;
    const a = await db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', w.orgA.id)
      .executeTakeFirstOrThrow();
    const id = newId();
    const at = nowIso();
    await db
      .insertInto('organisations')
      .values({
        id,
        tree: a.tree,
        type: 'MINISTRY_OFFICE',
        name: '矩阵科普工作办公室',
        nameEn: null,
        shortName: null,
        parentId: a.id,
        path: `${a.path}${id}/`,
        depth: a.depth + 1,
        divisionCode: null,
        active: 1,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    return { id };
  }
  /** An active incident owned by A, with A's reviewer on duty (written directly). */
  async function incident(opts: { duty?: boolean } = {}) {
    const id = newId();
    const at = nowIso();
    await w.env.handle.db
      .insertInto('incidents')
      .values({
        id,
        organisationId: w.orgA.id,
        regionOrgId: null,
        title: '矩阵滑坡',
        hazard: 'LANDSLIDE',
        gradeKind: 'DANGER',
        grade: 'SMALL',
        responseLevel: null,
        divisionCode: '430000',
        provinceCode: '43',
        place: '',
        occurredAt: at,
        source: '',
        description: '',
        status: 'ACTIVE',
        openedAt: at,
        openedBy: null,
        closedAt: null,
        closedBy: null,
        closeNote: '',
        firstExplainerAt: null,
        firstExplainerId: null,
        updatedAt: at,
      })
      .execute();
    if (opts.duty)
      await w.env.handle.db
        .insertInto('incidentDuty')
        .values({
          incidentId: id,
          userId: w.ids.reviewer,
          matchedBy: 'REGION',
          notifiedAt: at,
          acknowledgedAt: null,
        })
        .execute();
    return id;
  }
  /** An explainer drafted by the fixture admin, submitted when asked. */
  async function explainer(submit: boolean) {
    const id = await incident({ duty: true });
    const r = await w.admin.post<{ explainers: { workId: string }[] }>(
      `/api/incidents/${id}/explainers`,
      { title: '矩阵解读', body: '<p>识别前兆，及时撤离。</p>' },
    );
    if (r.status !== 201) throw new Error(`explainer: ${JSON.stringify(r.body)}`);
    const workId = r.body.explainers[0]!.workId;
    if (submit) await w.admin.post(`/api/incidents/${id}/explainers/${workId}/submit`);
    return { id, workId };
  }
  async function reserved() {
    const work = await w.workInA('PUBLISHED');
    const r = await w.admin.put(`/api/reserve/${work.id}`, { hazards: ['LANDSLIDE'] });
    if (r.status !== 200) throw new Error(`reserve: ${JSON.stringify(r.body)}`);
    return work.id;
  }
  return [
    {
      name: 'GET /api/public/emergency',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/emergency' }),
    },
    {
      name: 'GET /api/public/regions/:code',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/regions/430000' }),
    },
    {
      name: 'GET /api/incidents',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/incidents' }),
    },
    {
      name: 'GET /api/incidents/stats',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/incidents/stats' }),
    },
    {
      name: 'POST /api/incidents',
      allowed: EDITORS_OF_A,
      make: async () => {
        office ??= await officeInA();
        return {
          method: 'POST',
          url: '/api/incidents',
          body: {
            organisationId: office.id,
            hazard: 'LANDSLIDE',
            gradeKind: 'DANGER',
            grade: 'SMALL',
            divisionCode: '430000',
            occurredAt: new Date(Date.now() - 60_000).toISOString(),
          },
        };
      },
    },
    {
      name: 'GET /api/incidents/:id',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'GET', url: `/api/incidents/${await incident()}` }),
    },
    {
      name: 'GET /api/incidents/:id [A’s reviewer on duty]',
      allowed: [...EDITORS_OF_A, 'reviewer'],
      make: async () => ({
        method: 'GET',
        url: `/api/incidents/${await incident({ duty: true })}`,
      }),
    },
    {
      name: 'POST /api/incidents/:id/acknowledge',
      allowed: ['reviewer'],
      make: async () => ({
        method: 'POST',
        url: `/api/incidents/${await incident({ duty: true })}/acknowledge`,
      }),
    },
    {
      name: 'POST /api/incidents/:id/explainers',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/incidents/${await incident()}/explainers`,
        body: { title: '矩阵解读', body: '<p>识别前兆。</p>' },
      }),
    },
    {
      name: 'POST /api/incidents/:id/explainers/:workId/submit',
      allowed: EDITORS_OF_A,
      make: async () => {
        const e = await explainer(false);
        return { method: 'POST', url: `/api/incidents/${e.id}/explainers/${e.workId}/submit` };
      },
    },
    {
      name: 'POST /api/incidents/:id/explainers/:workId/approve',
      allowed: ['reviewer'],
      make: async () => {
        const e = await explainer(true);
        return {
          method: 'POST',
          url: `/api/incidents/${e.id}/explainers/${e.workId}/approve`,
          body: {},
        };
      },
    },
    {
      name: 'POST /api/incidents/:id/close',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'POST',
        url: `/api/incidents/${await incident()}/close`,
        body: { note: '' },
      }),
    },
    {
      name: 'GET /api/reserve',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/reserve' }),
    },
    {
      name: 'GET /api/reserve/coverage',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/reserve/coverage' }),
    },
    {
      name: 'GET /api/reserve/candidates',
      allowed: CONSOLE,
      make: async () => ({ method: 'GET', url: '/api/reserve/candidates?q=%E7%9F%A9%E9%98%B5' }),
    },
    {
      name: 'PUT /api/reserve/:id',
      allowed: EDITORS_OF_A,
      make: async () => ({
        method: 'PUT',
        url: `/api/reserve/${(await w.workInA('PUBLISHED')).id}`,
        body: { hazards: ['LANDSLIDE'], provinces: ['430000'] },
      }),
    },
    {
      name: 'POST /api/reserve/:id/review',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'POST', url: `/api/reserve/${await reserved()}/review` }),
    },
    {
      name: 'DELETE /api/reserve/:id',
      allowed: EDITORS_OF_A,
      make: async () => ({ method: 'DELETE', url: `/api/reserve/${await reserved()}` }),
    },
  ];
}
