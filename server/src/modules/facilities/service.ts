/**
 * 科普开放日 facilities (plan §五(二)): labs, engineering centres, field stations and major
 * facilities keep a public profile, fixed partner schools and communities, and open days — the
 * activities tied to them, whose slots are the sessions. Partners book a new slot first (until the
 * session's `partnersUntil`, enforced by the activities module); a teacher acknowledges the
 * facility's safety notes when booking a group. The figures of open days held (facilities,
 * slots, places, visitors) feed the statistics module (科研机构向社会开放).
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { FacilityTable } from '#platform/db/schema.ts';
import { provinceName } from '#platform/division-names.ts';
import { AppError, fieldError, fieldErrors } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { chinaYearRange, newId, nowIso, todayInChina } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, scopeOf } from '#platform/policy.ts';
import { PARTNER_SLOTS } from './notifications.ts';
import * as repo from './repo.ts';
import type { CreateFacilityInput, UpdateFacilityInput } from './schema.ts';
import './policy.ts';

const PARTNER_TYPES = ['SCHOOL', 'SOCIETY', 'OTHER'];

/** A facility the actor keeps; outside their units it is not there (404). */
async function managed(db: Executor, actor: Actor | null, id: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const f = await repo.findFacility(db, id);
  if (!f || !can(actor, 'facility.manage', { orgPath: f.orgPath })) throw new AppError('NOT_FOUND');
  return f;
}

async function checkDivision(db: Executor, code: string | null | undefined) {
  if (!code) return [];
  return (await repo.divisionNameOf(db, code))
    ? []
    : [{ field: 'divisionCode', zh: '没有这个行政区', en: 'is not a known division' }];
}

async function present(db: Executor, f: repo.FacilityRow) {
  const [partners, openDays] = await Promise.all([
    repo.partnersOf(db, f.id),
    repo.openDaysOf(db, f.id),
  ]);
  return {
    id: f.id,
    organisationId: f.organisationId,
    organisationName: f.organisationName,
    kind: f.kind,
    name: f.name,
    summary: f.summary,
    description: f.description,
    visitNotes: f.visitNotes,
    safetyNotes: f.safetyNotes,
    divisionCode: f.divisionCode,
    address: f.address,
    lat: f.lat,
    lng: f.lng,
    groupMax: f.groupMax,
    partnerDays: f.partnerDays,
    published: f.published === 1,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    partners,
    openDays: openDays.map((o) => ({
      activityId: o.id,
      title: o.title,
      status: o.status,
      firstStartsAt: (o.firstStartsAt as string | null) ?? null,
      lastEndsAt: (o.lastEndsAt as string | null) ?? null,
      slots: Number(o.slots ?? 0),
      groupsPending: Number(o.groupsPending ?? 0),
    })),
  };
}

export async function createFacility(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: CreateFacilityInput,
) {
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'path', 'active'])
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!org?.active) throw fieldError('organisationId', '没有这个单位', 'is not a known unit');
  authorize(actor, 'facility.manage', { orgPath: org.path });
  const problems = await checkDivision(db, input.divisionCode);
  if (problems.length) throw fieldErrors(problems);
  const at = nowIso();
  const { organisationId, published, ...fields } = input;
  const row: FacilityTable = {
    id: newId(),
    organisationId,
    ...fields,
    published: published ? 1 : 0,
    createdBy: actor!.userId,
    createdAt: at,
    updatedAt: at,
  };
  await db.transaction().execute(async (tx) => {
    await repo.insertFacility(tx, row);
    await recordAudit(tx, ctx, {
      action: 'facility.create',
      entityType: 'facility',
      entityId: row.id,
      organisationId,
      detail: { name: row.name },
    });
  });
  return present(db, (await repo.findFacility(db, row.id))!);
}

export async function getFacility(db: Db, actor: Actor | null, id: string) {
  return present(db, await managed(db, actor, id));
}

export async function updateFacility(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: UpdateFacilityInput,
) {
  const f = await managed(db, actor, id);
  const problems = await checkDivision(db, input.divisionCode);
  if (problems.length) throw fieldErrors(problems);
  const { published, ...plain } = input;
  const patch: Partial<FacilityTable> = { updatedAt: nowIso() };
  for (const [k, v] of Object.entries(plain))
    if (v !== undefined) (patch as Record<string, unknown>)[k] = v;
  if (published !== undefined) patch.published = published ? 1 : 0;
  await db.transaction().execute(async (tx) => {
    await repo.updateFacility(tx, id, patch);
    await recordAudit(tx, ctx, {
      action: 'facility.update',
      entityType: 'facility',
      entityId: id,
      organisationId: f.organisationId,
      detail: { fields: Object.keys(input) },
    });
  });
  return present(db, (await repo.findFacility(db, id))!);
}

export async function listFacilities(db: Db, actor: Actor | null, q: { q?: string }) {
  const me = authorize(actor, 'facility.list');
  const scope = scopeOf(me, ['EDITOR', 'ORG_ADMIN']);
  const rows = await repo.listManaged(db, {
    all: scope === 'ALL',
    paths: scope === 'ALL' ? [] : scope,
    query: q.q,
  });
  const ids = rows.map((r) => r.id);
  const [partners, slots] = await Promise.all([
    repo.partnerCounts(db, ids),
    repo.upcomingSlots(db, ids, nowIso(), 50),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      organisationId: r.organisationId,
      name: r.name,
      kind: r.kind,
      organisationName: r.organisationName,
      published: r.published === 1,
      partners: partners.get(r.id) ?? 0,
      upcomingSlots: slots.filter((s) => s.facilityId === r.id).length,
      updatedAt: r.updatedAt,
    })),
  };
}

export async function partnerChoices(db: Db, actor: Actor | null, query?: string) {
  authorize(actor, 'facility.list');
  return { items: await repo.partnerChoices(db, query) };
}

export async function putPartner(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  organisationId: string,
  input: { since?: string | undefined; note: string },
) {
  const f = await managed(db, actor, id);
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'type', 'active'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org?.active || !PARTNER_TYPES.includes(org.type))
    throw fieldError(
      'organisationId',
      '合作单位须是现有的学校、学会或社区等单位',
      'must be an existing school, society or community',
    );
  await db.transaction().execute(async (tx) => {
    await repo.putPartner(tx, {
      facilityId: id,
      organisationId,
      since: input.since ?? todayInChina(),
      note: input.note,
      createdBy: actor!.userId,
      createdAt: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'facility.partnerAdd',
      entityType: 'facility',
      entityId: id,
      organisationId: f.organisationId,
      detail: { partner: org.name },
    });
  });
  return present(db, (await repo.findFacility(db, id))!);
}

export async function removePartner(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  organisationId: string,
) {
  const f = await managed(db, actor, id);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.deletePartner(tx, id, organisationId))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx, {
      action: 'facility.partnerRemove',
      entityType: 'facility',
      entityId: id,
      organisationId: f.organisationId,
      detail: { partnerId: organisationId },
    });
  });
  return present(db, (await repo.findFacility(db, id))!);
}

async function provinceOf(db: Executor, code: string | null, locale: Locale) {
  if (!code) return null;
  const p = `${code.slice(0, 2)}0000`;
  return provinceName(p, await repo.divisionNameOf(db, p), locale);
}

function slotOf(s: Awaited<ReturnType<typeof repo.upcomingSlots>>[number]) {
  return {
    activityId: s.activityId,
    title: s.title,
    sessionId: s.sessionId,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
    placesLeft: s.capacity === null ? null : Math.max(0, s.capacity - Number(s.taken)),
    partnersUntil: s.partnersUntil,
    groupsAllowed: s.groupsAllowed === 1,
  };
}

export async function publicFacilities(
  db: Db,
  q: { q?: string; kind?: string; province?: string; page: number; pageSize: number },
  locale: Locale,
) {
  const [total, rows] = await repo.publicFacilities(db, {
    query: q.q,
    kind: q.kind,
    province: q.province,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const ids = rows.map((r) => r.id);
  const now = nowIso();
  const [totals, partners, next] = await Promise.all([
    repo.upcomingTotals(db, ids, now),
    repo.partnerCounts(db, ids),
    // Each facility's own next slot (one busy facility must not crowd out the others').
    Promise.all(ids.map((id) => repo.upcomingSlots(db, [id], now, 1).then((s) => s[0]))),
  ]);
  return {
    total,
    items: await Promise.all(
      rows.map(async (r, i) => {
        const t = totals.get(r.id);
        const first = next[i];
        return {
          id: r.id,
          name: r.name,
          kind: r.kind,
          host: r.organisationName,
          summary: r.summary,
          provinceName: await provinceOf(db, r.divisionCode, locale),
          address: r.address,
          nextSlot: first ? slotOf(first) : null,
          upcomingSlots: t?.slots ?? 0,
          upcomingOpenDays: t?.openDays ?? 0,
          placesLeft: t ? (t.unlimited ? null : t.placesLeft) : 0,
          partners: partners.get(r.id) ?? 0,
        };
      }),
    ),
  };
}

/** Every published facility's id, for the sitemap. */
export async function publicFacilityIds(db: Db) {
  const [, rows] = await repo.publicFacilities(db, { limit: 10_000, offset: 0 });
  return rows.map((r) => r.id);
}

export async function publicFacility(db: Db, id: string, locale: Locale) {
  const f = await repo.findFacility(db, id);
  if (!f || f.published !== 1) throw new AppError('NOT_FOUND');
  const now = nowIso();
  const year = Number(todayInChina().slice(0, 4));
  const yearAgo = new Date(Date.parse(now) - 365 * 24 * 3600_000).toISOString();
  const [partners, slots, held, past] = await Promise.all([
    repo.partnersOf(db, id),
    repo.upcomingSlots(db, [id], now, 100),
    repo.heldSlots(db, { all: true, paths: [], facilityId: id, ...chinaYearRange(year), now }),
    repo.pastOpenDays(db, id, yearAgo, now),
  ]);
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    host: f.organisationName,
    summary: f.summary,
    description: f.description,
    visitNotes: f.visitNotes,
    safetyNotes: f.safetyNotes,
    provinceName: await provinceOf(db, f.divisionCode, locale),
    divisionCode: f.divisionCode,
    address: f.address,
    lat: f.lat,
    lng: f.lng,
    groupMax: f.groupMax,
    partners: partners.map((p) => ({ name: p.name, since: p.since })),
    slots: slots.slice(0, 100).map(slotOf),
    pastOpenDays: past.map((p) => ({
      activityId: p.id,
      title: p.title,
      firstStartsAt: String(p.firstStartsAt),
      lastEndsAt: String(p.lastEndsAt),
      slots: Number(p.slots),
    })),
    held: {
      year,
      slots: held.length,
      visitors: held.reduce((n, h) => n + h.visitors, 0),
    },
  };
}

/** Open days held in a year at the facilities in the actor's reach, in total and by province. */
export async function openDayStats(
  db: Db,
  actor: Actor | null,
  q: { year?: number | undefined },
  locale: Locale,
) {
  const me = authorize(actor, 'facility.list');
  const scope = scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN', 'REVIEWER']);
  const year = q.year ?? Number(todayInChina().slice(0, 4));
  const rows = await repo.heldSlots(db, {
    all: scope === 'ALL',
    paths: scope === 'ALL' ? [] : scope,
    ...chinaYearRange(year),
    now: nowIso(),
  });
  const line = (rs: typeof rows) => ({
    facilities: new Set(rs.map((r) => r.facilityId)).size,
    slots: rs.length,
    registered: rs.reduce((n, r) => n + r.registered, 0),
    visitors: rs.reduce((n, r) => n + r.visitors, 0),
  });
  const byProvince = new Map<string, typeof rows>();
  for (const r of rows) {
    const p = r.divisionCode ? r.divisionCode.slice(0, 2) : '';
    byProvince.set(p, [...(byProvince.get(p) ?? []), r]);
  }
  return {
    year,
    total: line(rows),
    byProvince: await Promise.all(
      [...byProvince.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(async ([p, rs]) => ({
          province: p,
          provinceName: p
            ? ((await provinceOf(db, `${p}0000`, locale)) ?? p)
            : locale === 'zh-CN'
              ? '未填写'
              : 'Not given',
          ...line(rs),
        })),
    ),
  };
}

/**
 * Called by the activities module when an open day becomes public: the staff of the facility's
 * partners are told of the slots they book first (once per activity).
 */
export async function tellPartners(
  tx: Executor,
  a: { id: string; title: string; facilityId: string | null },
  sessions: { partnersUntil: string | null; status: string }[],
  nowMs = Date.now(),
) {
  if (!a.facilityId) return;
  const until = sessions
    .filter((s) => s.status === 'ACTIVE' && s.partnersUntil && Date.parse(s.partnersUntil) > nowMs)
    .map((s) => s.partnersUntil!)
    .sort()
    .at(-1);
  if (!until) return;
  const f = await repo.facilityBrief(tx, a.facilityId);
  if (!f) return;
  const staff = await repo.partnerStaff(tx, a.facilityId);
  await notify(
    tx,
    staff,
    PARTNER_SLOTS,
    {
      facilityId: f.id,
      facilityName: f.name,
      activityId: a.id,
      title: a.title,
      until,
    },
    { oncePerLink: true },
  );
}
