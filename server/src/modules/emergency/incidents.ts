/**
 * 应急科普 incidents (issue 14 §1). Opening an incident calls its duty experts at once (in-app and
 * e-mail, in the same transaction) and proposes reviewed reserve content for its hazard and
 * province; explainers are works drafted for it (from a reserve item or from scratch), submitted,
 * and approved by a duty expert — the science check's fast path, which publishes at once. The
 * first such publication stops the clock: time to first explainer. Closing the incident takes its
 * banner off the portal; its explainers stay in the library.
 */

import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaYearRange, newId, nowIso, todayInChina } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, scopeOf, signedIn } from '#platform/policy.ts';
import { nearestAdmins } from '../joins/repo.ts';
import { assertDivisionCodes, assertReferenceCodes } from '../reference/service.ts';
import { createWorkIn, moveWork, passAndPublishIn } from '../works/service.ts';
import { divisionLabels, hazardNames } from './labels.ts';
import { DUTY_CALL, EXPLAINER_PUBLISHED, EXPLAINER_SUBMITTED } from './notifications.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type {
  ApproveExplainerSchema,
  CloseIncidentSchema,
  DraftExplainerSchema,
  ListIncidentsQuerySchema,
  OpenIncident,
} from './schema.ts';

/** At most this many duty experts are called for one incident (the closest matches first). */
export const DUTY_LIMIT = 20;
/** At most this many explainers per incident (a bounded board). */
export const EXPLAINER_LIMIT = 30;
const STAFF = ['ORG_ADMIN', 'EDITOR'] as const;
const OFFICE_TYPES = ['MINISTRY', 'MINISTRY_OFFICE'];

const STATUS_ZH = { ACTIVE: '处置中', CLOSED: '已结束' } as const;
const STATUS_EN = { ACTIVE: 'active', CLOSED: 'closed' } as const;

function wrongState(i: { status: 'ACTIVE' | 'CLOSED' }, zh: string, en: string) {
  return ruleError(
    'STATE_CONFLICT',
    `${zh}（当前状态：${STATUS_ZH[i.status]}）`,
    `${en} (the incident is ${STATUS_EN[i.status]})`,
  );
}

const minutesBetween = (from: string, to: string | null) =>
  to === null ? null : Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/**
 * The units whose staff run an incident: its owner, the province's department, and the ministry's
 * office (its staff coordinate every response in the country).
 */
const homePaths = (i: repo.IncidentWithOrgs, offices: string[]) =>
  [i.orgPath, i.regionOrgPath, ...offices].filter((p): p is string => !!p);

/** The ministry offices the person is staff of (they see and run every response). */
export async function officePathsOf(db: Executor, me: Actor): Promise<string[]> {
  const paths = me.grants
    .filter((g) => (STAFF as readonly string[]).includes(g.role) && g.orgPath)
    .map((g) => g.orgPath!);
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('organisations')
    .select('path')
    .where('path', 'in', paths)
    .where('type', 'in', OFFICE_TYPES)
    .execute();
  return rows.map((r) => r.path);
}

async function scopeFor(db: Executor, me: Actor): Promise<repo.IncidentScope> {
  const scope = scopeOf(me, [...STAFF]);
  const all = scope === 'ALL' || (await officePathsOf(db, me)).length > 0;
  return { all, paths: scope === 'ALL' ? [] : scope, userId: me.userId };
}

/** An incident as the console sees it: 404 unless staff over it or on its duty list. */
async function loadVisible(db: Executor, actor: Actor | null, id: string) {
  const me = signedIn(actor);
  const i = await repo.findIncident(db, id);
  if (!i) throw new AppError('NOT_FOUND');
  const offices = await officePathsOf(db, me);
  const manage = can(me, 'incident.manage', { homePaths: homePaths(i, offices) });
  const duty = manage ? null : await dutyRow(db, id, me.userId);
  if (!manage && !duty) throw new AppError('NOT_FOUND');
  return { me, i, manage, offices };
}

/**
 * For another module naming an incident (a hotspot alert linked to it): a field error unless the
 * incident exists and the person may see it in the console.
 */
export async function assertIncidentVisible(
  db: Executor,
  actor: Actor | null,
  id: string,
  field: string,
): Promise<void> {
  try {
    await loadVisible(db, actor, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND')
      throw fieldErrors([{ field, zh: '找不到这个应急响应', en: 'no such emergency response' }]);
    throw e;
  }
}

async function dutyRow(db: Executor, incidentId: string, userId: string) {
  return db
    .selectFrom('incidentDuty')
    .selectAll()
    .where('incidentId', '=', incidentId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

async function mustManage(db: Executor, actor: Actor | null, id: string) {
  const v = await loadVisible(db, actor, id);
  authorize(v.me, 'incident.manage', { homePaths: homePaths(v.i, v.offices) });
  return v;
}

export async function openIncident(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: OpenIncident,
  locale: Locale,
) {
  const me = signedIn(actor);
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'path', 'type', 'divisionCode', 'active', 'name'])
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!org)
    throw fieldErrors([
      { field: 'organisationId', zh: '找不到这个单位', en: 'no such organisation' },
    ]);
  authorize(me, 'incident.open', { orgPath: org.path });
  const province = input.divisionCode.slice(0, 2);
  const office = OFFICE_TYPES.includes(org.type);
  if (!office && org.type !== 'PROVINCIAL_DEPT')
    throw ruleError(
      'RULE_BROKEN',
      '应急科普事件由部科普工作办公室或省级自然资源主管部门启动',
      'Incidents are opened by the ministry’s office or a provincial department',
    );
  if (!office && org.divisionCode?.slice(0, 2) !== province)
    throw fieldErrors([
      {
        field: 'divisionCode',
        zh: '省级主管部门只能启动本省范围内的事件',
        en: 'a provincial department opens incidents in its own province only',
      },
    ]);
  if (org.active !== 1)
    throw ruleError('RULE_BROKEN', '所属单位已停用', 'The organisation is deactivated');
  if (Date.parse(input.occurredAt) > Date.now() + 5 * 60_000)
    throw fieldErrors([
      { field: 'occurredAt', zh: '发生时间不能晚于现在', en: 'cannot be in the future' },
    ]);
  await assertReferenceCodes(db, 'hazard', 'HAZARD_TYPE', [input.hazard]);
  await assertDivisionCodes(db, 'divisionCode', [input.divisionCode]);
  const [hazardsZh, hazardsEn, placesZh, placesEn] = await Promise.all([
    hazardNames(db, 'zh-CN'),
    hazardNames(db, 'en-US'),
    divisionLabels(db, [input.divisionCode], 'zh-CN'),
    divisionLabels(db, [input.divisionCode], 'en-US'),
  ]);
  const hazardZh = hazardsZh.get(input.hazard) ?? input.hazard;
  const placeZh = `${placesZh.get(input.divisionCode)}${input.place}`;
  const title = input.title || `${placeZh}${hazardZh}`;
  const region = await repo.provinceDepartment(db, province);
  const today = todayInChina();
  // Who answers: the hazard's experts serving the province; nobody there — the national pool.
  let matchedBy: 'REGION' | 'NATIONAL' = 'REGION';
  let experts = await repo.dutyCandidates(db, input.hazard, province, today, DUTY_LIMIT);
  if (experts.length === 0) {
    matchedBy = 'NATIONAL';
    experts = await repo.dutyCandidates(db, input.hazard, null, today, DUTY_LIMIT);
  }
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    await repo.insertIncident(tx, {
      id,
      organisationId: org.id,
      regionOrgId: region?.id ?? null,
      title,
      hazard: input.hazard,
      gradeKind: input.gradeKind,
      grade: input.grade,
      responseLevel: input.responseLevel,
      divisionCode: input.divisionCode,
      provinceCode: province,
      place: input.place,
      occurredAt: new Date(input.occurredAt).toISOString(),
      source: input.source,
      description: input.description,
      status: 'ACTIVE',
      openedAt: at,
      openedBy: me.userId,
      closedAt: null,
      closedBy: null,
      closeNote: '',
      firstExplainerAt: null,
      firstExplainerId: null,
      updatedAt: at,
    });
    const duty = experts.filter((e) => e.userId !== me.userId);
    await repo.insertDuty(
      tx,
      duty.map((e) => ({
        incidentId: id,
        userId: e.userId,
        matchedBy,
        notifiedAt: at,
        acknowledgedAt: null,
      })),
    );
    await notify(
      tx,
      duty.map((e) => e.userId),
      DUTY_CALL,
      {
        incidentId: id,
        title,
        hazardZh,
        hazardEn: hazardsEn.get(input.hazard) ?? input.hazard,
        placeZh,
        placeEn: placesEn.get(input.divisionCode) ?? input.divisionCode,
      },
    );
    await recordAudit(tx, ctx, {
      action: 'incident.open',
      entityType: 'incident',
      entityId: id,
      organisationId: org.id,
      detail: {
        name: title,
        hazard: input.hazard,
        division: input.divisionCode,
        duty: duty.length,
      },
    });
  });
  return getBoard(db, me, id, locale);
}

export async function listIncidents(
  db: Db,
  actor: Actor | null,
  q: z.infer<typeof ListIncidentsQuerySchema>,
  locale: Locale,
) {
  const me = authorize(actor, 'incident.console');
  const range = q.year ? chinaYearRange(q.year) : null;
  const { rows, total } = await repo.listIncidents(
    db,
    { ...q, from: range?.from, to: range?.to },
    await scopeFor(db, me),
  );
  const [hazards, places, counts] = await Promise.all([
    hazardNames(db, locale),
    divisionLabels(
      db,
      rows.map((r) => r.divisionCode),
      locale,
    ),
    repo.incidentCounts(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return {
    items: rows.map((r) => {
      const c = counts.get(r.id)!;
      return {
        ...core(r, hazards, places),
        organisationName: r.organisationName,
        dutyCount: c.duty,
        acknowledgedCount: c.ack,
        publishedCount: c.published,
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function core(
  r: {
    id: string;
    title: string;
    hazard: string;
    gradeKind: 'DISASTER' | 'DANGER';
    grade: 'SMALL' | 'MEDIUM' | 'LARGE' | 'HUGE';
    responseLevel: 'I' | 'II' | 'III' | 'IV' | null;
    divisionCode: string;
    provinceCode: string;
    place: string;
    occurredAt: string;
    status: 'ACTIVE' | 'CLOSED';
    openedAt: string;
    closedAt: string | null;
    organisationId: string;
    firstExplainerAt: string | null;
  },
  hazards: Map<string, string>,
  places: Map<string, string>,
) {
  return {
    id: r.id,
    title: r.title,
    hazard: r.hazard,
    hazardName: hazards.get(r.hazard) ?? r.hazard,
    gradeKind: r.gradeKind,
    grade: r.grade,
    responseLevel: r.responseLevel,
    divisionCode: r.divisionCode,
    divisionName: places.get(r.divisionCode) ?? r.divisionCode,
    provinceCode: `${r.provinceCode}0000`,
    place: r.place,
    occurredAt: r.occurredAt,
    status: r.status,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    organisationId: r.organisationId,
    firstExplainerAt: r.firstExplainerAt,
    minutesToFirstExplainer: minutesBetween(r.openedAt, r.firstExplainerAt),
  };
}

const explainerState = (status: string) =>
  (['DRAFT', 'SUBMITTED', 'PUBLISHED'].includes(status) ? status : 'OTHER') as
    | 'DRAFT'
    | 'SUBMITTED'
    | 'PUBLISHED'
    | 'OTHER';

/** The response board: the incident, who was called and answered, the explainers, the reserve. */
export async function getBoard(db: Db, actor: Actor | null, id: string, locale: Locale) {
  const { me, i, manage } = await loadVisible(db, actor, id);
  const today = todayInChina();
  const [hazards, places, duty, explainers, proposals, typeNames] = await Promise.all([
    hazardNames(db, locale),
    divisionLabels(db, [i.divisionCode], locale),
    repo.listDuty(db, id),
    repo.listExplainers(db, id),
    manage ? repo.proposals(db, i.hazard, i.provinceCode, today, 20) : Promise.resolve([]),
    db
      .selectFrom('referenceItems')
      .select(['code', 'nameZh', 'nameEn'])
      .where('kind', '=', 'WORK_TYPE')
      .execute(),
  ]);
  const typeName = new Map(
    typeNames.map((t) => [t.code, locale === 'en-US' ? t.nameEn : t.nameZh]),
  );
  const mine = duty.find((d) => d.userId === me.userId);
  const active = i.status === 'ACTIVE';
  return {
    ...core(i, hazards, places),
    organisationName: i.organisationName,
    source: i.source,
    description: i.description,
    closeNote: i.closeNote,
    openedByName: i.openedByName ?? null,
    duty: duty.map((d) => ({
      userId: d.userId,
      name: d.name,
      title: d.title ?? '',
      organisationName: d.organisationName ?? null,
      matchedBy: d.matchedBy,
      notifiedAt: d.notifiedAt,
      acknowledgedAt: d.acknowledgedAt,
    })),
    explainers: explainers.map((e) => {
      const state = explainerState(e.status);
      return {
        workId: e.workId,
        title: e.title,
        summary: e.summary,
        body: e.body,
        state,
        fromReserve: e.reserveWorkId
          ? { workId: e.reserveWorkId, title: e.reserveTitle ?? '' }
          : null,
        draftedByName: e.draftedByName ?? null,
        draftedAt: e.draftedAt,
        approvedByName: e.approvedByName ?? null,
        approvedAt: e.approvedAt,
        publishedAt: e.publishedAt,
        canSubmit: manage && active && state === 'DRAFT',
        canApprove: !!mine && active && state === 'SUBMITTED' && e.draftedBy !== me.userId,
      };
    }),
    proposals: proposals.map((p) => ({
      workId: p.workId,
      title: p.title,
      summary: p.summary,
      typeName: typeName.get(p.type) ?? '',
      formats: JSON.parse(p.formats) as ('CARD' | 'TEXT' | 'VIDEO')[],
      nationwide: p.province === '00',
      organisationName: p.organisationName,
      reviewedAt: p.reviewedAt,
    })),
    me: { manage, onDuty: !!mine, acknowledged: !!mine?.acknowledgedAt },
  };
}

export async function acknowledgeDuty(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  locale: Locale,
) {
  const me = signedIn(actor);
  await db.transaction().execute(async (tx) => {
    const i = await repo.findIncident(tx, id);
    const duty = i ? await dutyRow(tx, id, me.userId) : undefined;
    if (!i || !duty) throw new AppError('NOT_FOUND');
    if (i.status !== 'ACTIVE') throw wrongState(i, '事件已结束', 'The response has ended');
    if (!(await repo.acknowledge(tx, id, me.userId, nowIso()))) return; // already: idempotent
    await recordAudit(tx, ctx, {
      action: 'incident.acknowledge',
      entityType: 'incident',
      entityId: id,
      organisationId: i.organisationId,
      detail: { name: i.title },
    });
  });
  return getBoard(db, me, id, locale);
}

/** Drafts an explainer for the incident: a copy of a reserve item's text, or typed from scratch. */
export async function draftExplainer(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof DraftExplainerSchema>,
  locale: Locale,
) {
  const { me } = await mustManage(db, actor, id);
  await db.transaction().execute(async (tx) => {
    const i = (await repo.findIncident(tx, id))!;
    if (i.status !== 'ACTIVE')
      throw wrongState(i, '只有处置中的事件可以起草解读', 'Explainers are drafted while active');
    if ((await repo.countExplainers(tx, id)) >= EXPLAINER_LIMIT)
      throw ruleError(
        'RULE_BROKEN',
        `一个事件最多 ${EXPLAINER_LIMIT} 篇解读`,
        `At most ${EXPLAINER_LIMIT} explainers per incident`,
      );
    let source: {
      title: string;
      summary: string;
      body: string;
      type: string;
      sectors: string;
      topics: string;
    } | null = null;
    if (input.reserveWorkId) {
      const r = await tx
        .selectFrom('reserveItems as ri')
        .innerJoin('works as w', 'w.id', 'ri.workId')
        .select(['w.title', 'w.summary', 'w.body', 'w.type', 'w.sectors', 'w.topics', 'w.status'])
        .where('ri.workId', '=', input.reserveWorkId)
        .executeTakeFirst();
      if (!r || r.status !== 'PUBLISHED')
        throw fieldErrors([
          {
            field: 'reserveWorkId',
            zh: '找不到这件已发布的储备内容',
            en: 'no such published reserve item',
          },
        ]);
      source = r;
    } else if (!input.title || !input.body.trim())
      throw fieldErrors([
        ...(!input.title ? [{ field: 'title', zh: '请填写标题', en: 'is required' }] : []),
        ...(!input.body.trim() ? [{ field: 'body', zh: '请填写正文', en: 'is required' }] : []),
      ]);
    const workId = await createWorkIn(tx, me, ctx, {
      type: source?.type ?? 'DEBUNK',
      title: input.title || source!.title,
      summary: input.summary || source?.summary || '',
      body: input.body.trim() ? input.body : source!.body,
      authors: [],
      sectors: source ? (JSON.parse(source.sectors) as string[]) : [],
      topics: source ? (JSON.parse(source.topics) as string[]) : [],
      audiences: [],
      themeDays: [],
      regions: [i.divisionCode],
      language: 'zh-CN',
      licence: null,
      source: null,
      isbn: null,
      issn: null,
      publicationDate: null,
      coverId: null,
      mediaIds: [],
      organisationId: i.organisationId,
    });
    await repo.insertExplainer(tx, {
      incidentId: id,
      workId,
      reserveWorkId: input.reserveWorkId,
      draftedBy: me.userId,
      draftedAt: nowIso(),
      approvedBy: null,
      approvedAt: null,
      publishedAt: null,
    });
    await recordAudit(tx, ctx, {
      action: 'incident.draftExplainer',
      entityType: 'incident',
      entityId: id,
      organisationId: i.organisationId,
      detail: { name: i.title, workId, fromReserve: input.reserveWorkId },
    });
  });
  return getBoard(db, me, id, locale);
}

async function mustExplainer(db: Executor, id: string, workId: string) {
  const e = await repo.findExplainer(db, id, workId);
  if (!e) throw new AppError('NOT_FOUND');
  return e;
}

/** Sends a draft to the duty experts (the works module's submit), and tells them. */
export async function submitExplainer(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  workId: string,
  locale: Locale,
) {
  const { me, i } = await mustManage(db, actor, id);
  if (i.status !== 'ACTIVE') throw wrongState(i, '事件已结束', 'The response has ended');
  await mustExplainer(db, id, workId);
  const w = await moveWork(db, me, ctx, workId, 'submit');
  await db.transaction().execute(async (tx) => {
    const duty = await repo.listDuty(tx, id);
    await notify(
      tx,
      duty.map((d) => d.userId),
      EXPLAINER_SUBMITTED,
      { incidentId: id, incidentTitle: i.title, title: w.title },
    );
  });
  return getBoard(db, me, id, locale);
}

/**
 * A duty expert passes an explainer: the science check under their name and publication at
 * once. The first one published stops the incident's clock.
 */
export async function approveExplainer(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  workId: string,
  input: z.infer<typeof ApproveExplainerSchema>,
  locale: Locale,
) {
  const me = signedIn(actor);
  await db.transaction().execute(async (tx) => {
    const i = await repo.findIncident(tx, id);
    const duty = i ? await dutyRow(tx, id, me.userId) : undefined;
    if (!i) throw new AppError('NOT_FOUND');
    if (!duty) {
      if (can(me, 'incident.manage', { homePaths: homePaths(i, await officePathsOf(tx, me)) }))
        throw new AppError('FORBIDDEN');
      throw new AppError('NOT_FOUND');
    }
    if (i.status !== 'ACTIVE') throw wrongState(i, '事件已结束', 'The response has ended');
    await mustExplainer(tx, id, workId);
    const { publishedAt, title } = await passAndPublishIn(
      db,
      tx,
      ctx,
      workId,
      me.userId,
      input.comments,
    );
    await repo.markApproved(tx, id, workId, me.userId, publishedAt);
    await repo.setFirstExplainer(tx, id, workId, publishedAt);
    // Approving is an answer too.
    await repo.acknowledge(tx, id, me.userId, publishedAt);
    await recordAudit(tx, ctx, {
      action: 'incident.approveExplainer',
      entityType: 'incident',
      entityId: id,
      organisationId: i.organisationId,
      detail: { name: i.title, workId, title },
    });
    const staff = [...(await nearestAdmins(tx, i.orgPath)), ...(i.openedBy ? [i.openedBy] : [])];
    await notify(tx, staff, EXPLAINER_PUBLISHED, {
      incidentId: id,
      title,
      expert: (
        await tx
          .selectFrom('users')
          .select('displayName')
          .where('id', '=', me.userId)
          .executeTakeFirstOrThrow()
      ).displayName,
    });
  });
  return getBoard(db, me, id, locale);
}

export async function closeIncident(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof CloseIncidentSchema>,
  locale: Locale,
) {
  const { me } = await mustManage(db, actor, id);
  await db.transaction().execute(async (tx) => {
    const i = (await repo.findIncident(tx, id))!;
    const at = nowIso();
    const done = await repo.updateIncident(tx, id, ['ACTIVE'], {
      status: 'CLOSED',
      closedAt: at,
      closedBy: me.userId,
      closeNote: input.note,
      updatedAt: at,
    });
    if (!done)
      throw wrongState(i, '只有处置中的事件可以结束', 'Only an active incident can be closed');
    await recordAudit(tx, ctx, {
      action: 'incident.close',
      entityType: 'incident',
      entityId: id,
      organisationId: i.organisationId,
      detail: { name: i.title, note: input.note },
    });
  });
  return getBoard(db, me, id, locale);
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? null
    : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

/** Time to first explainer over a year's incidents in scope: median, 90th percentile, by hazard. */
export async function incidentStats(
  db: Db,
  actor: Actor | null,
  year: number | undefined,
  locale: Locale,
) {
  const me = authorize(actor, 'incident.console');
  const y = year ?? Number(todayInChina().slice(0, 4));
  const { from, to } = chinaYearRange(y);
  const rows = await repo.incidentsOpenedIn(db, from, to, await scopeFor(db, me));
  const hazards = await hazardNames(db, locale);
  const minutes = (rs: typeof rows) =>
    rs
      .map((r) => minutesBetween(r.openedAt, r.firstExplainerAt))
      .filter((m): m is number => m !== null)
      .sort((a, b) => a - b);
  const all = minutes(rows);
  const byHazard = [...new Set(rows.map((r) => r.hazard))].map((h) => {
    const rs = rows.filter((r) => r.hazard === h);
    return {
      hazard: h,
      hazardName: hazards.get(h) ?? h,
      incidents: rs.length,
      medianMinutes: percentile(minutes(rs), 0.5),
    };
  });
  return {
    year: y,
    incidents: rows.length,
    withExplainer: all.length,
    medianMinutes: percentile(all, 0.5),
    p90Minutes: percentile(all, 0.9),
    byHazard: byHazard.sort((a, b) => b.incidents - a.incidents),
  };
}

// --- Portal

async function presentPublic(
  db: Executor,
  rows: Awaited<ReturnType<typeof repo.publicIncidents>>,
  locale: Locale,
) {
  const [hazards, places, explainers] = await Promise.all([
    hazardNames(db, locale),
    divisionLabels(
      db,
      rows.map((r) => r.divisionCode),
      locale,
    ),
    repo.publishedExplainers(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    hazardName: hazards.get(r.hazard) ?? r.hazard,
    divisionName: places.get(r.divisionCode) ?? r.divisionCode,
    provinceCode: `${r.provinceCode}0000`,
    occurredAt: r.occurredAt,
    explainers: explainers
      .filter((e) => e.incidentId === r.id)
      .slice(0, 5)
      .map((e) => ({ id: e.id, title: e.title, publishedAt: e.publishedAt! })),
  }));
}

/** The home page's banner: active incidents with a published explainer. */
export async function publicEmergency(db: Db, locale: Locale) {
  const rows = await repo.publicIncidents(db, { status: 'ACTIVE', limit: 10 });
  return { active: await presentPublic(db, rows, locale) };
}

/** A province's 应急科普 page: its active incidents, the past year's, and preventive content. */
export async function publicRegion(db: Db, code: string, locale: Locale) {
  const province = code.slice(0, 2);
  const names = await divisionLabels(db, [code], locale);
  const known = await db
    .selectFrom('divisions')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!known) throw new AppError('NOT_FOUND');
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
  const [active, recent, prevention, hazards] = await Promise.all([
    repo.publicIncidents(db, { status: 'ACTIVE', province, limit: 10 }),
    repo.publicIncidents(db, { status: 'CLOSED', province, closedSince: yearAgo, limit: 10 }),
    repo.preventionFor(db, province, 12),
    hazardNames(db, locale),
  ]);
  return {
    code,
    name: names.get(code) ?? code,
    active: await presentPublic(db, active, locale),
    recent: await presentPublic(db, recent, locale),
    prevention: prevention.map((p) => ({
      id: p.id,
      title: p.title,
      summary: p.summary,
      hazardNames: (JSON.parse(p.hazards) as string[]).map((h) => hazards.get(h) ?? h),
    })),
  };
}
