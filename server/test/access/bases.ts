import ExcelJS from 'exceljs';
import { ACTORS, type Row, STAFF_OF_A, TODAY, type World } from './world.ts';

/** A legacy-bases workbook with the header row only. */
async function emptyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('基地').addRow(['名称', '依托单位', '原体系']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Bases: naming, the legacy import, cooperations, status and the public pages. */
export function basesTable(w: World): Row[] {
  /** A base-naming application of A (the host), organised by B, confirmed through 公示. */
  async function confirmedBaseApplication() {
    const call = await w.admin.post<{ id: string }>('/api/review-calls', {
      ...w.callBody(),
      subjectKind: 'BASE',
      organisationId: w.orgB.id,
      stages: [{ kind: 'DECISION' }, { kind: 'PUBLIC_NOTICE' }],
      rubric: [],
    });
    await w.admin.post(`/api/review-calls/${call.body.id}/open`);
    const it = await w.admin.post<{ id: string }>(`/api/review-calls/${call.body.id}/items`, {
      organisationId: w.orgA.id,
      title: '矩阵基地',
    });
    await w.admin.post(`/api/review-items/${it.body.id}/submit`);
    await w.admin.post(`/api/review-items/${it.body.id}/decide`, {
      decision: 'ACCEPT',
      reason: '矩阵',
    });
    const n = await w.admin.post<{ id: string }>(`/api/review-calls/${call.body.id}/notices`, {
      title: '矩阵公示',
      startsAt: TODAY,
      endsAt: TODAY,
      itemIds: [it.body.id],
    });
    const closed = await w.admin.post(`/api/review-notices/${n.body.id}/close`);
    if (closed.status !== 200) throw new Error(`notice: ${JSON.stringify(closed.body)}`);
    return { id: it.body.id, callId: call.body.id };
  }
  /** A base of A, named (by B's call) from a fresh confirmed application. */
  async function baseOfA() {
    const it = await confirmedBaseApplication();
    const r = await w.admin.post<{ named: string[] }>('/api/bases/naming', {
      callId: it.callId,
      itemIds: [it.id],
      tier: 'MINISTRY',
      docNo: '矩阵文号',
      namedAt: TODAY,
    });
    if (r.status !== 200) throw new Error(`naming: ${JSON.stringify(r.body)}`);
    return r.body.named[0]!;
  }

  return [
    {
      name: 'POST /api/bases/naming',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => {
        const it = await confirmedBaseApplication();
        return {
          method: 'POST',
          url: '/api/bases/naming',
          body: {
            callId: it.callId,
            itemIds: [it.id],
            tier: 'MINISTRY',
            docNo: '矩阵文号',
            namedAt: TODAY,
          },
        };
      },
    },
    {
      name: 'GET /api/bases/import-legacy/template',
      allowed: ['editor', 'orgAdmin', 'foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/bases/import-legacy/template' }),
    },
    {
      name: 'POST /api/bases/import-legacy',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/bases/import-legacy?organisationId=${w.orgB.id}`,
        upload: await emptyWorkbook(),
      }),
    },
    {
      name: 'POST /api/bases/:id/cooperations',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/bases/${await baseOfA()}/cooperations`,
        body: {
          partnerBaseId: await baseOfA(),
          kind: 'JOINT_ACTIVITY',
          title: '矩阵合作',
          startedOn: TODAY,
        },
      }),
    },
    {
      name: 'GET /api/public/bases/:id/cooperations',
      allowed: [...ACTORS],
      make: async () => ({
        method: 'GET',
        url: `/api/public/bases/${await baseOfA()}/cooperations`,
      }),
    },
    {
      name: 'GET /api/bases',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/bases' }),
    },
    {
      name: 'GET /api/bases/export',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: '/api/bases/export' }),
    },
    {
      name: 'GET /api/bases/:id',
      allowed: STAFF_OF_A.concat(['foreignOrgAdmin']),
      make: async () => ({ method: 'GET', url: `/api/bases/${await baseOfA()}` }),
    },
    {
      name: 'PATCH /api/bases/:id',
      allowed: ['editor', 'orgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'PATCH',
        url: `/api/bases/${await baseOfA()}`,
        body: { openingHours: '矩阵开放时间' },
      }),
    },
    {
      name: 'POST /api/bases/:id/status',
      allowed: ['foreignOrgAdmin', 'platformAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/bases/${await baseOfA()}/status`,
        body: { to: 'RECTIFICATION', note: '矩阵整改', rectifyBy: '2099-01-01' },
      }),
    },
    {
      name: 'GET /api/public/bases',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/bases' }),
    },
    {
      name: 'GET /api/public/bases/stats',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/public/bases/stats' }),
    },
    {
      name: 'GET /api/public/bases/:id',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: `/api/public/bases/${await baseOfA()}` }),
    },
  ];
}
