import ExcelJS from 'exceljs';
import { ACTORS, type Row, SIGNED_IN, STAFF_OF_A, type World } from './world.ts';

/** A works workbook of the header row only (an import of nothing). */
async function emptyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('作品').addRow(['标题', '作品类型']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Works: drafts, the check and publishing, versions, the public page. */
export function worksTable(w: World): Row[] {
  return [
    {
      name: 'GET /api/works/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/works/export' }),
    },
    {
      name: 'GET /api/works',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/works' }),
    },
    {
      name: 'GET /api/works/import/template',
      allowed: ['member', 'editor', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/works/import/template' }),
    },
    {
      name: 'POST /api/works/import',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/import?organisationId=${w.orgA.id}`,
        upload: await emptyWorkbook(),
      }),
    },
    {
      name: 'POST /api/works',
      allowed: ['member', 'editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: '/api/works',
        body: { organisationId: w.orgA.id, type: 'VIDEO', title: '矩阵作品' },
      }),
    },
    {
      name: 'GET /api/works/:id',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/works/${(await w.draftInA()).id}` }),
    },
    {
      name: 'PATCH /api/works/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/works/${(await w.draftInA()).id}`,
        body: { summary: '改' },
      }),
    },
    {
      name: 'PATCH /api/works/:id (own draft)',
      allowed: SIGNED_IN.filter(
        (a) => a !== 'public' && a !== 'foreignOrgAdmin' && a !== 'reviewer',
      ),
      make: async (a) => ({
        method: 'PATCH',
        url: `/api/works/${(await w.draftInA(a)).id}`,
        body: { summary: '改' },
      }),
    },
    {
      name: 'POST /api/works/:id/submit',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await w.draftInA()).id}/submit`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/recall',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await w.workInA('SUBMITTED')).id}/recall`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/check',
      allowed: ['reviewer', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await w.workInA('SUBMITTED')).id}/check`,
        body: { decision: 'PASSED' },
      }),
    },
    {
      name: 'POST /api/works/:id/publish',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await w.workInA('CHECKED')).id}/publish`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/withdraw',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await w.workInA('PUBLISHED')).id}/withdraw`,
        body: {},
      }),
    },
    {
      name: 'POST /api/works/:id/archive',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/works/${(await w.workInA('PUBLISHED')).id}/archive`,
        body: {},
      }),
    },
    {
      name: 'GET /api/works/:id/versions',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: `/api/works/${(await w.draftInA()).id}/versions` }),
    },
    {
      name: 'GET /api/works/:id/versions/:version',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/works/${(await w.draftInA()).id}/versions/1`,
      }),
    },
    {
      name: 'GET /api/works/:id/diff',
      allowed: ['member', 'editor', 'reviewer', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'GET',
        url: `/api/works/${(await w.draftInA()).id}/diff?from=1&to=1`,
      }),
    },
    {
      name: 'GET /api/public/works/:id',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/works/${(await w.workInA('PUBLISHED')).id}`,
      }),
    },
  ];
}
