import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { DebunkStatus } from '#platform/db/schema.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, can, scopeOf, signedIn } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import * as experts from '../experts/repo.ts';
import { publicExpertView } from '../experts/service.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { assertDivisionCodes, assertReferenceCodes } from '../reference/service.ts';
import * as works from '../works/repo.ts';
import { versionOf } from '../works/service.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type { DebunkInput } from './schema.ts';
import './search.ts';

type Claim = { rumour: string; truth: string };
type Source = { platform: string; account: string; link: string };
const parse = <T>(s: string): T => JSON.parse(s) as T;

/** The status steps: DETECTED → VERIFYING → one verdict; a verdict is final. */
export const NEXT: Record<DebunkStatus, DebunkStatus[]> = {
  DETECTED: ['VERIFYING'],
  VERIFYING: ['DEBUNKED', 'CONFIRMED', 'PARTIAL'],
  DEBUNKED: [],
  CONFIRMED: [],
  PARTIAL: [],
};
export const VERDICTS = ['DEBUNKED', 'CONFIRMED', 'PARTIAL'] as const;
type Verdict = (typeof VERDICTS)[number];
const isVerdict = (s: DebunkStatus): s is Verdict => (VERDICTS as readonly string[]).includes(s);

const STAFF = ['MEMBER', 'EDITOR', 'ORG_ADMIN', 'REVIEWER'] as const;

/** 404 for someone outside the owner's reach (no role on it or above); then the action's check. */
function authorizeOn(me: Actor, act: string, orgPath: string) {
  const s = scopeOf(me, STAFF);
  if (s !== 'ALL' && !s.some((p) => orgPath.startsWith(p))) throw new AppError('NOT_FOUND');
  return authorize(me, act, { orgPath });
}

async function load(db: Executor, actor: Actor | null, id: string, act: string) {
  const me = signedIn(actor);
  const d = await repo.findDebunk(db, id);
  if (!d) throw new AppError('NOT_FOUND');
  authorizeOn(me, act, d.orgPath);
  return { me, d };
}

async function validate(tx: Executor, input: DebunkInput) {
  if (input.hazard) await assertReferenceCodes(tx, 'hazard', 'HAZARD_TYPE', [input.hazard]);
  if (input.divisionCode) await assertDivisionCodes(tx, 'divisionCode', [input.divisionCode]);
  const unknown: string[] = [];
  for (const id of new Set(input.expertIds))
    if (!(await experts.isExpert(tx, id))) unknown.push(id);
  if (unknown.length)
    throw fieldErrors([
      { field: 'expertIds', zh: '不在专家库中', en: 'not in the expert directory' },
    ]);
}

function columnsOf(input: DebunkInput) {
  return {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    claims: JSON.stringify(input.claims),
    authority: input.authority,
    expertIds: JSON.stringify([...new Set(input.expertIds)]),
    sources: JSON.stringify(input.sources),
    hazard: input.hazard,
    divisionCode: input.divisionCode,
    date: input.date,
  };
}

/** The named experts: names for the console; `public` when they have a public page. */
async function expertRefs(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .leftJoin('expertProfiles', 'expertProfiles.userId', 'users.id')
    .select([
      'users.id',
      'users.displayName',
      'expertProfiles.title',
      'expertProfiles.publicConsentAt',
    ])
    .where('users.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r
      ? [
          {
            userId: id,
            name: r.displayName,
            title: r.title ?? null,
            organisationName: null,
            public: !!r.publicConsentAt,
          },
        ]
      : [];
  });
}

async function present(db: Executor, actor: Actor, d: repo.DebunkWithOrg) {
  const counts = await repo.reportCounts(db, [d.id]);
  return {
    id: d.id,
    organisationId: d.organisationId,
    organisationName: d.organisationName,
    kind: d.kind,
    title: d.title,
    summary: d.summary,
    claims: parse<Claim[]>(d.claims),
    authority: d.authority,
    experts: await expertRefs(db, parse<string[]>(d.expertIds)),
    sources: parse<Source[]>(d.sources),
    hazard: d.hazard,
    divisionCode: d.divisionCode,
    date: d.date,
    status: d.status,
    workId: d.workId,
    publishedAt: d.publishedAt,
    reports: counts.get(d.id) ?? 0,
    updatedAt: d.updatedAt,
    canEdit: can(actor, 'debunk.manage', { orgPath: d.orgPath }),
  };
}

export async function listDebunks(
  db: Db,
  actor: Actor | null,
  q: Parameters<typeof repo.listDebunks>[2],
) {
  const me = signedIn(actor);
  const { rows, total } = await repo.listDebunks(db, scopeOf(me, STAFF), q);
  return { items: rows, total, page: q.page, pageSize: q.pageSize };
}

export async function getDebunk(db: Db, actor: Actor | null, id: string) {
  const { me, d } = await load(db, actor, id, 'debunk.read');
  return present(db, me, d);
}

export async function createDebunk(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: DebunkInput,
) {
  const me = signedIn(actor);
  const org = await requireOrganisationRef(db, input.organisationId);
  authorize(me, 'debunk.manage', { orgPath: org.path });
  if (!org.active)
    throw ruleError('RULE_BROKEN', '所属单位已停用', 'The owning unit is deactivated');
  const id = newId();
  await db.transaction().execute(async (tx) => {
    await validate(tx, input);
    const at = nowIso();
    await repo.insertDebunk(tx, {
      id,
      organisationId: org.id,
      ...columnsOf(input),
      status: 'DETECTED',
      workId: null,
      publishedAt: null,
      views: 0,
      createdBy: me.userId,
      createdAt: at,
      updatedAt: at,
    });
    await recordAudit(tx, ctx, {
      action: 'debunk.create',
      entityType: 'debunk',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.title },
    });
  });
  return present(db, me, (await repo.findDebunk(db, id))!);
}

export async function updateDebunk(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: DebunkInput,
) {
  const { me, d } = await load(db, actor, id, 'debunk.manage');
  const org = await requireOrganisationRef(db, input.organisationId);
  if (org.id !== d.organisationId) authorize(me, 'debunk.manage', { orgPath: org.path });
  await db.transaction().execute(async (tx) => {
    await validate(tx, input);
    const at = nowIso();
    await repo.updateDebunk(tx, id, { organisationId: org.id, ...columnsOf(input), updatedAt: at });
    const next = (await repo.findDebunk(tx, id))!;
    if (next.workId && next.publishedAt) await syncWork(tx, next, me.userId, at);
    await recordAudit(tx, ctx, {
      action: 'debunk.update',
      entityType: 'debunk',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.title },
    });
    if (next.publishedAt) await index(db, ctx, tx, next);
  });
  return present(db, me, (await repo.findDebunk(db, id))!);
}

/** One status step; 409 for a step the flow does not have (or that someone took first). */
export async function setStatus(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  status: DebunkStatus,
) {
  const { me, d } = await load(db, actor, id, 'debunk.manage');
  if (!NEXT[d.status].includes(status))
    throw ruleError(
      'STATE_CONFLICT',
      `核查状态不能从“${STATUS_ZH[d.status]}”变为“${STATUS_ZH[status]}”`,
      `The status cannot go from ${d.status} to ${status}`,
    );
  await db.transaction().execute(async (tx) => {
    const ok = await repo.stepStatus(tx, id, d.status, { status, updatedAt: nowIso() });
    if (!ok)
      throw ruleError('STATE_CONFLICT', '状态已被他人修改，请刷新', 'Changed meanwhile; reload');
    await recordAudit(tx, ctx, {
      action: 'debunk.status',
      entityType: 'debunk',
      entityId: id,
      organisationId: d.organisationId,
      detail: { name: d.title, from: d.status, to: status },
    });
  });
  return present(db, me, (await repo.findDebunk(db, id))!);
}

export const STATUS_ZH: Record<DebunkStatus, string> = {
  DETECTED: '已发现',
  VERIFYING: '核查中',
  DEBUNKED: '已辟谣（不实）',
  CONFIRMED: '属实',
  PARTIAL: '部分属实',
};
const KIND_ZH = { DEBUNK: '辟谣', EXPLAINER: '科普', NOTICE: '通报' } as const;
const CLAIM_NO = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const esc = (s: string) =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
const paras = (s: string) =>
  s
    .split(/\n+/)
    .filter((p) => p.trim())
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');

/** The library work's text: each claim (谣言一 … 真相), then the verifying authority. */
export function workBody(d: Pick<repo.DebunkRow, 'claims' | 'authority' | 'sources'>): string {
  const claims = parse<Claim[]>(d.claims);
  const parts = claims.map(
    (c, i) =>
      `<h2>${claims.length > 1 ? `谣言${CLAIM_NO[i] ?? i + 1}` : '谣言'}</h2>${paras(c.rumour)}<h3>真相</h3>${paras(c.truth)}`,
  );
  if (d.authority) parts.push(`<p>核实单位：${esc(d.authority)}</p>`);
  const sources = parse<Source[]>(d.sources).filter((s) => s.platform || s.account);
  if (sources.length)
    parts.push(
      `<p>来源：${sources.map((s) => esc([s.platform, s.account].filter(Boolean).join(' '))).join('；')}</p>`,
    );
  return parts.join('');
}

function workFields(d: repo.DebunkRow) {
  return {
    title: d.title,
    summary: (d.summary || parse<Claim[]>(d.claims)[0]?.truth || '').slice(0, 500),
    body: workBody(d),
    regions: JSON.stringify(d.divisionCode ? [d.divisionCode] : []),
    organisationId: d.organisationId,
  };
}

/** A published debunk's work follows its edits: a new version with the new text. */
async function syncWork(tx: Executor, d: repo.DebunkRow, userId: string, at: string) {
  const w = await works.findWork(tx, d.workId!);
  if (!w) return;
  const version = w.version + 1;
  const patch = { ...workFields(d), version, publishedVersion: version, updatedAt: at };
  await works.updateWork(tx, w.id, patch);
  await works.insertVersion(tx, versionOf({ ...w, ...patch }, version, userId, '辟谣修改', at));
}

/** Index the debunk (type `debunk`) and re-index its work, which leaves the `work` results. */
async function index(db: Db, ctx: RequestContext, tx: Executor, d: repo.DebunkRow) {
  const engine = searchEngineFor(db, ctx.dialect);
  await engine.index(tx, 'debunk', [d.id]);
  if (d.workId) await engine.index(tx, 'work', [d.workId]);
}

/**
 * Publishing a verified entry (a verdict reached): public on the portal and in the feeds, and a
 * work of type DEBUNK in the library (published as it is: the verification is its check).
 */
export async function publish(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  const { me, d } = await load(db, actor, id, 'debunk.manage');
  if (!isVerdict(d.status))
    throw ruleError(
      'STATE_CONFLICT',
      '核查尚未完成：得出结论（不实、属实或部分属实）后才能发布',
      'Not verified yet: reach a verdict before publishing',
    );
  if (d.publishedAt) throw ruleError('STATE_CONFLICT', '已经发布', 'Already published');
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    let workId = d.workId;
    if (workId) {
      await works.updateWork(tx, workId, {
        status: 'PUBLISHED',
        publishedAt: at,
        updatedAt: at,
      });
    } else {
      const row = works.newWorkRow({
        type: 'DEBUNK',
        status: 'PUBLISHED',
        createdBy: me.userId,
        createdAt: at,
        ...workFields(d),
        publicationDate: d.date,
        source: d.authority || null,
        publishedVersion: 1,
        checkedVersion: 1,
        publishedAt: at,
      });
      workId = row.id;
      await works.insertWork(tx, row);
      await works.insertVersion(tx, versionOf(row, 1, me.userId, null, at));
    }
    const ok = await repo.stepStatus(tx, id, d.status, { publishedAt: at, workId, updatedAt: at });
    if (!ok)
      throw ruleError('STATE_CONFLICT', '状态已被他人修改，请刷新', 'Changed meanwhile; reload');
    await recordAudit(tx, ctx, {
      action: 'debunk.publish',
      entityType: 'debunk',
      entityId: id,
      organisationId: d.organisationId,
      detail: { name: d.title, workId },
    });
    await index(db, ctx, tx, (await repo.findDebunk(tx, id))!);
  });
  return present(db, me, (await repo.findDebunk(db, id))!);
}

/** Takes a published debunk off the portal; its work is withdrawn from the library too. */
export async function unpublish(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  const { me, d } = await load(db, actor, id, 'debunk.manage');
  if (!d.publishedAt) throw ruleError('STATE_CONFLICT', '尚未发布', 'Not published');
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    await repo.updateDebunk(tx, id, { publishedAt: null, updatedAt: at });
    if (d.workId) await works.updateWork(tx, d.workId, { status: 'WITHDRAWN', updatedAt: at });
    await recordAudit(tx, ctx, {
      action: 'debunk.unpublish',
      entityType: 'debunk',
      entityId: id,
      organisationId: d.organisationId,
      detail: { name: d.title },
    });
    await index(db, ctx, tx, (await repo.findDebunk(tx, id))!);
  });
  return present(db, me, (await repo.findDebunk(db, id))!);
}

// ── Public

export async function listPublic(db: Db, q: Parameters<typeof repo.listPublic>[1]) {
  const { rows, total } = await repo.listPublic(db, q);
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      hazard: r.hazard,
      publishedAt: r.publishedAt!,
      summary: r.summary,
      divisionCode: r.divisionCode,
      verdict: r.status as Verdict,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The public entry: experts only with their public page (others are left out by name too). */
export async function publicDebunk(db: Executor, id: string, locale: Locale = 'zh-CN') {
  const d = await repo.findDebunk(db, id);
  if (!d?.publishedAt) throw new AppError('NOT_FOUND');
  const named = [];
  for (const userId of parse<string[]>(d.expertIds)) {
    const e = await publicExpertView(db, userId, locale).catch(() => null);
    if (e)
      named.push({
        userId,
        name: e.name,
        title: e.title ?? null,
        organisationName: e.organisationName ?? null,
      });
  }
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    verdict: d.status as Verdict,
    summary: d.summary,
    claims: parse<Claim[]>(d.claims),
    authority: d.authority,
    experts: named,
    sources: parse<Source[]>(d.sources),
    hazard: d.hazard,
    divisionCode: d.divisionCode,
    date: d.date,
    organisationName: d.organisationName,
    publishedAt: d.publishedAt,
    workId: d.workId,
  };
}

export async function viewPublic(db: Db, id: string, locale: Locale) {
  const out = await publicDebunk(db, id, locale);
  await repo.countView(db, id);
  return out;
}

export { KIND_ZH };
