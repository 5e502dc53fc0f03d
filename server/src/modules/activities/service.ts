/**
 * 科普活动: activities of a host unit with sessions (one-off, several, or an RRULE materialised),
 * the lifecycle DRAFT → PUBLISHED → CANCELLED, campaigns kept by the ministry's office, and
 * registration (registration.ts). Rules here, SQL in repo.ts.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { ActivitySessionTable, ActivityTable } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, hasRoleOn } from '#platform/policy.ts';
import { sanitizeRichText } from '#platform/richtext.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { facilityBrief } from '../facilities/repo.ts';
import { tellPartners } from '../facilities/service.ts';
import { guardianConsentAge } from '../privacy/service.ts';
import { checkLeaders, leaderRows, presentLeader, replaceLeaders } from './leaders.ts';
import { ACTIVITY_CANCELLED } from './notifications.ts';
import { formOf, formToStore } from './regform.ts';
import * as repo from './repo.ts';
import { expandRecurrence, MAX_SESSIONS } from './schedule.ts';
import type { CreateActivityInput, PublicActivityQuery, UpdateActivityInput } from './schema.ts';
import './policy.ts';
import './search.ts';

type Problem = { field: string; zh: string; en: string };
const json = (v: unknown) => JSON.stringify(v);
const list = (s: string): string[] => JSON.parse(s) as string[];

export function placeOf(a: { address: string; onlineUrl: string | null }): string {
  return a.address || a.onlineUrl || '';
}

export function presentSession(s: repo.SessionRow, waiting: number) {
  return {
    id: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
    placesLeft: s.capacity === null ? null : Math.max(0, s.capacity - s.taken),
    waitlist: waiting,
    registrationOpensAt: s.registrationOpensAt,
    registrationClosesAt: s.registrationClosesAt,
    approvalRequired: s.approvalRequired === 1,
    perPersonLimit: s.perPersonLimit,
    holdHours: s.holdHours,
    cancelCutoffHours: s.cancelCutoffHours,
    status: s.status,
    partnersUntil: s.partnersUntil,
  };
}

export async function present(
  db: Executor,
  a: repo.ActivityRow,
  view: 'console' | 'public' = 'console',
) {
  const sessions = await repo.sessionsWithWaiting(db, [a.id]);
  const leaders = await leaderRows(db, [a.id]);
  return {
    id: a.id,
    organisationId: a.organisationId,
    host: a.host,
    coOrganiserIds: list(a.coOrganiserIds),
    typeCode: a.typeCode,
    title: a.title,
    summary: a.summary,
    body: a.body,
    audiences: list(a.audiences),
    sectors: list(a.sectors),
    topics: list(a.topics),
    themeDayCode: a.themeDayCode,
    campaignId: a.campaignId,
    divisionCode: a.divisionCode,
    address: a.address,
    place: placeOf(a),
    lat: a.lat,
    lng: a.lng,
    onlineUrl: a.onlineUrl,
    coverMediaId: a.coverMediaId,
    status: a.status,
    cancelReason: a.cancelReason,
    reviewNote: a.reviewNote,
    checkInMode: a.checkInMode,
    registrationForm: formOf(a),
    admitsMinors: a.admitsMinors === 1,
    groupsAllowed: a.groupsAllowed === 1,
    facility: a.facilityId ? await facilityOf(db, a.facilityId) : null,
    guardianAge: await guardianConsentAge(db),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    publishedAt: a.publishedAt,
    sessions: sessions.map((s) => presentSession(s, s.waiting)),
    leaders: leaders.map((l) => presentLeader(l, view === 'public')),
  };
}

async function facilityOf(db: Executor, id: string) {
  const f = await facilityBrief(db, id);
  return f
    ? {
        id: f.id,
        name: f.name,
        kind: f.kind,
        safetyNotes: f.safetyNotes,
        visitNotes: f.visitNotes,
        groupMax: f.groupMax,
      }
    : null;
}

/** An open day's facility is one of the host unit's own. */
async function checkFacility(db: Executor, facilityId: string | null | undefined, hostId: string) {
  if (!facilityId) return [];
  const f = await facilityBrief(db, facilityId);
  if (!f) return [{ field: 'facilityId', zh: '没有这个开放设施', en: 'no such facility' }];
  if (f.organisationId !== hostId)
    return [
      {
        field: 'facilityId',
        zh: '开放设施须属于主办单位',
        en: 'must be a facility of the host unit',
      },
    ];
  return [];
}

/** Reference codes and links must exist: each wrong one is named by its field. */
async function checkRefs(db: Executor, input: UpdateActivityInput): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (input.typeCode && !(await repo.referenceExists(db, 'ACTIVITY_TYPE', input.typeCode)))
    problems.push({ field: 'typeCode', zh: '没有这个活动类型', en: 'no such activity type' });
  for (const [i, c] of (input.audiences ?? []).entries())
    if (!(await repo.referenceExists(db, 'AUDIENCE', c)))
      problems.push({ field: `audiences.${i}`, zh: '没有这个受众', en: 'no such audience' });
  if (input.themeDayCode && !(await repo.referenceExists(db, 'THEME_DAY', input.themeDayCode)))
    problems.push({ field: 'themeDayCode', zh: '没有这个主题日', en: 'no such theme day' });
  if (input.campaignId && !(await repo.findCampaign(db, input.campaignId)))
    problems.push({ field: 'campaignId', zh: '没有这个宣传活动', en: 'no such campaign' });
  return problems;
}

function sessionRows(activityId: string, input: CreateActivityInput): ActivitySessionTable[] {
  const problems: Problem[] = [];
  input.sessions.forEach((s, i) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt))
      problems.push({
        field: `sessions.${i}.endsAt`,
        zh: '结束时间须晚于开始时间',
        en: 'must be after the start',
      });
    if (
      s.registrationOpensAt &&
      s.registrationClosesAt &&
      Date.parse(s.registrationClosesAt) <= Date.parse(s.registrationOpensAt)
    )
      problems.push({
        field: `sessions.${i}.registrationClosesAt`,
        zh: '报名截止须晚于报名开始',
        en: 'must be after registration opens',
      });
    if (s.partnersUntil && !input.facilityId)
      problems.push({
        field: `sessions.${i}.partnersUntil`,
        zh: '只有选择了开放设施的开放日才能设置合作学校优先预约',
        en: 'only an open day (with a facility) has a partners-first period',
      });
    else if (s.partnersUntil && Date.parse(s.partnersUntil) >= Date.parse(s.startsAt))
      problems.push({
        field: `sessions.${i}.partnersUntil`,
        zh: '合作学校优先预约须在场次开始前结束',
        en: 'must end before the session starts',
      });
  });
  if (input.recurrence && input.sessions.length !== 1)
    problems.push({
      field: 'sessions',
      zh: '使用重复规则时只填写第一场',
      en: 'give only the first session with a recurrence',
    });
  if (problems.length) throw fieldErrors(problems);
  const at = nowIso();
  const row = (s: CreateActivityInput['sessions'][number], shift = 0): ActivitySessionTable => {
    const move = (iso: string | null) =>
      iso ? new Date(Date.parse(iso) + shift).toISOString() : null;
    return {
      id: newId(),
      activityId,
      startsAt: move(s.startsAt)!,
      endsAt: move(s.endsAt)!,
      capacity: s.capacity,
      taken: 0,
      registrationOpensAt: move(s.registrationOpensAt),
      registrationClosesAt: move(s.registrationClosesAt),
      approvalRequired: s.approvalRequired ? 1 : 0,
      perPersonLimit: s.perPersonLimit,
      holdHours: s.holdHours,
      cancelCutoffHours: s.cancelCutoffHours,
      status: 'ACTIVE',
      createdAt: at,
      partnersUntil: move(s.partnersUntil),
    };
  };
  if (!input.recurrence)
    return input.sessions.map((s) => row(s)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const first = input.sessions[0]!;
  const starts = expandRecurrence(first.startsAt, input.recurrence.rrule, input.recurrence.exdates);
  if (starts.length === 0)
    throw fieldErrors([
      { field: 'recurrence.exdates', zh: '没有剩下任何场次', en: 'leave no session' },
    ]);
  if (starts.length > MAX_SESSIONS) throw new Error('unreachable');
  // Every time of a session (its end, the registration window) moves with its start.
  return starts.map((s) => row(first, Date.parse(s) - Date.parse(first.startsAt)));
}

export async function createActivity(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: CreateActivityInput,
) {
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'path', 'active'])
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!org)
    throw fieldErrors([
      { field: 'organisationId', zh: '没有这个单位', en: 'no such organisation' },
    ]);
  authorize(actor, 'activity.create', { orgPath: org.path });
  const form = formToStore(input.registrationForm);
  const problems = [
    ...(await checkRefs(db, input)),
    ...(await checkFacility(db, input.facilityId, org.id)),
    ...(await checkLeaders(db, input.leaders ?? [])),
    ...form.problems,
  ];
  if (problems.length) throw fieldErrors(problems);
  const id = newId();
  const sessions = sessionRows(id, input);
  const at = nowIso();
  const row: ActivityTable = {
    id,
    organisationId: org.id,
    coOrganiserIds: json(input.coOrganiserIds),
    typeCode: input.typeCode,
    title: input.title,
    summary: input.summary,
    body: sanitizeRichText(input.body),
    audiences: json(input.audiences),
    sectors: json(input.sectors),
    topics: json(input.topics),
    themeDayCode: input.themeDayCode,
    campaignId: input.campaignId,
    divisionCode: input.divisionCode,
    address: input.address,
    lat: input.lat,
    lng: input.lng,
    onlineUrl: input.onlineUrl,
    coverMediaId: input.coverMediaId,
    status: 'DRAFT',
    cancelReason: null,
    reviewNote: null,
    registrationForm: form.json,
    admitsMinors: input.admitsMinors ? 1 : 0,
    groupsAllowed: input.groupsAllowed ? 1 : 0,
    createdBy: actor!.userId,
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    cancelledAt: null,
    checkInMode: input.checkInMode,
    facilityId: input.facilityId,
  };
  await db.transaction().execute(async (tx) => {
    await repo.insertActivity(tx, row);
    await repo.insertSessions(tx, sessions);
    await replaceLeaders(tx, id, input.leaders ?? []);
    await recordAudit(tx, ctx, {
      action: 'activity.create',
      entityType: 'activity',
      entityId: id,
      organisationId: org.id,
      detail: { title: input.title, sessions: sessions.length },
    });
  });
  return present(db, (await repo.findActivity(db, id))!);
}

/** An activity the actor may see in the console: outside their units it is not there (404). */
async function loadManaged(db: Executor, actor: Actor | null, id: string, action: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const a = await repo.findActivity(db, id);
  if (!a || !can(actor, 'activity.read', { orgPath: a.orgPath })) throw new AppError('NOT_FOUND');
  authorize(actor, action, { orgPath: a.orgPath });
  return a;
}

export async function getActivity(db: Db, actor: Actor | null, id: string) {
  // The office reads what waits for its approval, wherever the host is.
  const a = await repo.findActivity(db, id);
  if (a?.status === 'PENDING_REVIEW' && (await mayReview(db, actor))) return present(db, a);
  return present(db, await loadManaged(db, actor, id, 'activity.read'));
}

export async function updateActivity(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: UpdateActivityInput,
) {
  const a = await loadManaged(db, actor, id, 'activity.update');
  if (a.status === 'CANCELLED')
    throw ruleError('STATE_CONFLICT', '活动已取消，不能修改', 'The activity is cancelled');
  const { registrationForm, admitsMinors, groupsAllowed, leaders, ...plain } = input;
  const form = registrationForm !== undefined ? formToStore(registrationForm) : null;
  const problems = [
    ...(await checkRefs(db, input)),
    ...(await checkFacility(db, input.facilityId, a.organisationId)),
    ...(leaders ? await checkLeaders(db, leaders) : []),
    ...(form?.problems ?? []),
  ];
  if (problems.length) throw fieldErrors(problems);
  const patch: Partial<ActivityTable> = { updatedAt: nowIso() };
  for (const [k, v] of Object.entries(plain)) {
    if (v === undefined) continue;
    (patch as Record<string, unknown>)[k] = Array.isArray(v) ? json(v) : v;
  }
  if (form) patch.registrationForm = form.json;
  if (admitsMinors !== undefined) patch.admitsMinors = admitsMinors ? 1 : 0;
  if (groupsAllowed !== undefined) patch.groupsAllowed = groupsAllowed ? 1 : 0;
  if (input.body !== undefined) patch.body = sanitizeRichText(input.body);
  await db.transaction().execute(async (tx) => {
    await repo.updateActivity(tx, id, patch);
    if (leaders) await replaceLeaders(tx, id, leaders);
    await recordAudit(tx, ctx, {
      action: 'activity.update',
      entityType: 'activity',
      entityId: id,
      organisationId: a.organisationId,
      detail: { fields: Object.keys(input) },
    });
    await searchEngineFor(db, ctx.dialect).index(tx, 'activity', [id]);
  });
  return present(db, (await repo.findActivity(db, id))!);
}

export async function publishActivity(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
) {
  const a = await loadManaged(db, actor, id, 'activity.publish');
  // An activity of a campaign that requires it waits for the office's approval first.
  const campaign = a.campaignId ? await repo.findCampaign(db, a.campaignId) : undefined;
  const review = campaign?.requiresApproval === 1;
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    if (
      !(await repo.moveActivity(
        tx,
        id,
        ['DRAFT'],
        review
          ? { status: 'PENDING_REVIEW', reviewNote: null, updatedAt: at }
          : { status: 'PUBLISHED', reviewNote: null, publishedAt: at, updatedAt: at },
      ))
    )
      throw ruleError('STATE_CONFLICT', '只有草稿可以发布', 'Only a draft can be published');
    await recordAudit(tx, ctx, {
      action: 'activity.publish',
      entityType: 'activity',
      entityId: id,
      organisationId: a.organisationId,
      ...(review ? { detail: { review: true } } : {}),
    });
    if (!review) await tellPartners(tx, a, await repo.sessionsOf(tx, [id]));
    await searchEngineFor(db, ctx.dialect).index(tx, 'activity', [id]);
  });
  return present(db, (await repo.findActivity(db, id))!);
}

/** The organiser cancels: every session closes, every live registration ends, all are told. */
export async function cancelActivity(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  reason: string,
) {
  const a = await loadManaged(db, actor, id, 'activity.cancel');
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    if (
      !(await repo.moveActivity(tx, id, ['DRAFT', 'PENDING_REVIEW', 'PUBLISHED'], {
        status: 'CANCELLED',
        cancelReason: reason,
        cancelledAt: at,
        updatedAt: at,
      }))
    )
      throw ruleError('STATE_CONFLICT', '活动已取消', 'The activity is already cancelled');
    await repo.cancelSessions(tx, id);
    const live = await repo.liveOfActivity(tx, id);
    for (const r of live)
      await repo.moveRegistration(tx, r.id, repo.LIVE, {
        status: 'CANCELLED',
        cancelledAt: at,
        updatedAt: at,
      });
    await recordAudit(tx, ctx, {
      action: 'activity.cancel',
      entityType: 'activity',
      entityId: id,
      organisationId: a.organisationId,
      detail: { reason, registrations: live.length },
    });
    await searchEngineFor(db, ctx.dialect).index(tx, 'activity', [id]);
    await notify(
      tx,
      live.map((r) => r.userId),
      ACTIVITY_CANCELLED,
      { activityId: id, title: a.title, reason },
    );
  });
  return present(db, (await repo.findActivity(db, id))!);
}

/** China midnight of a date, as an instant. */
const chinaDayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`)).toISOString();
const chinaDayEnd = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00+08:00`) + 86_400_000).toISOString();

export function publicFilter(
  q: Omit<PublicActivityQuery, 'page' | 'pageSize'> & {
    campaign?: string;
    host?: string;
    province?: string;
    types?: string;
  },
): repo.PublicFilter {
  const types = [
    ...(q.type ? [q.type] : []),
    ...(q.types
      ? q.types
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : []),
  ];
  return {
    q: q.q || undefined,
    // Without a start: what has not ended yet.
    fromIso: q.from ? chinaDayStart(q.from) : nowIso(),
    toIso: q.to ? chinaDayEnd(q.to) : undefined,
    division: q.province ?? q.division,
    audience: q.audience,
    types,
    campaignId: q.campaign,
    hostId: q.host,
    facilityId: q.facility,
  };
}

export async function publicList(db: Db, q: PublicActivityQuery) {
  const f = publicFilter(q);
  const { ids, total } = await repo.publicPage(db, f, (q.page - 1) * q.pageSize, q.pageSize);
  const rows = new Map((await repo.findActivities(db, ids)).map((a) => [a.id, a]));
  const sessions = await repo.sessionsWithWaiting(db, ids);
  const items = ids.map((id) => {
    const a = rows.get(id)!;
    // Its active sessions in the window; the first is the one the list shows.
    const inWindow = sessions.filter(
      (x) =>
        x.activityId === id &&
        x.status === 'ACTIVE' &&
        (!f.fromIso || x.endsAt >= f.fromIso) &&
        (!f.toIso || x.startsAt < f.toIso),
    );
    const s = inWindow[0];
    const shown = s ? presentSession(s, s.waiting) : null;
    return {
      id,
      title: a.title,
      startsAt: shown?.startsAt ?? null,
      endsAt: shown?.endsAt ?? null,
      place: placeOf(a),
      host: a.host,
      capacity: shown?.capacity ?? null,
      placesLeft: shown?.placesLeft ?? null,
      waitlist: shown?.waitlist ?? 0,
      typeCode: a.typeCode,
      audiences: list(a.audiences),
      divisionCode: a.divisionCode,
      online: !a.address && !!a.onlineUrl,
      sessions: inWindow
        .slice(0, 62)
        .map((x) => ({ id: x.id, startsAt: x.startsAt, endsAt: x.endsAt })),
    };
  });
  return { items, total };
}

/** A published (or cancelled, so that a shared link explains itself) activity; drafts are 404. */
export async function publicActivity(db: Db, id: string) {
  const a = await repo.findActivity(db, id);
  if (!a || a.status === 'DRAFT' || a.status === 'PENDING_REVIEW') throw new AppError('NOT_FOUND');
  return present(db, a, 'public');
}

// ---- campaigns

/** Whether the actor keeps campaigns for the office, so approves their activities. */
export async function mayReview(db: Executor, actor: Actor | null): Promise<boolean> {
  return !!actor && can(actor, 'activity.review', { orgPath: await officePathFor(db, actor) });
}

export async function officePathFor(db: Executor, actor: Actor | null): Promise<string | null> {
  if (!actor) return null;
  const paths = await repo.officePaths(db);
  return paths.find((p) => hasRoleOn(actor, ['EDITOR', 'ORG_ADMIN'], p)) ?? null;
}

async function presentCampaigns(
  db: Executor,
  rows: Awaited<ReturnType<typeof repo.listCampaigns>>,
) {
  const days = new Map<string, { name: string; base: number | null }>();
  for (const c of rows)
    if (!days.has(c.themeDayCode)) {
      const d = await repo.referenceExists(db, 'THEME_DAY', c.themeDayCode);
      const data = d ? (JSON.parse(d.data) as { ordinalBaseYear?: number }) : {};
      days.set(c.themeDayCode, {
        name: d?.nameZh ?? c.themeDayCode,
        base: data.ordinalBaseYear ?? null,
      });
    }
  return rows.map((c) => {
    const day = days.get(c.themeDayCode)!;
    return {
      id: c.id,
      themeDayCode: c.themeDayCode,
      themeDayName: day.name,
      year: c.year,
      ordinal: c.ordinalOverride ?? (day.base ? c.year - day.base : null),
      startDate: c.startDate,
      endDate: c.endDate,
      theme: c.theme,
      noticeDocNo: c.noticeDocNo,
      hostDivision: c.hostDivision,
      organiserIds: list(c.organiserIds),
      ordinalOverride: c.ordinalOverride,
      requiresApproval: c.requiresApproval === 1,
    };
  });
}

export async function listCampaigns(db: Db, q: { year?: number; themeDay?: string }) {
  return { items: await presentCampaigns(db, await repo.listCampaigns(db, q)) };
}

type CampaignInput = {
  themeDayCode: string;
  year: number;
  startDate: string;
  endDate: string;
  theme: string;
  noticeDocNo: string | null;
  hostDivision: string | null;
  organiserIds: string[];
  ordinalOverride: number | null;
  requiresApproval: boolean;
};

function checkDates(c: { startDate: string; endDate: string; year: number }) {
  const problems: Problem[] = [];
  if (c.endDate < c.startDate)
    problems.push({
      field: 'endDate',
      zh: '结束日期不能早于开始日期',
      en: 'must not be before the start',
    });
  if (!c.startDate.startsWith(String(c.year)))
    problems.push({ field: 'startDate', zh: '开始日期须在该年度内', en: 'must fall in the year' });
  if (problems.length) throw fieldErrors(problems);
}

export async function createCampaign(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: CampaignInput,
) {
  authorize(actor, 'campaign.manage', { orgPath: await officePathFor(db, actor) });
  if (!(await repo.referenceExists(db, 'THEME_DAY', input.themeDayCode)))
    throw fieldErrors([{ field: 'themeDayCode', zh: '没有这个主题日', en: 'no such theme day' }]);
  checkDates(input);
  const id = newId();
  const at = nowIso();
  const taken = () =>
    ruleError(
      'STATE_CONFLICT',
      '该主题日本年度的宣传活动已录入',
      'That theme day already has a campaign this year',
    );
  if (await repo.findCampaignFor(db, input.themeDayCode, input.year)) throw taken();
  try {
    await db.transaction().execute(async (tx) => {
      await repo.insertCampaign(tx, {
        ...input,
        id,
        organiserIds: json(input.organiserIds),
        requiresApproval: input.requiresApproval ? 1 : 0,
        createdBy: actor!.userId,
        createdAt: at,
        updatedAt: at,
      });
      await recordAudit(tx, ctx, {
        action: 'campaign.create',
        entityType: 'campaign',
        entityId: id,
        detail: { themeDayCode: input.themeDayCode, year: input.year },
      });
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (await repo.findCampaignFor(db, input.themeDayCode, input.year)) throw taken();
    throw e;
  }
  return (await presentCampaigns(db, [(await repo.findCampaign(db, id))!]))[0]!;
}

export async function updateCampaign(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: Partial<Omit<CampaignInput, 'themeDayCode' | 'year'>>,
) {
  authorize(actor, 'campaign.manage', { orgPath: await officePathFor(db, actor) });
  const c = await repo.findCampaign(db, id);
  if (!c) throw new AppError('NOT_FOUND');
  const next = { ...c, ...input };
  checkDates(next);
  await db.transaction().execute(async (tx) => {
    const { organiserIds, requiresApproval, ...rest } = input;
    await repo.updateCampaign(tx, id, {
      ...rest,
      ...(organiserIds ? { organiserIds: json(organiserIds) } : {}),
      ...(requiresApproval !== undefined ? { requiresApproval: requiresApproval ? 1 : 0 } : {}),
      updatedAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'campaign.update',
      entityType: 'campaign',
      entityId: id,
      detail: { fields: Object.keys(input) },
    });
  });
  return (await presentCampaigns(db, [(await repo.findCampaign(db, id))!]))[0]!;
}
