/**
 * 首席科学传播专家 (issue 13 §2). A scheme is data (the appointing body, the title held, the
 * term, the yearly minimum of activities led, who is eligible). Appointments come from
 * nominations the review engine confirmed (the subject CHIEF_COMMUNICATOR: a unit nominates a
 * person; subjects.ts) or are entered by the appointing body (earlier batches); each one gets a
 * certificate (聘书) anyone can verify. Renewal makes a new appointment that follows the old one;
 * withdrawal revokes the certificate. Duty compliance counts the activities an appointee led
 * (activities module: named as 主讲 or 负责专家) — duty.ts; the jobs expire terms and remind.
 */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor, Tx } from '#platform/db/connect.ts';
import type { AppointmentSchemeTable, ReviewCallTable } from '#platform/db/schema.ts';
import { AppError, fieldError, fieldErrors, ruleError } from '#platform/errors.ts';
import { chinaYearRange, chineseDay, newId, nowIso, todayInChina } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, scopeOf, signedIn } from '#platform/policy.ts';
import { activitiesLedBy, ledActivityCounts } from '../activities/leaders.ts';
import { issueCertificate, revokeForSource } from '../certificates/service.ts';
import { expertProfileOf, isExpert } from '../experts/repo.ts';
import { EXPERT_RANKS } from '../experts/schema.ts';
import { createOrganisationIn, mustFind } from '../organisations/service.ts';
import { defineReviewSubject, ORGANISATION_STAGES } from '../reviews/subjects.ts';
import { dayAfter, dutyOf, termEnd } from './duty.ts';
import { APPOINTED, WITHDRAWN } from './notifications.ts';
import * as repo from './repo.ts';
import type {
  AppointmentListQuerySchema,
  CreateAppointmentSchema,
  CreateStudioSchema,
  RenewAppointmentSchema,
  SchemeInputSchema,
  UpdateAppointmentSchema,
} from './schema.ts';
import { NOMINATION_FORM, NOMINATION_RUBRIC } from './templates.ts';
import './policy.ts';

export const RANK_ZH: Record<(typeof EXPERT_RANKS)[number], string> = {
  SENIOR: '正高级',
  ASSOCIATE: '副高级',
  INTERMEDIATE: '中级',
  JUNIOR: '初级',
  OTHER: '其他',
};
/** Eligible ranks: at or above the scheme's (OTHER never counts as a rank). */
const rankMeets = (rank: string | null, min: string | null) => {
  if (!min) return true;
  const order = EXPERT_RANKS.filter((r) => r !== 'OTHER') as string[];
  const i = rank ? order.indexOf(rank) : -1;
  return i >= 0 && i <= order.indexOf(min);
};

// ---------------------------------------------------------------------------------------------
// Schemes

function presentScheme(actor: Actor | null, s: repo.SchemeRow & { activeCount?: number | null }) {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    honorific: s.honorific,
    organisationId: s.organisationId,
    organisationName: s.organisationName,
    termYears: s.termYears,
    renewable: !!s.renewable,
    minLedPerYear: s.minLedPerYear,
    minRank: s.minRank as (typeof EXPERT_RANKS)[number] | null,
    minYearsPopularising: s.minYearsPopularising,
    duties: s.duties,
    active: !!s.active,
    activeCount: Number(s.activeCount ?? 0),
    canManage: can(actor, 'appointment.scheme', { orgPath: s.orgPath }),
  };
}

export async function listSchemes(db: Db, actor: Actor | null) {
  authorize(actor, 'appointment.list');
  return { items: (await repo.schemes(db)).map((s) => presentScheme(actor, s)) };
}

async function mustScheme(db: Executor, id: string) {
  const s = await repo.findScheme(db, id);
  if (!s) throw new AppError('NOT_FOUND');
  return s;
}

export async function createScheme(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof SchemeInputSchema>,
) {
  const org = await mustFind(db, input.organisationId).catch(() => {
    throw fieldError('organisationId', '没有这个单位', 'no such organisation');
  });
  authorize(actor, 'appointment.scheme', { orgPath: org.path });
  const id = newId();
  await db.transaction().execute(async (tx) => {
    if (await repo.schemeByCode(tx, input.code))
      throw fieldError('code', '这个代码已被其他方案使用', 'another scheme has this code');
    const at = nowIso();
    await repo.insertScheme(tx, { id, ...schemeColumns(input), createdAt: at, updatedAt: at });
    await recordAudit(tx, ctx, {
      action: 'appointmentScheme.create',
      entityType: 'appointmentScheme',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.name },
    });
  });
  return presentScheme(actor, await mustScheme(db, id));
}

const schemeColumns = (
  i: z.infer<typeof SchemeInputSchema>,
): Omit<AppointmentSchemeTable, 'id' | 'createdAt' | 'updatedAt'> => ({
  code: i.code,
  name: i.name,
  honorific: i.honorific,
  organisationId: i.organisationId,
  termYears: i.termYears,
  renewable: i.renewable ? 1 : 0,
  minLedPerYear: i.minLedPerYear,
  minRank: i.minRank,
  minYearsPopularising: i.minYearsPopularising,
  duties: i.duties,
  active: i.active ? 1 : 0,
});

export async function updateScheme(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof SchemeInputSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const s = await mustScheme(tx, id);
    authorize(actor, 'appointment.scheme', { orgPath: s.orgPath });
    if (input.organisationId !== s.organisationId) {
      const org = await mustFind(tx, input.organisationId).catch(() => {
        throw fieldError('organisationId', '没有这个单位', 'no such organisation');
      });
      // Handing a scheme to another body takes powers over both.
      authorize(actor, 'appointment.scheme', { orgPath: org.path });
    }
    const other = await repo.schemeByCode(tx, input.code);
    if (other && other.id !== id)
      throw fieldError('code', '这个代码已被其他方案使用', 'another scheme has this code');
    await repo.updateScheme(tx, id, { ...schemeColumns(input), updatedAt: nowIso() });
    await recordAudit(tx, ctx, {
      action: 'appointmentScheme.update',
      entityType: 'appointmentScheme',
      entityId: id,
      organisationId: input.organisationId,
      detail: { name: input.name },
    });
  });
  return presentScheme(actor, await mustScheme(db, id));
}

// ---------------------------------------------------------------------------------------------
// Appointments: presenting and listing

async function ledCounts(db: Executor, userIds: string[], year: number) {
  return ledActivityCounts(db, [...new Set(userIds)], chinaYearRange(year));
}

function present(
  actor: Actor | null,
  a: repo.AppointmentRow,
  led: Map<string, number>,
  year: number,
  today: string,
) {
  return {
    id: a.id,
    schemeId: a.schemeId,
    schemeName: a.schemeName,
    honorific: a.honorific,
    userId: a.userId,
    personName: a.personName,
    personTitle: a.personTitle ?? null,
    personOrganisation: a.personOrganisation ?? null,
    nominatingOrgName: a.nominatingOrgName ?? null,
    reviewItemId: a.reviewItemId,
    batch: a.batch,
    docNo: a.docNo,
    startDate: a.startDate,
    endDate: a.endDate,
    status: a.status,
    renewedFromId: a.renewedFromId,
    withdrawnAt: a.withdrawnAt,
    withdrawReason: a.withdrawReason,
    certificateCode: a.certificateCode,
    studio: a.studioId ? { organisationId: a.studioId, name: a.studioName ?? '' } : null,
    duty: dutyOf(a, a.minLedPerYear, led.get(a.userId) ?? 0, year, today),
    canManage: can(actor, 'appointment.manage', { orgPath: a.schemeOrgPath }),
  };
}
export type AppointmentView = ReturnType<typeof present>;

export async function listAppointments(
  db: Db,
  actor: Actor | null,
  query: z.infer<typeof AppointmentListQuerySchema>,
) {
  authorize(actor, 'appointment.list');
  const today = todayInChina();
  const year = query.year ?? Number(today.slice(0, 4));
  const rows = await repo.appointments(db, {
    scope: scopeOf(actor, ['ORG_ADMIN', 'EDITOR']),
    schemeId: query.schemeId,
    status: query.status,
    q: query.q,
  });
  const led = await ledCounts(
    db,
    rows.map((r) => r.userId),
    year,
  );
  let items = rows.map((r) => present(actor, r, led, year, today));
  if (query.standing) {
    // Standing is asked of appointments in term that year only.
    items = items.filter(
      (i) =>
        i.duty.standing === query.standing &&
        i.status !== 'WITHDRAWN' &&
        i.startDate <= `${year}-12-31` &&
        i.endDate >= `${year}-01-01`,
    );
  }
  const from = (query.page - 1) * query.pageSize;
  return {
    items: items.slice(from, from + query.pageSize),
    total: items.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The signed-in person's appointments, each with the activities they led in the year. */
export async function myAppointments(db: Db, actor: Actor | null, year?: number) {
  const me = signedIn(actor);
  const today = todayInChina();
  const y = year ?? Number(today.slice(0, 4));
  const rows = await repo.appointments(db, { scope: 'ALL', userId: me.userId });
  const led = await ledCounts(db, [me.userId], y);
  const activities = rows.length
    ? (await activitiesLedBy(db, me.userId, chinaYearRange(y), { limit: 200 })).items
    : [];
  return {
    items: rows.map((r) => ({
      ...present(actor, r, led, y, today),
      ledActivities: activities.map((x) => ({
        id: x.id,
        title: x.title,
        role: x.role,
        startsAt: x.startsAt,
      })),
    })),
  };
}

async function loadManaged(db: Executor, actor: Actor | null, id: string) {
  const a = await repo.findAppointment(db, id);
  if (!a) throw new AppError('NOT_FOUND');
  authorize(actor, 'appointment.manage', { orgPath: a.schemeOrgPath });
  return a;
}

async function presentOne(db: Executor, actor: Actor | null, id: string) {
  const a = (await repo.findAppointment(db, id))!;
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  return present(actor, a, await ledCounts(db, [a.userId], year), year, today);
}

// ---------------------------------------------------------------------------------------------
// Appointments: making, renewing, withdrawing

/** Who may hold a scheme's title: an expert in the directory, of the rank it asks. */
async function checkEligible(
  tx: Executor,
  scheme: repo.SchemeRow,
  userId: string,
  field: string,
  years?: number,
) {
  const found = await expertProfileOf(tx, userId);
  if (!found || found.user.status !== 'ACTIVE' || !(await isExpert(tx, userId)))
    throw fieldError(field, '此人不在专家库中', 'this person is not in the expert directory');
  if (!rankMeets(found.profile?.rank ?? null, scheme.minRank)) {
    const min = RANK_ZH[scheme.minRank as keyof typeof RANK_ZH];
    throw fieldError(
      field,
      `“${scheme.name}”要求${min}及以上职称，${found.user.displayName}的专家资料中职级为${found.profile?.rank ? RANK_ZH[found.profile.rank as keyof typeof RANK_ZH] : '未填写'}`,
      `${scheme.name} asks for rank ${scheme.minRank} or above`,
    );
  }
  if (years !== undefined && years < scheme.minYearsPopularising)
    throw fieldError(
      'data.years',
      `“${scheme.name}”要求连续从事公益性科普工作 ${scheme.minYearsPopularising} 年以上`,
      `${scheme.name} asks for ${scheme.minYearsPopularising} years of continuous science popularisation`,
    );
  const held = await repo.activeAppointment(tx, userId, scheme.id);
  if (held)
    throw ruleError(
      'STATE_CONFLICT',
      `${found.user.displayName}已是${scheme.honorific}，聘期至 ${held.endDate}`,
      `Already holds this title until ${held.endDate}`,
    );
  return found;
}

/** Makes an appointment in the caller's transaction, with its certificate and the notice. */
async function appoint(
  tx: Tx,
  ctx: RequestContext,
  scheme: repo.SchemeRow,
  a: {
    userId: string;
    batch: string;
    docNo: string | null;
    startDate: string;
    nominatingOrgId: string | null;
    reviewItemId: string | null;
    renewedFromId: string | null;
  },
) {
  const id = newId();
  const at = nowIso();
  const endDate = termEnd(a.startDate, scheme.termYears);
  await repo.insertAppointment(tx, {
    id,
    schemeId: scheme.id,
    ...a,
    endDate,
    status: 'ACTIVE',
    withdrawnAt: null,
    withdrawReason: null,
    certificateCode: null,
    createdBy: ctx.actorId,
    createdAt: at,
    updatedAt: at,
  });
  const cert = await issueCertificate(tx, ctx, {
    kind: 'APPOINTMENT',
    holderId: a.userId,
    organisationId: scheme.organisationId,
    title: `${scheme.honorific}聘书`,
    lines: [
      `兹聘任为${scheme.honorific}`,
      `聘期：${chineseDay(a.startDate)}至${chineseDay(endDate)}`,
      `批次：${a.batch}`,
      ...(a.docNo ? [`文号：${a.docNo}`] : []),
    ],
    sourceType: 'appointment',
    sourceId: id,
  });
  await repo.moveAppointment(tx, id, ['ACTIVE'], { certificateCode: cert.code });
  await recordAudit(tx, ctx, {
    action: a.renewedFromId ? 'appointment.renew' : 'appointment.create',
    entityType: 'appointment',
    entityId: id,
    organisationId: scheme.organisationId,
    detail: { name: scheme.honorific, batch: a.batch, docNo: a.docNo, endDate },
    personal: { userId: a.userId },
  });
  await notify(tx, [a.userId], APPOINTED, {
    honorific: scheme.honorific,
    endDate,
    renewed: !!a.renewedFromId,
  });
  return id;
}

/** An appointment the appointing body enters (an earlier batch, or one made outside a call). */
export async function createAppointment(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateAppointmentSchema>,
) {
  const id = await db.transaction().execute(async (tx) => {
    const scheme = await repo.findScheme(tx, input.schemeId);
    if (!scheme) throw fieldError('schemeId', '没有这个聘任方案', 'no such scheme');
    authorize(actor, 'appointment.manage', { orgPath: scheme.orgPath });
    await checkEligible(tx, scheme, input.userId, 'userId');
    if (termEnd(input.startDate, scheme.termYears) < todayInChina())
      throw fieldError(
        'startDate',
        '按此开始日期，聘期已经届满',
        'a term from this date has already ended',
      );
    return appoint(tx, ctx, scheme, {
      userId: input.userId,
      batch: input.batch,
      docNo: input.docNo,
      startDate: input.startDate,
      nominatingOrgId: null,
      reviewItemId: null,
      renewedFromId: null,
    });
  });
  return presentOne(db, actor, id);
}

export async function updateAppointment(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateAppointmentSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const a = await loadManaged(tx, actor, id);
    if (!(await repo.moveAppointment(tx, id, ['ACTIVE'], { ...patch, updatedAt: nowIso() })))
      throw ruleError(
        'STATE_CONFLICT',
        '只有在聘期内的聘任可以修改',
        'Only an appointment in term can be edited',
      );
    await recordAudit(tx, ctx, {
      action: 'appointment.update',
      entityType: 'appointment',
      entityId: id,
      organisationId: a.schemeOrgId,
      detail: { name: a.honorific, ...patch },
      personal: { userId: a.userId },
    });
  });
  return presentOne(db, actor, id);
}

/** A renewal: a new term from the day after the old one ends; the old one stands RENEWED. */
export async function renewAppointment(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof RenewAppointmentSchema>,
) {
  const newIdOf = await db.transaction().execute(async (tx) => {
    const a = await loadManaged(tx, actor, id);
    const scheme = (await repo.findScheme(tx, a.schemeId))!;
    if (!scheme.renewable)
      throw ruleError('RULE_BROKEN', `“${scheme.name}”不可续聘`, 'This scheme is not renewable');
    if (
      !(await repo.moveAppointment(tx, id, ['ACTIVE', 'EXPIRED'], {
        status: 'RENEWED',
        updatedAt: nowIso(),
      }))
    )
      throw ruleError(
        'STATE_CONFLICT',
        a.status === 'RENEWED' ? '这项聘任已经续聘' : '已撤销的聘任不能续聘',
        a.status === 'RENEWED'
          ? 'This appointment has been renewed already'
          : 'A withdrawn appointment cannot be renewed',
      );
    // The rank the scheme asks still holds; the old term is not counted as holding the title.
    await checkEligibleForRenewal(tx, scheme, a.userId);
    const start = a.endDate < todayInChina() ? todayInChina() : dayAfter(a.endDate);
    return appoint(tx, ctx, scheme, {
      userId: a.userId,
      batch: input.batch,
      docNo: input.docNo,
      startDate: start,
      nominatingOrgId: a.nominatingOrgId,
      reviewItemId: null,
      renewedFromId: a.id,
    });
  });
  return presentOne(db, actor, newIdOf);
}

async function checkEligibleForRenewal(tx: Executor, scheme: repo.SchemeRow, userId: string) {
  const found = await expertProfileOf(tx, userId);
  if (!found || found.user.status !== 'ACTIVE')
    throw ruleError('RULE_BROKEN', '此人的账号已停用', 'This person’s account is not active');
  if (!rankMeets(found.profile?.rank ?? null, scheme.minRank))
    throw ruleError(
      'RULE_BROKEN',
      `续聘要求${RANK_ZH[scheme.minRank as keyof typeof RANK_ZH]}及以上职称，请先核实专家资料`,
      `Renewal asks for rank ${scheme.minRank} or above`,
    );
}

export async function withdrawAppointment(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  reason: string,
) {
  await db.transaction().execute(async (tx) => {
    const a = await loadManaged(tx, actor, id);
    const at = nowIso();
    if (
      !(await repo.moveAppointment(tx, id, ['ACTIVE'], {
        status: 'WITHDRAWN',
        withdrawnAt: at,
        withdrawReason: reason,
        updatedAt: at,
      }))
    )
      throw ruleError(
        'STATE_CONFLICT',
        '只有在聘期内的聘任可以撤销',
        'Only an appointment in term can be withdrawn',
      );
    await revokeForSource(
      tx,
      ctx,
      { sourceType: 'appointment', sourceId: id, holderId: a.userId },
      `聘任已撤销：${reason}`,
    );
    await recordAudit(tx, ctx, {
      action: 'appointment.withdraw',
      entityType: 'appointment',
      entityId: id,
      organisationId: a.schemeOrgId,
      detail: { name: a.honorific, reason },
      personal: { userId: a.userId },
    });
    await notify(tx, [a.userId], WITHDRAWN, { honorific: a.honorific, reason });
  });
  return presentOne(db, actor, id);
}

/** 科学传播专家工作室: an organisation under the unit, set up around an appointee in term. */
export async function createStudio(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof CreateStudioSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const a = await repo.findAppointment(tx, id);
    if (!a) throw new AppError('NOT_FOUND');
    const parent = await mustFind(tx, input.parentId).catch(() => {
      throw fieldError('parentId', '没有这个单位', 'no such organisation');
    });
    authorize(actor, 'studio.create', { orgPath: parent.path });
    if (a.status !== 'ACTIVE')
      throw ruleError(
        'STATE_CONFLICT',
        '只能为在聘期内的专家设立工作室',
        'A studio is set up around an appointee in term',
      );
    if (await repo.studioOf(tx, id))
      throw ruleError(
        'STATE_CONFLICT',
        '这位专家已有工作室',
        'This appointee has a studio already',
      );
    const org = await createOrganisationIn(db, tx, ctx, parent, {
      parentId: parent.id,
      type: 'STUDIO',
      name: input.name,
    });
    await repo.insertStudio(tx, {
      organisationId: org.id,
      appointmentId: id,
      userId: a.userId,
      description: input.description,
      createdBy: actor!.userId,
      createdAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'appointment.studio',
      entityType: 'appointment',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.name },
      personal: { userId: a.userId },
    });
  });
  return presentOne(db, actor, id);
}

// ---------------------------------------------------------------------------------------------
// The nomination subject: a unit nominates a person; the confirmed nomination appoints them

interface NominationSettings {
  schemeId?: string;
  batch?: string;
}
const settingsOf = (c: { settings: string }) => JSON.parse(c.settings) as NominationSettings;

async function schemeOfCall(tx: Executor, c: ReviewCallTable) {
  const id = settingsOf(c).schemeId;
  const scheme = id ? await repo.findScheme(tx, id) : undefined;
  if (!scheme)
    throw ruleError(
      'RULE_BROKEN',
      '这次征集没有指定聘任方案，请联系组织单位',
      'The call names no appointment scheme; ask its organiser',
    );
  return scheme;
}

defineReviewSubject({
  kind: 'CHIEF_COMMUNICATOR',
  label: { 'zh-CN': '首席科学传播专家推荐', 'en-US': 'Chief science communicator nominations' },
  applicants: 'PERSON',
  stages: ORGANISATION_STAGES,
  template: {
    form: NOMINATION_FORM,
    rubric: NOMINATION_RUBRIC,
    stages: ['RECOMMENDATION', 'FORMAL_CHECK', 'EXPERT_REVIEW', 'DECISION', 'PUBLIC_NOTICE'],
  },
  async checkSettings(tx, settings) {
    const id = (settings as NominationSettings).schemeId;
    const scheme = id ? await repo.findScheme(tx, id) : undefined;
    if (!scheme?.active)
      throw fieldErrors([
        {
          field: 'settings.schemeId',
          zh: '请选择一个启用中的聘任方案',
          en: 'choose an active appointment scheme',
        },
      ]);
  },
  async subject(tx, userId, _orgId, { call, data }) {
    const scheme = await schemeOfCall(tx, call);
    const years = typeof data.years === 'number' ? data.years : undefined;
    const found = await checkEligible(tx, scheme, userId, 'subjectId', years);
    const unit = found.profile?.organisationName;
    return {
      title: unit ? `${found.user.displayName}（${unit}）` : found.user.displayName,
      sectors: JSON.parse(found.profile?.sectors ?? '[]') as string[],
    };
  },
  async onConfirmed(tx, ctx, call, itemId) {
    const item = await tx
      .selectFrom('reviewItems')
      .select(['subjectId', 'applicantOrgId'])
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    if (!item.subjectId) return;
    const scheme = await schemeOfCall(tx, call);
    // Held already (appointed by hand meanwhile): nothing to do twice.
    if (await repo.activeAppointment(tx, item.subjectId, scheme.id)) return;
    await appoint(tx, ctx, scheme, {
      userId: item.subjectId,
      batch: settingsOf(call).batch || call.title,
      docNo: call.docNo,
      startDate: todayInChina(),
      nominatingOrgId: item.applicantOrgId,
      reviewItemId: itemId,
      renewedFromId: null,
    });
  },
});

// ---------------------------------------------------------------------------------------------
// For other modules

/** The titles people hold now (the expert directory's public pages). */
export const honorificsOf = repo.honorificsOf;
