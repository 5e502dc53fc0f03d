import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import { provinceName } from '#platform/division-names.ts';
import { AppError, fieldError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import * as repo from './repo.ts';
import type { CreateCooperationSchema } from './schema.ts';

const province = (code: string | null) => (code ? code.slice(0, 2) : null);

async function baseWithHost(db: Db, id: string) {
  const b = await repo.findBaseWithHost(db, id);
  if (!b) throw new AppError('NOT_FOUND');
  return b;
}

/** Cooperation records of a base, both directions (public: named bases are public). */
export async function listCooperations(db: Db, baseId: string, locale: Locale = 'zh-CN') {
  const me = await baseWithHost(db, baseId);
  const rows = await repo.listCooperationsOf(db, baseId);
  const out = [];
  for (const r of rows) {
    const partner = await baseWithHost(db, r.baseId === baseId ? r.partnerBaseId : r.baseId);
    out.push({
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      startedOn: r.startedOn,
      endedOn: r.endedOn,
      partner: {
        id: partner.id,
        name: partner.name,
        province: provinceName(partner.divisionCode, partner.province, locale),
      },
      crossRegion: province(partner.divisionCode) !== province(me.divisionCode),
    });
  }
  return out;
}

/** The host records a cooperation with another named base. */
export async function addCooperation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  baseId: string,
  input: z.infer<typeof CreateCooperationSchema>,
) {
  const b = await baseWithHost(db, baseId);
  const me = authorize(actor, 'base.edit', { orgPath: b.path });
  if (input.partnerBaseId === baseId)
    throw fieldError('partnerBaseId', '不能与本基地合作', 'not the base itself');
  const partner = await baseWithHost(db, input.partnerBaseId).catch(() => null);
  if (
    !partner ||
    !['ACTIVE', 'RECTIFICATION', 'LEGACY_PENDING', 'MIGRATED'].includes(partner.status)
  )
    throw fieldError('partnerBaseId', '合作方不是在册的科普基地', 'not a named base');
  if (input.endedOn && input.endedOn < input.startedOn)
    throw fieldError('endedOn', '结束日期不能早于开始日期', 'before startedOn');
  const id = newId();
  await db.transaction().execute(async (tx) => {
    await repo.insertCooperation(tx, {
      id,
      baseId,
      ...input,
      createdBy: me.userId,
      createdAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'base.cooperation',
      entityType: 'base',
      entityId: baseId,
      organisationId: b.hostOrgId,
      detail: { name: b.name, partner: partner.name, title: input.title },
    });
  });
  return (await listCooperations(db, baseId)).find((c) => c.id === id)!;
}
