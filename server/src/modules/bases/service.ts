import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { AuditActionIn } from '#platform/audit-actions.ts';
import type { Db, Executor, Tx } from '#platform/db/connect.ts';
import type { BaseStatus } from '#platform/db/schema.ts';
import { provinceName } from '#platform/division-names.ts';
import { AppError, fieldError, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, can, scopeOf } from '#platform/policy.ts';
import { sanitizeRichText } from '#platform/richtext.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { assertMediaRefs, describeMedia, linkMedia, publishLinks } from '../media/service.ts';
import { defineReviewSubject, gradeOf, ORGANISATION_STAGES } from '../reviews/subjects.ts';
import './policy.ts';
import {
  type BASE_CATEGORIES,
  BASE_TIER_ZH,
  type ListBasesQuery,
  type NamingSchema,
  type StatusChangeSchema,
  type UpdateBaseSchema,
} from './schema.ts';
import './search.ts';
import * as repo from './repo.ts';
import {
  EVALUATION_FORM,
  EVALUATION_GRADES,
  EVALUATION_RUBRIC,
  NAMING_FORM,
  NAMING_RUBRIC,
  profileOf,
  REPORT_FORM,
} from './templates.ts';

/** Naming bases is a review call of this kind: applications through 公示, then named by batch. */
defineReviewSubject({
  kind: 'BASE',
  label: { 'zh-CN': '科普基地命名', 'en-US': 'Science base naming' },
  applicants: 'ORGANISATION',
  stages: ORGANISATION_STAGES,
  template: {
    form: NAMING_FORM,
    rubric: NAMING_RUBRIC,
    stages: ['RECOMMENDATION', 'FORMAL_CHECK', 'EXPERT_REVIEW', 'DECISION', 'PUBLIC_NOTICE'],
  },
});

/** A base of the applicant that may still report or be evaluated. */
async function ownBase(tx: Executor, baseId: string, applicantOrgId: string) {
  const b = await repo.findBaseSummary(tx, baseId);
  if (!b || b.hostOrgId !== applicantOrgId)
    throw fieldError('subjectId', '不是本单位依托的基地', 'not a base of this organisation');
  if (!['ACTIVE', 'RECTIFICATION', 'LEGACY_PENDING'].includes(b.status))
    throw ruleError(
      'STATE_CONFLICT',
      `基地${STATUS_ZH[b.status as BaseStatus]}，不能申报`,
      'This base can no longer report or be evaluated',
    );
  return { title: b.name, sectors: JSON.parse(b.sectors) as string[] };
}

async function baseEvent(
  tx: Tx,
  ctx: RequestContext,
  baseId: string,
  action: AuditActionIn<'base'>,
  to: BaseStatus | null,
  docNo: string | null,
  note: string,
) {
  const b = await repo.getBaseSummary(tx, baseId);
  await event(tx, ctx, b, action, to ?? b.status, docNo, note);
}

/** 年度报告: the host reports on the year; the office accepts it or sends it back with the reason. */
defineReviewSubject({
  kind: 'BASE_ANNUAL_REPORT',
  label: { 'zh-CN': '科普基地年度报告', 'en-US': 'Science base annual report' },
  applicants: 'ORGANISATION',
  stages: ORGANISATION_STAGES,
  template: { form: REPORT_FORM, rubric: [], stages: ['DECISION'] },
  subject: ownBase,
  async onDecided(tx, ctx, call, item, accepted, reason) {
    if (!item.subjectId) return;
    await baseEvent(
      tx,
      ctx,
      item.subjectId,
      accepted ? 'annualReport' : 'annualReportReturned',
      null,
      call.docNo,
      `${call.title}：${accepted ? '审核通过' : '退回'}。${reason}`,
    );
  },
});

/**
 * 评估: a campaign's grades (configurable; 优秀 / 合格 / 不合格 by default) come from the aggregate
 * score; a base that is not accepted is put under rectification (整改) for the campaign's term.
 */
defineReviewSubject({
  kind: 'BASE_EVALUATION',
  label: { 'zh-CN': '科普基地评估', 'en-US': 'Science base evaluation' },
  applicants: 'ORGANISATION',
  stages: ORGANISATION_STAGES,
  template: {
    form: EVALUATION_FORM,
    rubric: EVALUATION_RUBRIC,
    stages: ['RECOMMENDATION', 'EXPERT_REVIEW', 'DECISION'],
    rectifyMonths: 6,
  },
  grades: EVALUATION_GRADES,
  subject: ownBase,
  async onDecided(tx, ctx, call, item, accepted, reason) {
    if (!item.subjectId) return;
    const settings = JSON.parse(call.settings) as { rectifyMonths?: number };
    const grade = gradeOf(call, item.aggregate);
    const gradeText = grade ? `评估等级：${grade.label}（${item.aggregate} 分）` : '评估完成';
    await baseEvent(
      tx,
      ctx,
      item.subjectId,
      'evaluate',
      null,
      call.docNo,
      `${call.title}：${gradeText}。${reason}`,
    );
    if (accepted) return;
    const b = await repo.getBaseSummary(tx, item.subjectId);
    if (b.status !== 'ACTIVE') return;
    const by = new Date(`${todayInChina()}T00:00:00Z`);
    by.setUTCMonth(by.getUTCMonth() + (settings.rectifyMonths ?? 6));
    const rectifyBy = by.toISOString().slice(0, 10);
    await repo.transitionBase(tx, item.subjectId, 'ACTIVE', {
      status: 'RECTIFICATION',
      rectifyBy,
      updatedAt: nowIso(),
    });
    await baseEvent(
      tx,
      ctx,
      item.subjectId,
      'rectify',
      'RECTIFICATION',
      call.docNo,
      `评估未通过，限期 ${rectifyBy} 前完成整改。`,
    );
  },
});

/** The plan's target: 100 national bases by 2025 (plan §二(二)). */
export const NATIONAL_TARGET = { tier: 'NATIONAL' as const, count: 100, deadline: '2025-12-31' };
const VISIBLE: BaseStatus[] = ['ACTIVE', 'RECTIFICATION', 'LEGACY_PENDING', 'MIGRATED'];
const STATUS_ZH: Record<BaseStatus, string> = {
  ACTIVE: '正常',
  RECTIFICATION: '整改中',
  REVOKED: '已撤销',
  EXPIRED: '已到期',
  LEGACY_PENDING: '待评估迁移',
  MIGRATED: '已迁移',
  RETIRED: '已退出',
};

async function present(
  db: Executor,
  actor: Actor | null,
  b: repo.BaseRow,
  locale: Locale = 'zh-CN',
) {
  const media = await describeMedia(db, { coverId: b.coverId, mediaIds: JSON.parse(b.gallery) });
  const events = await repo.listBaseEvents(db, b.id);
  return {
    id: b.id,
    name: b.name,
    hostOrgId: b.hostOrgId,
    hostName: b.hostName,
    tier: b.tier as 'NATIONAL',
    category: b.category,
    sectors: JSON.parse(b.sectors) as string[],
    intro: b.intro,
    address: b.address,
    divisionCode: b.divisionCode,
    province: provinceName(b.divisionCode, b.province, locale),
    longitude: b.longitude === null ? null : Number(b.longitude),
    latitude: b.latitude === null ? null : Number(b.latitude),
    openingHours: b.openingHours,
    capacity: b.capacity,
    facilities: b.facilities,
    contacts: JSON.parse(b.contacts) as { name: string; phone: string; email: string }[],
    cover: media.cover,
    gallery: media.media,
    status: b.status,
    namingDocNo: b.namingDocNo,
    namedAt: b.namedAt,
    batchYear: b.batchYear,
    validUntil: b.validUntil,
    rectifyBy: b.rectifyBy,
    events,
    abilities: {
      edit: can(actor, 'base.edit', { orgPath: b.hostPath }),
      govern: can(actor, 'base.govern', { orgPath: b.authorityPath }),
    },
  };
}

async function load(db: Executor, id: string) {
  const b = await repo.findBase(db, id);
  if (!b) throw new AppError('NOT_FOUND');
  return b;
}

async function event(
  tx: Tx,
  ctx: RequestContext,
  b: { id: string; name: string; hostOrgId: string; status: BaseStatus | null },
  action: AuditActionIn<'base'>,
  to: BaseStatus,
  docNo: string | null,
  note: string,
) {
  await repo.insertBaseEvent(tx, {
    id: newId(),
    baseId: b.id,
    action,
    fromStatus: b.status,
    toStatus: to,
    docNo,
    note,
    actorId: ctx.actorId,
    at: nowIso(),
  });
  await recordAudit(tx, ctx, {
    action: `base.${action}`,
    entityType: 'base',
    entityId: b.id,
    organisationId: b.hostOrgId,
    detail: { name: b.name, from: b.status, to, docNo: docNo ?? undefined },
  });
}

const isPublic = (s: BaseStatus) => VISIBLE.includes(s);
const index = (db: Db, ctx: RequestContext, tx: Executor, ids: string[]) =>
  searchEngineFor(db, ctx.dialect).index(tx, 'base', ids);

function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Names a batch: every confirmed application of a BASE call becomes a named base, with the 文号,
 * date, tier and validity term; its profile comes from the application form.
 */
export async function nameBatch(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof NamingSchema>,
) {
  const created: string[] = [];
  await db.transaction().execute(async (tx) => {
    const call = await repo.findCallToName(tx, input.callId);
    if (!call) throw new AppError('NOT_FOUND');
    authorize(actor, 'base.govern', { orgPath: call.path });
    if (call.subjectKind !== 'BASE')
      throw ruleError(
        'RULE_BROKEN',
        '只有科普基地命名类征集可以命名基地',
        'Only a base-naming call names bases',
      );
    const validUntil = input.validityYears ? addYears(input.namedAt, input.validityYears) : null;
    for (const itemId of new Set(input.itemIds)) {
      const item = await repo.findReviewItem(tx, itemId);
      if (!item || item.callId !== call.id)
        throw fieldError(
          'itemIds',
          `申报 ${itemId} 不属于本次征集`,
          `${itemId} is not in this call`,
        );
      if (item.status !== 'CONFIRMED')
        throw ruleError(
          'STATE_CONFLICT',
          `“${item.title}”尚未通过公示，不能命名`,
          `“${item.title}” has not passed the public notice`,
        );
      if (await repo.findBaseByApplication(tx, itemId))
        throw ruleError(
          'STATE_CONFLICT',
          `“${item.title}”已经命名`,
          `“${item.title}” is already named`,
        );
      const data = JSON.parse(item.data) as Record<string, unknown>;
      const photos = (JSON.parse(item.attachments) as Record<string, string[]>).photos ?? [];
      const id = newId();
      const at = nowIso();
      const row = {
        id,
        hostOrgId: item.applicantOrgId,
        name: item.title,
        tier: input.tier,
        sectors: item.sectors,
        // The profile from the answers, by the naming form's own keys (templates.ts).
        ...profileOf(data),
        contacts: '[]',
        // The application's first photo is the cover until the host picks another.
        coverId: photos[0] ?? null,
        gallery: JSON.stringify(photos),
        status: 'ACTIVE' as const,
        namingDocNo: input.docNo,
        namedAt: input.namedAt,
        batchYear: Number(input.namedAt.slice(0, 4)),
        validUntil,
        rectifyBy: null,
        applicationId: itemId,
        authorityOrgId: call.organisationId,
        createdAt: at,
        updatedAt: at,
      };
      await repo.insertBase(tx, row);
      const gallery = JSON.parse(row.gallery) as string[];
      await linkMedia(
        tx,
        { type: 'base', id },
        { coverId: row.coverId, mediaIds: gallery, html: row.intro },
        true,
      );
      await event(
        tx,
        ctx,
        { id, name: row.name, hostOrgId: row.hostOrgId, status: null },
        'name',
        'ACTIVE',
        input.docNo,
        `命名为${input.tier === 'NATIONAL' ? '国家自然资源科普基地' : '科普基地'}`,
      );
      created.push(id);
    }
    await index(db, ctx, tx, created);
  });
  return { named: created };
}

export async function getBase(db: Db, actor: Actor | null, id: string) {
  const b = await load(db, id);
  const me = authorize(actor, 'base.list');
  if (
    !can(me, 'base.edit', { orgPath: b.hostPath }) &&
    !can(me, 'base.govern', { orgPath: b.authorityPath }) &&
    !isPublic(b.status)
  )
    throw new AppError('NOT_FOUND');
  return present(db, actor, b);
}

export async function getPublicBase(db: Db, id: string, locale: Locale = 'zh-CN') {
  const b = await load(db, id);
  if (!isPublic(b.status)) throw new AppError('NOT_FOUND');
  const p = await present(db, null, b, locale);
  return { ...p, contacts: p.contacts, abilities: { edit: false, govern: false } };
}

export async function updateBase(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateBaseSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const b = await load(tx, id);
    const me = authorize(actor, 'base.edit', { orgPath: b.hostPath });
    if (b.status === 'REVOKED' || b.status === 'RETIRED')
      throw ruleError(
        'STATE_CONFLICT',
        `基地${STATUS_ZH[b.status]}，不能修改`,
        `The base is ${b.status.toLowerCase()}; it cannot be edited`,
      );
    const coverId = patch.coverId === undefined ? b.coverId : patch.coverId;
    const gallery = patch.gallery ?? (JSON.parse(b.gallery) as string[]);
    const intro = patch.intro === undefined ? b.intro : sanitizeRichText(patch.intro);
    if (patch.coverId !== undefined || patch.gallery !== undefined || patch.intro !== undefined) {
      await assertMediaRefs(tx, me, b.hostPath, { coverId, mediaIds: gallery, html: intro });
      await linkMedia(
        tx,
        { type: 'base', id },
        { coverId, mediaIds: gallery, html: intro },
        isPublic(b.status),
      );
    }
    await repo.updateBase(tx, id, {
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.divisionCode !== undefined ? { divisionCode: patch.divisionCode } : {}),
      ...(patch.longitude !== undefined ? { longitude: patch.longitude } : {}),
      ...(patch.latitude !== undefined ? { latitude: patch.latitude } : {}),
      ...(patch.openingHours !== undefined ? { openingHours: patch.openingHours } : {}),
      ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
      ...(patch.facilities !== undefined ? { facilities: patch.facilities } : {}),
      ...(patch.contacts !== undefined ? { contacts: JSON.stringify(patch.contacts) } : {}),
      intro,
      coverId,
      gallery: JSON.stringify(gallery),
      updatedAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'base.update',
      entityType: 'base',
      entityId: id,
      organisationId: b.hostOrgId,
      detail: { name: b.name, fields: Object.keys(patch) },
    });
    await index(db, ctx, tx, [id]);
  });
  return getBase(db, actor, id);
}

const ALLOWED: Record<z.infer<typeof StatusChangeSchema>['to'], BaseStatus[]> = {
  ACTIVE: ['ACTIVE', 'RECTIFICATION', 'EXPIRED'],
  RECTIFICATION: ['ACTIVE'],
  REVOKED: ['ACTIVE', 'RECTIFICATION', 'EXPIRED'],
  MIGRATED: ['LEGACY_PENDING'],
  RETIRED: ['LEGACY_PENDING'],
};
const ACTION: Record<z.infer<typeof StatusChangeSchema>['to'], AuditActionIn<'base'>> = {
  ACTIVE: 'renew',
  RECTIFICATION: 'rectify',
  REVOKED: 'revoke',
  MIGRATED: 'migrate',
  RETIRED: 'retire',
};

/** Renewal, rectification (整改 with a deadline), revocation; legacy bases migrate or retire. */
export async function changeStatus(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof StatusChangeSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const b = await load(tx, id);
    authorize(actor, 'base.govern', { orgPath: b.authorityPath });
    if (!ALLOWED[input.to].includes(b.status))
      throw ruleError(
        'STATE_CONFLICT',
        `基地当前${STATUS_ZH[b.status]}，不能改为${STATUS_ZH[input.to]}`,
        `A base that is ${b.status.toLowerCase()} cannot become ${input.to.toLowerCase()}`,
      );
    if (input.to === 'RECTIFICATION' && !input.rectifyBy)
      throw fieldError('rectifyBy', '请给出整改期限', 'give the rectification deadline');
    const today = todayInChina();
    const changed = await repo.transitionBase(tx, id, b.status, {
      status: input.to,
      rectifyBy: input.to === 'RECTIFICATION' ? input.rectifyBy : null,
      ...(input.to === 'ACTIVE' && input.renewYears
        ? { validUntil: addYears(today, input.renewYears) }
        : {}),
      updatedAt: nowIso(),
    });
    if (!changed)
      throw ruleError(
        'STATE_CONFLICT',
        '基地状态刚被他人改变，请刷新',
        'The base changed meanwhile; reload',
      );
    await event(tx, ctx, b, ACTION[input.to], input.to, input.docNo, input.note);
    await publishLinks(tx, { type: 'base', id }, isPublic(input.to));
    await index(db, ctx, tx, [id]);
  });
  return getBase(db, actor, id);
}

async function page(db: Executor, q: ListBasesQuery, where: repo.BaseListScope, locale: Locale) {
  const { rows, total } = await repo.listBases(db, q, where);
  const { media } = await describeMedia(db, {
    coverId: null,
    mediaIds: rows.flatMap((r) => (r.coverId ? [r.coverId] : [])),
  });
  const covers = new Map(media.map((m) => [m.id, m]));
  return {
    items: rows.map(({ coverId, provinceCode, ...r }) => ({
      ...r,
      tier: r.tier as 'NATIONAL',
      status: r.status as BaseStatus,
      province: provinceName(provinceCode, r.province, locale),
      cover: (coverId && covers.get(coverId)) || null,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function listPublicBases(db: Db, q: ListBasesQuery, locale: Locale = 'zh-CN') {
  return page(db, q, { statuses: VISIBLE, scope: 'ALL' }, locale);
}

/** The console list: bases of my organisations' subtrees (hosts) and those my units named. */
export async function listBases(
  db: Db,
  actor: Actor | null,
  q: ListBasesQuery,
  locale: Locale = 'zh-CN',
) {
  const me = authorize(actor, 'base.list');
  return page(db, q, { scope: scopeOf(me, ['ORG_ADMIN', 'EDITOR', 'MEMBER']) }, locale);
}

const CATEGORY_ZH: Record<(typeof BASE_CATEGORIES)[number], string> = {
  VENUE: '科普场馆类',
  SITE: '自然资源场景类',
  RESEARCH: '科学研究类',
  LAND_VENUE: '科技场馆类（国土资源）',
  LAND_PROTECTION: '资源保护类（国土资源）',
  LAND_RESEARCH: '科研实验类（国土资源）',
  OTHER: '其他',
};

/** The filtered console list as xlsx (at most EXPORT_MAX rows), scoped as `listBases`. */
export async function exportBases(
  db: Db,
  actor: Actor | null,
  q: Omit<ListBasesQuery, 'page' | 'pageSize'>,
) {
  const { items } = await listBases(db, actor, { ...q, page: 1, pageSize: EXPORT_MAX });
  return buildXlsx(
    '科普基地',
    [
      { header: '基地名称', width: 36, value: (b) => b.name },
      { header: '依托单位', width: 30, value: (b) => b.hostName },
      { header: '级别', width: 22, value: (b) => BASE_TIER_ZH[b.tier] },
      {
        header: '类别',
        width: 22,
        value: (b) => CATEGORY_ZH[b.category as keyof typeof CATEGORY_ZH] ?? b.category,
      },
      { header: '省份', width: 14, value: (b) => b.province },
      { header: '批次年份', width: 10, value: (b) => b.batchYear },
      { header: '命名日期', width: 12, value: (b) => b.namedAt },
      { header: '状态', width: 12, value: (b) => STATUS_ZH[b.status] },
      { header: 'ID', width: 38, value: (b) => b.id },
    ],
    items,
  );
}

export const EXPORT_MAX = 10_000;

/** Dashboard figures: national bases against the plan's target, by year, tier, province, category; points. */
export async function stats(db: Db, locale: Locale = 'zh-CN') {
  const rows = await repo.listBasesForStats(db, VISIBLE);
  const count = <K extends string>(key: (r: (typeof rows)[number]) => K | null) => {
    const m: Record<string, number> = {};
    for (const r of rows) {
      const k = key(r);
      if (k) m[k] = (m[k] ?? 0) + 1;
    }
    return m;
  };
  const years = new Map<string, number>();
  for (const r of rows)
    if (r.batchYear)
      years.set(`${r.batchYear} ${r.tier}`, (years.get(`${r.batchYear} ${r.tier}`) ?? 0) + 1);
  const provinces = new Map<string, { code: string; name: string; count: number }>();
  for (const r of rows) {
    if (!r.divisionCode) continue;
    const code = `${r.divisionCode.slice(0, 2)}0000`;
    const p = provinces.get(code) ?? {
      code,
      name: provinceName(code, r.province, locale) ?? code,
      count: 0,
    };
    p.count++;
    provinces.set(code, p);
  }
  return {
    target: NATIONAL_TARGET,
    national: rows.filter((r) => r.tier === 'NATIONAL').length,
    byTier: count((r) => r.tier),
    byYear: [...years]
      .map(([k, n]) => ({ year: Number(k.split(' ')[0]), tier: k.split(' ')[1]!, count: n }))
      .sort((a, b) => a.year - b.year || a.tier.localeCompare(b.tier)),
    byProvince: [...provinces.values()].sort(
      (a, b) => b.count - a.count || a.code.localeCompare(b.code),
    ),
    byCategory: count((r) => r.category),
    points: rows
      .filter((r) => r.longitude !== null && r.latitude !== null)
      .map((r) => ({
        id: r.id,
        name: r.name,
        tier: r.tier,
        longitude: Number(r.longitude),
        latitude: Number(r.latitude),
      })),
  };
}
