import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, DialectName, Executor } from '#platform/db/connect.ts';
import { divisionNameEn } from '#platform/division-names.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import {
  alertKey,
  DEFAULT_SETTINGS,
  type DetectedAlert,
  type DetectorSettings,
  detect,
  type SeriesPoint,
  themeDayDates,
} from './detector.ts';
import { HOTSPOT_CONTENT_ASKED, HOTSPOT_RAISED } from './notifications.ts';
import './policy.ts';
import { assertIncidentVisible } from '../emergency/incidents.ts';
import type { AlertListQuery, SettingsInput } from './schema.ts';
import { DbSignalStore, flushSignals } from './signals.ts';

const SETTINGS_KEY = 'hotspots.settings';
const DAY_MS = 86_400_000;
/** Alerts not dismissed count as open (repeats suppressed) for this long after they were raised. */
const OPEN_DAYS = 14;
/** Signals are kept this long (a year and a bit: next year's seasons). */
export const SIGNAL_RETENTION_DAYS = 400;

// ---------------------------------------------------------------------------------------------
// Settings

export async function loadSettings(db: Executor): Promise<DetectorSettings> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_SETTINGS };
  try {
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as Partial<DetectorSettings>) };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export async function getSettings(db: Db, actor: Actor | null) {
  authorize(actor, 'hotspot.settings');
  return loadSettings(db);
}

export async function updateSettings(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: SettingsInput,
) {
  authorize(actor, 'hotspot.settings');
  return db.transaction().execute(async (tx) => {
    const next = { ...(await loadSettings(tx)), ...input };
    const at = nowIso();
    await tx
      .insertInto('settings')
      .values({ key: SETTINGS_KEY, value: JSON.stringify(next), updatedAt: at })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(next), updatedAt: at }),
      )
      .execute();
    await recordAudit(tx, ctx, {
      action: 'hotspotSettings.update',
      entityType: 'setting',
      entityId: null,
      detail: { ...input },
    });
    return next;
  });
}

// ---------------------------------------------------------------------------------------------
// Scope: the office sees all; a province's units see their province

/** 'ALL', or the province codes (PP0000) the actor's units lie in. */
export async function scopeOfActor(db: Executor, actor: Actor): Promise<'ALL' | string[]> {
  if (actor.grants.some((g) => g.role === 'PLATFORM_ADMIN')) return 'ALL';
  const paths = actor.grants
    .filter((g) => (g.role === 'ORG_ADMIN' || g.role === 'EDITOR') && g.orgPath)
    .map((g) => g.orgPath!);
  if (!paths.length) return [];
  // The office: the ministry itself, or its 科普工作办公室 (MINISTRY_OFFICE).
  if (paths.some((p) => p.split('/').filter(Boolean).length === 1)) return 'ALL';
  const ids = paths.map((p) => p.split('/').filter(Boolean).at(-1)!);
  const office = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', ids)
    .where('type', '=', 'MINISTRY_OFFICE')
    .executeTakeFirst();
  if (office) return 'ALL';
  const provinces = new Set<string>();
  for (const path of paths) {
    const r = await db
      .selectFrom('organisations')
      .select('divisionCode')
      .where('divisionCode', 'is not', null)
      .where(sql<boolean>`${path} like path || '%'`)
      .orderBy('depth', 'desc')
      .executeTakeFirst();
    if (r?.divisionCode) provinces.add(`${r.divisionCode.slice(0, 2)}0000`);
  }
  return [...provinces];
}

// ---------------------------------------------------------------------------------------------
// Presenting

interface Evidence {
  series: SeriesPoint[];
  topQueries: { query: string; count: number }[];
  regions: { division: string; count: number }[];
}

type AlertRow = Awaited<ReturnType<typeof findAlert>> & {};

function findAlert(db: Executor, id: string) {
  return db.selectFrom('hotspotAlerts').selectAll().where('id', '=', id).executeTakeFirst();
}

async function names(db: Executor, codes: string[], locale: Locale) {
  const out = new Map<string, string>();
  if (!codes.length) return out;
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  for (const r of rows)
    out.set(r.code, locale === 'en-US' ? (divisionNameEn(r.code, r.name) ?? r.name) : r.name);
  return out;
}

async function topicNames(db: Executor, codes: string[], locale: Locale) {
  if (!codes.length) return new Map<string, string>();
  const rows = await db
    .selectFrom('referenceItems')
    .select(['code', 'nameZh', 'nameEn'])
    .where('kind', '=', 'TOPIC')
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, locale === 'en-US' ? r.nameEn : r.nameZh]));
}

const nationName = (locale: Locale) => (locale === 'en-US' ? 'Nationwide' : '全国');

async function present(db: Executor, rows: AlertRow[], locale: Locale) {
  const regions = await names(
    db,
    rows.map((r) => r.division).filter((d): d is string => !!d),
    locale,
  );
  const topics = await topicNames(
    db,
    rows.filter((r) => r.kind === 'WORK_VIEW').map((r) => r.term),
    locale,
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as 'SEARCH' | 'ZERO_RESULT' | 'WORK_VIEW' | 'RUMOUR_REPORT',
    term: r.term,
    termLabel: r.kind === 'WORK_VIEW' ? (topics.get(r.term) ?? r.term) : r.term,
    relatedTerms: JSON.parse(r.relatedTerms) as string[],
    division: r.division,
    regionName: r.division ? (regions.get(r.division) ?? r.division) : nationName(locale),
    status: r.status,
    hour: r.hour,
    raisedAt: r.raisedAt,
    observed: r.observed,
    expected: Number(r.expected),
    score: Number(r.score),
    themeDay: r.themeDay,
    dismissReason: r.dismissReason,
    dismissedAt: r.dismissedAt,
    contentRequestedAt: r.contentRequestedAt,
    contentRequestNote: r.contentRequestNote,
    incidentId: r.incidentId,
    linkedAt: r.linkedAt,
  }));
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listAlerts(db: Db, actor: Actor | null, locale: Locale, q: AlertListQuery) {
  const a = authorize(actor, 'hotspot.manage');
  const scope = await scopeOfActor(db, a);
  let query = db.selectFrom('hotspotAlerts');
  if (scope !== 'ALL') {
    if (!scope.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    query = query.where('division', 'in', scope);
  }
  if (q.status) query = query.where('status', '=', q.status);
  if (q.division) query = query.where('division', '=', q.division);
  const total = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('raisedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    items: await present(db, rows, locale),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The alert if the actor may see it (another province's: 404). */
async function loadVisible(db: Executor, actor: Actor | null, id: string) {
  const a = authorize(actor, 'hotspot.manage');
  const row = await findAlert(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const scope = await scopeOfActor(db, a);
  if (scope !== 'ALL' && (!row.division || !scope.includes(row.division)))
    throw new AppError('NOT_FOUND');
  return row;
}

export async function getAlert(db: Db, actor: Actor | null, locale: Locale, id: string) {
  const row = await loadVisible(db, actor, id);
  const [item] = await present(db, [row], locale);
  const ev = JSON.parse(row.evidence) as Evidence;
  const regionNames = await names(
    db,
    ev.regions.map((r) => r.division),
    locale,
  );
  return {
    ...item!,
    series: ev.series.map((p) => ({
      date: p.date,
      count: p.count,
      baseline: p.baseline,
      themeDay: p.themeDay,
    })),
    topQueries: ev.topQueries,
    regions: ev.regions.map((r) => ({
      division: r.division,
      name: regionNames.get(r.division) ?? r.division,
      count: r.count,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Acting

const OPEN_STATES = ['OPEN', 'CONTENT_REQUESTED', 'LINKED'] as const;

function conflict(status: string) {
  return status === 'DISMISSED'
    ? ruleError('STATE_CONFLICT', '该预警已被排除', 'the alert is dismissed already')
    : ruleError(
        'STATE_CONFLICT',
        '该预警的状态已变化，请刷新',
        'the alert has moved on: reload it',
      );
}

export async function dismissAlert(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  locale: Locale,
  id: string,
  reason: string,
) {
  await db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    const at = nowIso();
    const done = await tx
      .updateTable('hotspotAlerts')
      .set({
        status: 'DISMISSED',
        dismissedAt: at,
        dismissedBy: ctx.actorId,
        dismissReason: reason,
        updatedAt: at,
      })
      .where('id', '=', id)
      .where('status', 'in', [...OPEN_STATES])
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw conflict(row.status);
    await recordAudit(tx, ctx, {
      action: 'hotspotAlert.dismiss',
      entityType: 'hotspotAlert',
      entityId: id,
      detail: { term: row.term, division: row.division, reason },
    });
  });
  return getAlert(db, actor, locale, id);
}

/**
 * Office (platform admins, the ministry's and its 科普工作办公室's administrators) and the province's department — with
 * `subtree`, also the units inside it (content owners asked for content).
 */
async function recipients(
  db: Executor,
  division: string | null,
  roles: ('ORG_ADMIN' | 'EDITOR')[],
  subtree = false,
) {
  const office = await db
    .selectFrom('roleGrants')
    .leftJoin('organisations as o', 'o.id', 'roleGrants.organisationId')
    .select('roleGrants.userId')
    .where((eb) =>
      eb.or([
        eb('roleGrants.role', '=', 'PLATFORM_ADMIN'),
        eb.and([
          eb('roleGrants.role', '=', 'ORG_ADMIN'),
          eb.or([eb('o.parentId', 'is', null), eb('o.type', '=', 'MINISTRY_OFFICE')]),
        ]),
      ]),
    )
    .execute();
  const ids = office.map((r) => r.userId);
  if (division) {
    const depts = await db
      .selectFrom('organisations')
      .select('path')
      .where('divisionCode', '=', division)
      .where('type', '=', 'PROVINCIAL_DEPT')
      .where('active', '=', 1)
      .execute();
    for (const d of depts) {
      const province = await db
        .selectFrom('roleGrants')
        .innerJoin('organisations as o', 'o.id', 'roleGrants.organisationId')
        .select('roleGrants.userId')
        .where('roleGrants.role', 'in', roles)
        .where((eb) =>
          subtree
            ? eb.and([eb('o.path', '>=', d.path), eb('o.path', '<', `${d.path}~`)])
            : eb('o.path', '=', d.path),
        )
        .limit(500)
        .execute();
      ids.push(...province.map((r) => r.userId));
    }
  }
  return [...new Set(ids)];
}

async function regionNames(db: Executor, division: string | null) {
  if (!division) return { regionZh: '全国', regionEn: 'China' };
  const zh = (await names(db, [division], 'zh-CN')).get(division) ?? division;
  return { regionZh: zh, regionEn: divisionNameEn(division, zh) ?? zh };
}

export async function requestContent(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  locale: Locale,
  id: string,
  note: string,
) {
  await db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    const at = nowIso();
    const done = await tx
      .updateTable('hotspotAlerts')
      .set({
        status: 'CONTENT_REQUESTED',
        contentRequestedAt: at,
        contentRequestedBy: ctx.actorId,
        contentRequestNote: note || null,
        updatedAt: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'OPEN')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw conflict(row.status);
    const to = (await recipients(tx, row.division, ['ORG_ADMIN', 'EDITOR'], true)).filter(
      (u) => u !== ctx.actorId,
    );
    await notify(tx, to, HOTSPOT_CONTENT_ASKED, {
      id,
      term: row.term,
      ...(await regionNames(tx, row.division)),
      note,
    });
    await recordAudit(tx, ctx, {
      action: 'hotspotAlert.requestContent',
      entityType: 'hotspotAlert',
      entityId: id,
      detail: { term: row.term, division: row.division, notified: to.length },
    });
  });
  return getAlert(db, actor, locale, id);
}

/**
 * Links the alert to an incident (module emergency). The id is stored as given: the incidents
 * table is not part of this module (the merge checks it against incidents).
 */
export async function linkIncident(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  locale: Locale,
  id: string,
  incidentId: string,
) {
  await db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    await assertIncidentVisible(tx, actor, incidentId, 'incidentId');
    const at = nowIso();
    const done = await tx
      .updateTable('hotspotAlerts')
      .set({ status: 'LINKED', incidentId, linkedAt: at, linkedBy: ctx.actorId, updatedAt: at })
      .where('id', '=', id)
      .where('status', 'in', ['OPEN', 'CONTENT_REQUESTED'])
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw conflict(row.status);
    await recordAudit(tx, ctx, {
      action: 'hotspotAlert.linkIncident',
      entityType: 'hotspotAlert',
      entityId: id,
      detail: { term: row.term, division: row.division, incidentId },
    });
  });
  return getAlert(db, actor, locale, id);
}

// ---------------------------------------------------------------------------------------------
// Detection (the hourly job)

/** Theme days of the reference data (and the campaigns entered) around `nowMs`. */
export async function themeDaysAround(db: Executor, nowMs: number) {
  const y = new Date(nowMs).getUTCFullYear();
  const years = [y - 1, y, y + 1];
  const items = await db
    .selectFrom('referenceItems')
    .select(['nameZh', 'data'])
    .where('kind', '=', 'THEME_DAY')
    .where('active', '=', 1)
    .execute();
  const campaigns = await db
    .selectFrom('campaigns')
    .innerJoin('referenceItems as r', (j) =>
      j.onRef('r.code', '=', 'campaigns.themeDayCode').on('r.kind', '=', 'THEME_DAY'),
    )
    .select(['r.nameZh as name', 'campaigns.startDate', 'campaigns.endDate'])
    .where('campaigns.year', 'in', years)
    .execute();
  return themeDayDates(
    items.map((i) => {
      let rule = null;
      try {
        rule = (JSON.parse(i.data) as { rule?: never }).rule ?? null;
      } catch {}
      return { nameZh: i.nameZh, rule };
    }),
    years,
    campaigns,
  );
}

/** Open keys and last raises from the alerts of the last weeks (every term an alert folded). */
async function suppression(db: Executor, nowMs: number, settings: DetectorSettings) {
  const since = nowIso(nowMs - Math.max(OPEN_DAYS * DAY_MS, settings.cooldownHours * 3_600_000));
  const rows = await db
    .selectFrom('hotspotAlerts')
    .select(['term', 'relatedTerms', 'division', 'status', 'raisedAt'])
    .where('raisedAt', '>=', since)
    .execute();
  const open = new Set<string>();
  const lastRaised = new Map<string, number>();
  const openSince = nowMs - OPEN_DAYS * DAY_MS;
  for (const r of rows) {
    const at = Date.parse(r.raisedAt);
    for (const term of [r.term, ...(JSON.parse(r.relatedTerms) as string[])]) {
      const key = alertKey(term, r.division);
      if (r.status !== 'DISMISSED' && at >= openSince) open.add(key);
      if ((lastRaised.get(key) ?? 0) < at) lastRaised.set(key, at);
    }
  }
  return { open, lastRaised };
}

/** Stores a detected alert and tells the office and the province (in the caller's transaction). */
export async function storeAlert(tx: Executor, a: DetectedAlert, nowMs: number) {
  const id = newId(nowMs);
  const at = nowIso(nowMs);
  await tx
    .insertInto('hotspotAlerts')
    .values({
      id,
      kind: a.kind,
      term: a.term,
      relatedTerms: JSON.stringify(a.related),
      division: a.division,
      status: 'OPEN',
      hour: a.hour,
      observed: a.observed,
      expected: a.expected,
      score: a.score,
      themeDay: a.themeDay,
      evidence: JSON.stringify({ series: a.series, topQueries: a.topQueries, regions: a.regions }),
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
  const term =
    a.kind === 'WORK_VIEW'
      ? ((await topicNames(tx, [a.term], 'zh-CN')).get(a.term) ?? a.term)
      : a.term;
  await notify(tx, await recipients(tx, a.division, ['ORG_ADMIN']), HOTSPOT_RAISED, {
    id,
    term,
    ...(await regionNames(tx, a.division)),
    observed: a.observed,
    expected: Math.round(a.expected),
  });
  return id;
}

/**
 * One detection run at `nowMs`: buffered signals written first, then the detector over
 * `hotspot_signals`; each alert stored and notified in its own transaction. Old signals go.
 */
export async function runDetection(db: Db, _dialect: DialectName, nowMs: number) {
  await flushSignals(db);
  const settings = await loadSettings(db);
  const ctx = {
    themeDays: await themeDaysAround(db, nowMs),
    ...(await suppression(db, nowMs, settings)),
  };
  const alerts = await detect(new DbSignalStore(db), nowMs, settings, ctx);
  const ids: string[] = [];
  for (const a of alerts)
    ids.push(await db.transaction().execute((tx) => storeAlert(tx, a, nowMs)));
  await db
    .deleteFrom('hotspotSignals')
    .where('hour', '<', new Date(nowMs - SIGNAL_RETENTION_DAYS * DAY_MS).toISOString().slice(0, 13))
    .execute();
  return ids;
}
