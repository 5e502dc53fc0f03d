/**
 * The expert directory (科普专家库): an expert's own profile (title and rank, unit, domains,
 * regions, languages, services, availability, bio, publications, works, photo, each part public
 * or private by the person's choice, and declared ties), its verification by the expert's unit,
 * the directory the office and units search, and the portal's public pages. The review engine's
 * reviewer pool, conflict checks and automatic assignment read experts from here (`expertPool`).
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, fieldError, ruleError } from '#platform/errors.ts';
import { divisionFullNames } from '#platform/forms/present.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, can } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { activitiesLedBy } from '../activities/leaders.ts';
import { linkMedia } from '../media/service.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { assertDivisionCodes, assertReferenceCodes } from '../reference/service.ts';
import './policy.ts';
import './search.ts';
import './personal.ts';
import { honorificsOf } from '../appointments/repo.ts';
import * as repo from './repo.ts';
import type {
  EXPERT_AVAILABILITY,
  EXPERT_RANKS,
  EXPERT_SERVICES,
  ExpertDirectoryQuery,
  ExpertProfileInput,
  ExpertPublicField,
} from './schema.ts';

/** Experts with their specialties, role units, ties and whether they can sign in. */
export const expertPool = (db: Executor) => repo.expertPool(db);
export type PoolExpert = Awaited<ReturnType<typeof repo.expertPool>>[number];

/** The owner type of an expert's photo in media links (public while the page is). */
const PHOTO_OWNER = 'expert';

type Rank = (typeof EXPERT_RANKS)[number];
type Service = (typeof EXPERT_SERVICES)[number];
type Availability = (typeof EXPERT_AVAILABILITY)[number];
type Publication = ExpertProfileInput['publications'][number];

const parse = <T>(json: string | null | undefined, empty: T): T =>
  json ? (JSON.parse(json) as T) : empty;

export async function getMyProfile(db: Db, actor: Actor | null, locale: Locale) {
  const me = authorize(actor, 'expert.profile');
  return profileView(db, me.userId, locale);
}

/** One expert's whole profile for the directory's readers (404 for a person not in it). */
export async function getExpert(db: Db, actor: Actor | null, userId: string, locale: Locale) {
  const reader = authorize(actor, 'expert.list');
  if (!(await repo.isExpert(db, userId))) throw new AppError('NOT_FOUND');
  return profileView(db, userId, locale, reader);
}

/** The whole profile; `reader`: who reads it (whether they may verify it). */
async function profileView(db: Executor, userId: string, locale: Locale, reader?: Actor) {
  const found = await repo.expertProfileOf(db, userId);
  if (!found) throw new AppError('NOT_FOUND');
  const { user, profile: p, ties } = found;
  const regions = parse<string[]>(p?.regions, []);
  const workIds = parse<string[]>(p?.workIds, []);
  const [names, works] = await Promise.all([
    divisionFullNames(db, regions, locale),
    repo.authoredWorks(db, userId, workIds),
  ]);
  return {
    userId,
    displayName: user.displayName,
    title: p?.title ?? '',
    rank: (p?.rank ?? null) as Rank | null,
    organisationId: p?.organisationId ?? null,
    organisationName: p?.organisationName ?? null,
    sectors: parse<string[]>(p?.sectors, []),
    topics: parse<string[]>(p?.topics, []),
    hazards: parse<string[]>(p?.hazards, []),
    regions,
    regionNames: regions.map((code) => ({ code, label: names.get(code) ?? code })),
    languages: parse<string[]>(p?.languages, []),
    services: parse<Service[]>(p?.services, []),
    availability: (p?.availability ?? 'AVAILABLE') as Availability,
    availabilityNote: p?.availabilityNote ?? '',
    availableUntil: p?.availableUntil ?? null,
    bio: p?.bio ?? '',
    publications: parse<Publication[]>(p?.publications, []),
    workIds,
    works: works.map((w) => ({ id: w.id, title: w.title })),
    photoMediaId: p?.photoMediaId ?? null,
    publicFields: parse<ExpertPublicField[]>(p?.publicFields, []),
    publicProfile: !!p?.publicConsentAt,
    verified: p?.verifiedAt
      ? {
          at: p.verifiedAt,
          byName: p.verifiedByName ?? '',
          organisationName: p.verifiedOrgName ?? '',
        }
      : null,
    ties,
    signIn: user.signIn,
    canVerify: !!reader && mayVerify(reader, userId, p?.organisationPath ?? null),
  };
}

/** Administrators of the expert's unit (or above it), never the expert themselves. */
const mayVerify = (actor: Actor, userId: string, orgPath: string | null) =>
  actor.userId !== userId && !!orgPath && can(actor, 'expert.verify', { orgPath });

export async function putMyProfile(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: ExpertProfileInput,
  locale: Locale,
) {
  const me = authorize(actor, 'expert.profile');
  await db.transaction().execute(async (tx) => {
    await assertReferenceCodes(tx, 'sectors', 'SECTOR', input.sectors);
    await assertReferenceCodes(tx, 'topics', 'TOPIC', input.topics);
    await assertReferenceCodes(tx, 'hazards', 'HAZARD_TYPE', input.hazards);
    await assertDivisionCodes(tx, 'regions', input.regions);
    if (input.organisationId) await requireOrganisationRef(tx, input.organisationId);
    for (const t of input.ties) await requireOrganisationRef(tx, t.organisationId);
    if (input.availability === 'AVAILABLE' && input.availableUntil)
      throw fieldError(
        'availableUntil',
        '“可以接受邀请”时不需要截止日期',
        'no until-date when available',
      );
    const works = await repo.authoredWorks(tx, me.userId, input.workIds);
    const mine = new Set(works.map((w) => w.id));
    const notMine = input.workIds.filter((id) => !mine.has(id));
    if (notMine.length)
      throw fieldError(
        'workIds',
        '只能列出作者中有您本人的作品',
        'only works that name you as an author can be listed',
      );
    if (input.photoMediaId && !(await repo.ownImage(tx, me.userId, input.photoMediaId)))
      throw fieldError(
        'photoMediaId',
        '照片必须是您本人上传的图片',
        'the photo must be an image you uploaded',
      );
    const before = (await repo.expertProfileOf(tx, me.userId))?.profile;
    const at = nowIso();
    // Verification stands for what was checked: a new rank or unit is checked again.
    const keepsVerification =
      !!before?.verifiedAt &&
      before.rank === input.rank &&
      before.organisationId === input.organisationId;
    const consentAt = input.publicProfile ? (before?.publicConsentAt ?? at) : null;
    await repo.replaceExpertProfile(
      tx,
      {
        userId: me.userId,
        title: input.title,
        rank: input.rank,
        organisationId: input.organisationId,
        sectors: JSON.stringify(input.sectors),
        topics: JSON.stringify(input.topics),
        hazards: JSON.stringify(input.hazards),
        regions: JSON.stringify([...new Set(input.regions)]),
        languages: JSON.stringify([...new Set(input.languages)]),
        services: JSON.stringify([...new Set(input.services)]),
        availability: input.availability,
        availabilityNote: input.availability === 'AVAILABLE' ? '' : input.availabilityNote,
        availableUntil: input.availableUntil,
        bio: input.bio,
        publications: JSON.stringify(input.publications),
        workIds: JSON.stringify([...new Set(input.workIds)]),
        photoMediaId: input.photoMediaId,
        publicFields: JSON.stringify([...new Set(input.publicFields)]),
        publicConsentAt: consentAt,
        verifiedAt: keepsVerification ? before!.verifiedAt : null,
        verifiedBy: keepsVerification ? before!.verifiedBy : null,
        verifiedOrgId: keepsVerification ? before!.verifiedOrgId : null,
        updatedAt: at,
      },
      [
        ...tagsOf('SECTOR', input.sectors),
        ...tagsOf('TOPIC', input.topics),
        ...tagsOf('HAZARD', input.hazards),
        ...tagsOf('REGION', input.regions),
        ...tagsOf('SERVICE', input.services),
      ].map((t) => ({ ...t, userId: me.userId })),
      input.ties.map((t) => ({
        id: newId(),
        userId: me.userId,
        organisationId: t.organisationId,
        kind: t.kind,
        note: t.note,
        createdAt: at,
      })),
    );
    await linkMedia(
      tx,
      { type: PHOTO_OWNER, id: me.userId },
      { coverId: input.photoMediaId, mediaIds: [] },
      !!consentAt && input.publicFields.includes('photo'),
    );
    await recordAudit(tx, ctx, {
      action: 'expert.profile',
      entityType: 'user',
      entityId: me.userId,
      organisationId: input.organisationId,
      detail: {
        sectors: input.sectors,
        topics: input.topics,
        hazards: input.hazards,
        rank: input.rank,
        ties: input.ties.length,
        public: !!consentAt,
        ...(before?.verifiedAt && !keepsVerification ? { verificationCleared: true } : {}),
      },
    });
    await searchEngineFor(db, ctx.dialect).index(tx, 'expert', [me.userId]);
    if (!!before?.publicConsentAt !== !!consentAt)
      await recordAudit(tx, ctx, {
        action: consentAt ? 'expert.publicConsent' : 'expert.publicWithdrawn',
        entityType: 'user',
        entityId: me.userId,
      });
  });
  return profileView(db, me.userId, locale);
}

const tagsOf = <K extends 'SECTOR' | 'TOPIC' | 'HAZARD' | 'REGION' | 'SERVICE'>(
  kind: K,
  codes: readonly string[],
) => [...new Set(codes)].map((code) => ({ kind, code }));

/** Verifies (or withdraws the verification of) an expert's profile, by their unit's admin. */
export async function verifyExpert(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  userId: string,
  verified: boolean,
  locale: Locale,
) {
  await db.transaction().execute(async (tx) => {
    const found = await repo.expertProfileOf(tx, userId);
    if (!found || !(await repo.isExpert(tx, userId))) throw new AppError('NOT_FOUND');
    const p = found.profile;
    const orgPath = p?.organisationPath ?? null;
    if (!p?.organisationId || !orgPath) {
      authorize(actor, 'expert.list');
      throw ruleError(
        'RULE_BROKEN',
        '该专家尚未填写所在单位，无法核实',
        'The expert has not named their unit, so there is nothing to verify against',
      );
    }
    const by = authorize(actor, 'expert.verify', { orgPath });
    if (!mayVerify(by, userId, orgPath)) throw new AppError('FORBIDDEN');
    if (verified && !p.rank)
      throw ruleError(
        'RULE_BROKEN',
        '该专家尚未填写职称级别，无法核实',
        'The expert has not given a rank to verify',
      );
    await repo.setVerification(
      tx,
      userId,
      verified
        ? { verifiedAt: nowIso(), verifiedBy: by.userId, verifiedOrgId: p.organisationId }
        : null,
    );
    await recordAudit(tx, ctx, {
      action: verified ? 'expert.verify' : 'expert.unverify',
      entityType: 'user',
      entityId: userId,
      organisationId: p.organisationId,
      detail: { rank: p.rank, title: p.title },
    });
  });
  return profileView(db, userId, locale, actor ?? undefined);
}

/** The directory for the office and units: filtered, paged, with this year's review load. */
export async function listExperts(
  db: Db,
  actor: Actor | null,
  query: ExpertDirectoryQuery,
  locale: Locale,
) {
  authorize(actor, 'expert.list');
  let orgPath: string | undefined;
  if (query.organisationId) {
    orgPath = await repo.organisationPath(db, query.organisationId);
    if (!orgPath) throw fieldError('organisationId', '没有这个单位', 'no such organisation');
  }
  const { items, total } = await repo.directory(
    db,
    {
      q: query.q,
      tags: [
        { kind: 'SECTOR', codes: query.sector },
        { kind: 'TOPIC', codes: query.topic },
        { kind: 'HAZARD', codes: query.hazard },
        { kind: 'SERVICE', codes: query.service },
      ],
      region: query.region,
      ranks: query.rank,
      availability: query.availability,
      orgPath,
      verified: query.verified === undefined ? undefined : query.verified === 'yes',
    },
    {
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
      sort: query.sort,
    },
  );
  const names = await divisionFullNames(
    db,
    items.flatMap((r) => parse<string[]>(r.regions, [])),
    locale,
  );
  return {
    items: items.map((r) => ({
      userId: r.userId,
      displayName: r.displayName,
      title: r.title ?? '',
      rank: (r.rank ?? null) as Rank | null,
      organisationId: r.organisationId ?? null,
      organisationName: r.organisationName ?? null,
      sectors: parse<string[]>(r.sectors, []),
      topics: parse<string[]>(r.topics, []),
      hazards: parse<string[]>(r.hazards, []),
      regionNames: parse<string[]>(r.regions, []).map((code) => ({
        code,
        label: names.get(code) ?? code,
      })),
      services: parse<Service[]>(r.services, []),
      availability: (r.availability ?? 'AVAILABLE') as Availability,
      availableUntil: r.availableUntil ?? null,
      verified: !!r.verifiedAt,
      publicProfile: !!r.publicConsentAt,
      load: r.load,
      signIn: r.signIn,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

type DirectoryRow = Awaited<ReturnType<typeof repo.directory>>['items'][number];

/**
 * What the public sees of an expert: the name, whether the unit verified the profile, and only
 * the parts the person chose to show. Private parts are never copied into the answer.
 */
function publicView(
  r: DirectoryRow & { publications?: string | null; workRows?: { id: string; title: string }[] },
  names: Map<string, string>,
) {
  const shown = new Set(parse<ExpertPublicField[]>(r.publicFields, []));
  const out: Record<string, unknown> = {
    id: r.userId,
    name: r.displayName,
    verified: !!r.verifiedAt,
  };
  if (shown.has('title') && r.title) out.title = r.title;
  if (shown.has('rank') && r.rank) out.rank = r.rank;
  if (shown.has('organisation') && r.organisationName) out.organisationName = r.organisationName;
  if (shown.has('sectors')) out.sectors = parse<string[]>(r.sectors, []);
  if (shown.has('topics')) out.topics = parse<string[]>(r.topics, []);
  if (shown.has('hazards')) out.hazards = parse<string[]>(r.hazards, []);
  if (shown.has('regions'))
    out.regions = parse<string[]>(r.regions, []).map((code) => ({
      code,
      label: names.get(code) ?? code,
    }));
  if (shown.has('languages')) out.languages = parse<string[]>(r.languages, []);
  if (shown.has('services')) out.services = parse<Service[]>(r.services, []);
  if (shown.has('bio') && r.bio) out.bio = r.bio;
  if (shown.has('photo') && r.photoMediaId) out.photoUrl = `/api/media/${r.photoMediaId}/display`;
  if (shown.has('publications') && r.publications !== undefined)
    out.publications = parse<Publication[]>(r.publications, []);
  if (shown.has('works') && r.workRows) out.works = r.workRows;
  return out as {
    id: string;
    name: string;
    verified: boolean;
    title?: string;
    rank?: Rank;
    organisationName?: string;
    sectors?: string[];
    topics?: string[];
    hazards?: string[];
    regions?: { code: string; label: string }[];
    languages?: string[];
    services?: Service[];
    bio?: string;
    photoUrl?: string;
    publications?: Publication[];
    works?: { id: string; title: string }[];
  };
}

/** The portal's 专家 list: experts with a public page, verified ones first. */
export async function publicExperts(
  db: Db,
  query: {
    q?: string;
    hazard?: string;
    sector?: string;
    region?: string;
    page: number;
    pageSize: number;
  },
  locale: Locale,
) {
  const { items, total } = await repo.directory(
    db,
    {
      q: query.q,
      tags: [
        { kind: 'HAZARD', codes: query.hazard ? [query.hazard] : [] },
        { kind: 'SECTOR', codes: query.sector ? [query.sector] : [] },
      ],
      region: query.region,
      ranks: [],
      availability: [],
      publicOnly: true,
    },
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize, sort: 'name' },
  );
  const names = await divisionFullNames(
    db,
    items.flatMap((r) => parse<string[]>(r.regions, [])),
    locale,
  );
  const held = await honorificsOf(
    db,
    items.map((r) => r.userId),
  );
  return {
    items: items.map((r) => ({ ...publicView(r, names), honorifics: held.get(r.userId) ?? [] })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** All of time, as a led-activities range. */
const ALL_TIME = { from: '1970-01-01T00:00:00.000Z', to: '9999-12-31T00:00:00.000Z' };
/** Led activities on the public page: the latest this many. */
const LED_ON_PAGE = 20;

/** One expert's public page (with 主讲的活动); 404 unless the person consented to one. */
export async function publicExpert(db: Db, userId: string, locale: Locale) {
  const view = await publicExpertView(db, userId, locale);
  const led = await activitiesLedBy(db, userId, ALL_TIME, { limit: LED_ON_PAGE });
  return {
    ...view,
    ledActivities: led.items.map((a) => ({
      id: a.id,
      title: a.title,
      role: a.role,
      startsAt: a.startsAt,
    })),
    ledActivitiesTotal: led.total,
  };
}

/** The public view of one expert (the page and the search document); 404 without consent. */
export async function publicExpertView(db: Executor, userId: string, locale: Locale) {
  const found = await repo.expertProfileOf(db, userId);
  const p = found?.profile;
  if (!found || !p?.publicConsentAt || found.user.status !== 'ACTIVE')
    throw new AppError('NOT_FOUND');
  if (!(await repo.isExpert(db, userId))) throw new AppError('NOT_FOUND');
  const shown = new Set(parse<ExpertPublicField[]>(p.publicFields, []));
  const [names, works] = await Promise.all([
    divisionFullNames(db, parse<string[]>(p.regions, []), locale),
    shown.has('works')
      ? repo.authoredWorks(db, userId, parse<string[]>(p.workIds, []))
      : Promise.resolve([]),
  ]);
  const view = publicView(
    {
      ...p,
      userId,
      displayName: found.user.displayName,
      status: found.user.status,
      hasPassword: 0,
      organisationName: p.organisationName ?? '',
      load: 0,
      signIn: found.user.signIn,
      workRows: works.filter((w) => w.published).map((w) => ({ id: w.id, title: w.title })),
    },
    names,
  );
  return { ...view, honorifics: (await honorificsOf(db, [userId])).get(userId) ?? [] };
}
