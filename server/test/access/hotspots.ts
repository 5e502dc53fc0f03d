import { newId, nowIso } from '#platform/ids.ts';
import type { ActorName, Row, World } from './world.ts';

/** Anyone holding ORG_ADMIN or EDITOR somewhere reaches the list (scoped to their province). */
const STAFF: ActorName[] = ['editor', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'];

/** A nationwide alert (the office's alone: A and B are units without a province). */
async function nationalAlert(w: World) {
  const id = newId();
  const at = nowIso();
  await w.env.handle.db
    .insertInto('hotspotAlerts')
    .values({
      id,
      kind: 'SEARCH',
      term: '地震',
      relatedTerms: '[]',
      division: null,
      status: 'OPEN',
      hour: at.slice(0, 13),
      observed: 100,
      expected: 10,
      score: 9,
      themeDay: null,
      evidence: JSON.stringify({ series: [], topQueries: [], regions: [] }),
      raisedAt: at,
      dismissedAt: null,
      dismissedBy: null,
      dismissReason: null,
      contentRequestedAt: null,
      contentRequestedBy: null,
      contentRequestNote: null,
      incidentId: null,
      linkedAt: null,
      linkedBy: null,
      updatedAt: at,
    })
    .execute();
  return id;
}

/**
 * 热点预警: the list for staff (scoped), each alert for those whose scope holds it — a nationwide
 * one for the office (platform admins) only: everyone else 404. The thresholds: platform admins.
 */
export function hotspotsTable(w: World): Row[] {
  return [
    {
      name: 'GET /api/hotspots/alerts',
      allowed: STAFF,
      make: async () => ({ method: 'GET', url: '/api/hotspots/alerts' }),
    },
    {
      name: 'GET /api/hotspots/alerts/:id (nationwide)',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/hotspots/alerts/${await nationalAlert(w)}` }),
    },
    {
      name: 'POST /api/hotspots/alerts/:id/dismiss (nationwide)',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/hotspots/alerts/${await nationalAlert(w)}/dismiss`,
        body: { reason: '正常波动' },
      }),
    },
    {
      name: 'POST /api/hotspots/alerts/:id/request-content (nationwide)',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/hotspots/alerts/${await nationalAlert(w)}/request-content`,
        body: { note: '请准备科普内容' },
      }),
    },
    {
      name: 'POST /api/hotspots/alerts/:id/link-incident (nationwide)',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/hotspots/alerts/${await nationalAlert(w)}/link-incident`,
        body: { incidentId: await incidentInA(w) },
      }),
    },
    {
      name: 'GET /api/hotspots/settings',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/hotspots/settings' }),
    },
    {
      name: 'PUT /api/hotspots/settings',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'PUT', url: '/api/hotspots/settings', body: { minCount: 20 } }),
    },
  ];
}

/** An active response of A (written directly), which the platform administrator sees. */
async function incidentInA(w: World): Promise<string> {
  const id = newId();
  const at = new Date().toISOString();
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
  return id;
}
