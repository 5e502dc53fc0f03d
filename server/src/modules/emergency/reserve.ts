/**
 * 应急科普内容储备 (issue 14 §2): works kept ready for hazard types and provinces (none: the whole
 * country), in ready-to-use formats, reviewed yearly. An incident's board proposes the reviewed,
 * published items for its hazard and province; the coverage view shows the hazard × province
 * cells with none; a daily job reminds the owners of items whose review fell due.
 */

import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import { provinceName } from '#platform/division-names.ts';
import { AppError, fieldErrors } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { nowIso, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, can, scopeOf } from '#platform/policy.ts';
import { assertReferenceCodes } from '../reference/service.ts';
import { officePathsOf } from './incidents.ts';
import { hazardNames } from './labels.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type { ListReserveQuerySchema, ReserveInputSchema } from './schema.ts';

const STAFF = ['ORG_ADMIN', 'EDITOR'] as const;

/** The day a year after `day` (China dates, 'YYYY-MM-DD'); 29 February falls on 1 March. */
export function yearAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

async function provinceRows(db: Db, locale: Locale) {
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('level', '=', 1)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: provinceName(r.code, r.name, locale) ?? r.name }));
}

async function loadWork(db: Db, workId: string) {
  const w = await db
    .selectFrom('works as w')
    .innerJoin('organisations as o', 'o.id', 'w.organisationId')
    .select(['w.id', 'w.title', 'w.status', 'w.organisationId', 'o.path as orgPath'])
    .where('w.id', '=', workId)
    .executeTakeFirst();
  if (!w) throw new AppError('NOT_FOUND');
  return w;
}

/** Keeps a work in the reserve (or changes what it is kept for). */
export async function saveReserve(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  workId: string,
  input: z.infer<typeof ReserveInputSchema>,
  locale: Locale,
) {
  const w = await loadWork(db, workId);
  const me = authorize(actor, 'reserve.manage', { orgPath: w.orgPath });
  if (!['PUBLISHED', 'CHECKED'].includes(w.status))
    throw fieldErrors([
      {
        field: 'workId',
        zh: '只有通过科学性审核或已发布的作品可以列入储备',
        en: 'only checked or published works can be kept in the reserve',
      },
    ]);
  await assertReferenceCodes(db, 'hazards', 'HAZARD_TYPE', input.hazards);
  const provinces = await provinceRows(db, 'zh-CN');
  const unknown = input.provinces.filter((p) => !provinces.some((r) => r.code === p));
  if (unknown.length)
    throw fieldErrors([
      {
        field: 'provinces',
        zh: `未知的省份 ${unknown.join('、')}`,
        en: `unknown: ${unknown.join(', ')}`,
      },
    ]);
  await db.transaction().execute(async (tx) => {
    const old = await repo.findReserve(tx, workId);
    const at = nowIso();
    const today = todayInChina();
    await repo.saveReserve(
      tx,
      {
        workId,
        hazards: JSON.stringify([...new Set(input.hazards)]),
        provinces: JSON.stringify([...new Set(input.provinces)].sort()),
        formats: JSON.stringify([...new Set(input.formats)]),
        note: input.note,
        // Putting a work in the reserve is its first review.
        reviewedAt: old?.reviewedAt ?? at,
        reviewedBy: old?.reviewedBy ?? me.userId,
        reviewDue: old?.reviewDue ?? yearAfter(today),
        remindedFor: old?.remindedFor ?? null,
        createdBy: old?.createdBy ?? me.userId,
        createdAt: old?.createdAt ?? at,
        updatedAt: at,
      },
      !!old,
    );
    await recordAudit(tx, ctx, {
      action: 'reserve.save',
      entityType: 'work',
      entityId: workId,
      organisationId: w.organisationId,
      detail: { name: w.title, hazards: input.hazards, provinces: input.provinces },
    });
  });
  return getReserveItem(db, me, workId, locale);
}

export async function removeReserve(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  workId: string,
) {
  const w = await loadWork(db, workId);
  authorize(actor, 'reserve.manage', { orgPath: w.orgPath });
  await db.transaction().execute(async (tx) => {
    if (!(await repo.findReserve(tx, workId))) throw new AppError('NOT_FOUND');
    await repo.deleteReserve(tx, workId);
    await recordAudit(tx, ctx, {
      action: 'reserve.remove',
      entityType: 'work',
      entityId: workId,
      organisationId: w.organisationId,
      detail: { name: w.title },
    });
  });
  return { ok: true as const };
}

/** The yearly review: the item is still right; due again a year from today. */
export async function reviewReserve(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  workId: string,
  locale: Locale,
) {
  const w = await loadWork(db, workId);
  const me = authorize(actor, 'reserve.manage', { orgPath: w.orgPath });
  await db.transaction().execute(async (tx) => {
    if (!(await repo.findReserve(tx, workId))) throw new AppError('NOT_FOUND');
    await repo.markReviewed(tx, workId, me.userId, nowIso(), yearAfter(todayInChina()));
    await recordAudit(tx, ctx, {
      action: 'reserve.review',
      entityType: 'work',
      entityId: workId,
      organisationId: w.organisationId,
      detail: { name: w.title },
    });
  });
  return getReserveItem(db, me, workId, locale);
}

async function getReserveItem(db: Db, actor: Actor, workId: string, locale: Locale) {
  const page = await listReserve(
    db,
    actor,
    { page: 1, pageSize: 1, workId } as z.infer<typeof ListReserveQuerySchema> & { workId: string },
    locale,
  );
  const item = page.items.find((i) => i.workId === workId);
  if (!item) throw new AppError('NOT_FOUND');
  return item;
}

/** The reserve in the console: the office sees all; a unit's staff see their units' items. */
export async function listReserve(
  db: Db,
  actor: Actor | null,
  q: z.infer<typeof ListReserveQuerySchema> & { workId?: string },
  locale: Locale,
) {
  const me = authorize(actor, 'reserve.console');
  const today = todayInChina();
  // The ministry's office keeps watch over the whole country's reserve.
  const scope = (await officePathsOf(db, me)).length
    ? 'ALL'
    : scopeOf(me, ['ORG_ADMIN', 'EDITOR', 'MEMBER']);
  const { rows, total } = await repo.listReserve(db, { ...q, today }, scope);
  const [hazards, provinces, types, reviewers] = await Promise.all([
    hazardNames(db, locale),
    provinceRows(db, locale),
    db
      .selectFrom('referenceItems')
      .select(['code', 'nameZh', 'nameEn'])
      .where('kind', '=', 'WORK_TYPE')
      .execute(),
    rows.length
      ? db
          .selectFrom('users')
          .select(['id', 'displayName'])
          .where(
            'id',
            'in',
            rows
              .map((r) => r.reviewedBy ?? '')
              .filter(Boolean)
              .concat(['-']),
          )
          .execute()
      : Promise.resolve([]),
  ]);
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const typeName = new Map(types.map((t) => [t.code, locale === 'en-US' ? t.nameEn : t.nameZh]));
  const reviewer = new Map(reviewers.map((u) => [u.id, u.displayName]));
  return {
    items: rows.map((r) => ({
      workId: r.workId,
      title: r.title,
      typeName: typeName.get(r.type) ?? '',
      workStatus: r.workStatus,
      organisationName: r.organisationName,
      hazards: (JSON.parse(r.hazards) as string[]).map((c) => ({
        code: c,
        name: hazards.get(c) ?? c,
      })),
      provinces: (JSON.parse(r.provinces) as string[]).map((c) => ({
        code: c,
        name: provinceName.get(c) ?? c,
      })),
      formats: JSON.parse(r.formats) as ('CARD' | 'TEXT' | 'VIDEO')[],
      note: r.note,
      reviewedAt: r.reviewedAt,
      reviewedByName: r.reviewedBy ? (reviewer.get(r.reviewedBy) ?? null) : null,
      reviewDue: r.reviewDue,
      stale: r.reviewDue <= today,
      canManage: can(me, 'reserve.manage', { orgPath: r.orgPath }),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Works the person may put in the reserve (a picker: by title, in their units). */
export async function reserveCandidates(db: Db, actor: Actor | null, q: string) {
  const me = authorize(actor, 'reserve.console');
  const scope = scopeOf(me, [...STAFF]);
  return { items: await repo.reserveCandidates(db, scope, q) };
}

/** Hazard × province: how many reviewed, published items each cell can use (its own + nationwide). */
export async function coverage(db: Db, actor: Actor | null, locale: Locale) {
  authorize(actor, 'reserve.console');
  const today = todayInChina();
  const [hazardMap, provinces, counts] = await Promise.all([
    hazardNames(db, locale),
    provinceRows(db, locale),
    repo.coverageCounts(db, today),
  ]);
  const hazards = [...hazardMap].map(([code, name]) => ({ code, name }));
  const n = new Map(counts.map((c) => [`${c.hazard}:${c.province}`, Number(c.n)]));
  const nationwide = hazards.map((h) => n.get(`${h.code}:00`) ?? 0);
  const grid = hazards.map((h, hi) =>
    provinces.map((p) => (n.get(`${h.code}:${p.code.slice(0, 2)}`) ?? 0) + nationwide[hi]!),
  );
  return {
    hazards,
    provinces,
    counts: grid,
    nationwide,
    gaps: grid.flat().filter((c) => c === 0).length,
  };
}
