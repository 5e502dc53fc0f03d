import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { AuditAction } from '#platform/audit-actions.ts';
import type { Db, Executor, Tx } from '#platform/db/connect.ts';
import type { WorkVersionTable } from '#platform/db/schema.ts';
import { diffSlots, diffTextOffThread } from '#platform/diff-pool.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, isPlatformAdmin, ROLES, scopeOf } from '#platform/policy.ts';
import { sanitizeRichText } from '#platform/richtext.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { assertMediaRefs, describeMedia, linkMedia, publishLinks } from '../media/service.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { assertDivisionCodes, assertReferenceCodes } from '../reference/service.ts';
import { activeUserIds } from '../users/repo.ts';
import './policy.ts';
import { WORK_CHECKED } from './notifications.ts';
import * as repo from './repo.ts';
import type {
  CheckWorkSchema,
  CreateWorkSchema,
  ListWorksQuery,
  UpdateWorkSchema,
  Work,
  WorkContent,
} from './schema.ts';
import './search.ts';

type Status = repo.WorkRow['status'];

const STATUS_LABEL: Record<Status, { zh: string; en: string }> = {
  DRAFT: { zh: '草稿', en: 'draft' },
  SUBMITTED: { zh: '待审核', en: 'submitted' },
  CHECKED: { zh: '审核通过', en: 'checked' },
  PUBLISHED: { zh: '已发布', en: 'published' },
  WITHDRAWN: { zh: '已撤回', en: 'withdrawn' },
  ARCHIVED: { zh: '已归档', en: 'archived' },
};

/** 409 naming what the action needs and where the work stands. */
function wrongState(work: repo.WorkRow, needZh: string, needEn: string): AppError {
  const s = STATUS_LABEL[work.status];
  return ruleError(
    'STATE_CONFLICT',
    `${needZh}（当前状态：${s.zh}）`,
    `${needEn} (the work is ${s.en})`,
  );
}

const CONTENT_FIELDS = [
  'type',
  'title',
  'summary',
  'body',
  'authors',
  'sectors',
  'topics',
  'audiences',
  'themeDays',
  'regions',
  'language',
  'licence',
  'source',
  'isbn',
  'issn',
  'publicationDate',
  'coverId',
  'mediaIds',
] as const satisfies readonly (keyof WorkContent)[];

/** The content of a stored work, as a version snapshot holds it. */
export function contentOf(row: repo.WorkRow): WorkContent {
  return {
    type: row.type,
    title: row.title,
    summary: row.summary,
    body: row.body,
    authors: JSON.parse(row.authors),
    sectors: JSON.parse(row.sectors),
    topics: JSON.parse(row.topics),
    audiences: JSON.parse(row.audiences),
    themeDays: JSON.parse(row.themeDays),
    regions: JSON.parse(row.regions),
    language: row.language as WorkContent['language'],
    licence: row.licence,
    source: row.source,
    isbn: row.isbn,
    issn: row.issn,
    publicationDate: row.publicationDate,
    coverId: row.coverId,
    mediaIds: JSON.parse(row.mediaIds),
  };
}

/** A saved edit of a work as a version: the snapshot of its content, who saved it and when. */
export function versionOf(
  row: repo.WorkRow,
  version: number,
  createdBy: string,
  note: string | null,
  createdAt: string,
): WorkVersionTable {
  return {
    workId: row.id,
    version,
    snapshot: JSON.stringify(contentOf(row)),
    createdBy,
    note,
    createdAt,
  };
}

function columnsOf(c: WorkContent) {
  return {
    type: c.type,
    title: c.title,
    summary: c.summary,
    body: sanitizeRichText(c.body),
    authors: JSON.stringify(c.authors),
    sectors: JSON.stringify([...new Set(c.sectors)]),
    topics: JSON.stringify([...new Set(c.topics)]),
    audiences: JSON.stringify([...new Set(c.audiences)]),
    themeDays: JSON.stringify([...new Set(c.themeDays)]),
    regions: JSON.stringify([...new Set(c.regions)]),
    language: c.language,
    licence: c.licence,
    source: c.source,
    isbn: c.isbn,
    issn: c.issn,
    publicationDate: c.publicationDate,
    coverId: c.coverId,
    mediaIds: JSON.stringify([...new Set(c.mediaIds)]),
  };
}

/** Tags must be active reference codes: a work cannot carry a sector that does not exist. */
async function validateTags(db: Executor, c: WorkContent) {
  await assertReferenceCodes(db, 'type', 'WORK_TYPE', [c.type]);
  await assertReferenceCodes(db, 'sectors', 'SECTOR', c.sectors);
  await assertReferenceCodes(db, 'topics', 'TOPIC', c.topics);
  await assertReferenceCodes(db, 'audiences', 'AUDIENCE', c.audiences);
  await assertReferenceCodes(db, 'themeDays', 'THEME_DAY', c.themeDays);
  await assertDivisionCodes(db, 'regions', c.regions);
}

/**
 * Registered authors: an account linked in this edit exists and is active (co-authors may be of
 * any unit: a review's conflict check reads these links). Links already there stay, even to an
 * account disabled since.
 */
async function validateAuthors(
  db: Executor,
  authors: WorkContent['authors'],
  linkedBefore: (string | null | undefined)[] = [],
) {
  const isNew = (userId: string | null | undefined): userId is string =>
    !!userId && !linkedBefore.includes(userId);
  const ids = [...new Set(authors.map((a) => a.userId).filter(isNew))];
  if (ids.length === 0) return;
  const active = await activeUserIds(db, ids);
  const problems = authors.flatMap((a, i) =>
    isNew(a.userId) && !active.has(a.userId)
      ? [
          {
            field: `authors.${i}.userId`,
            zh: `作者 ${i + 1} 关联的账号不存在或已停用`,
            en: `the account linked to author ${i + 1} does not exist or is disabled`,
          },
        ]
      : [],
  );
  if (problems.length) throw fieldErrors(problems);
}

const resourceOf = (w: repo.WorkWithOrg) => ({ orgPath: w.orgPath, ownerId: w.createdBy });

function abilitiesOf(actor: Actor | null, w: repo.WorkWithOrg): Work['abilities'] {
  const r = resourceOf(w);
  return {
    edit: ['DRAFT', 'CHECKED', 'WITHDRAWN'].includes(w.status) && can(actor, 'work.editDraft', r),
    submit: w.status === 'DRAFT' && can(actor, 'work.submit', r),
    check: w.status === 'SUBMITTED' && can(actor, 'work.check', r),
    publish: w.status === 'CHECKED' && can(actor, 'work.publish', r),
    withdraw: w.status === 'PUBLISHED' && can(actor, 'work.withdraw', r),
    recall: w.status === 'SUBMITTED' && can(actor, 'work.submit', r),
    archive: ['PUBLISHED', 'WITHDRAWN'].includes(w.status) && can(actor, 'work.withdraw', r),
  };
}

async function presentWork(db: Executor, actor: Actor | null, w: repo.WorkWithOrg): Promise<Work> {
  const checks = await repo.listChecks(db, w.id);
  const content = contentOf(w);
  return {
    ...content,
    ...(await describeMedia(db, content)),
    id: w.id,
    status: w.status,
    organisationId: w.organisationId,
    organisationName: w.organisationName,
    createdBy: w.createdBy,
    version: w.version,
    checkedVersion: w.checkedVersion,
    publishedVersion: w.publishedVersion,
    publishedAt: w.publishedAt,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    checks: checks.map((c) => ({ ...c, decision: c.decision as 'PASSED' | 'RETURNED' })),
    abilities: abilitiesOf(actor, w),
  };
}

/**
 * Reviewers see submitted works anywhere and the works they have checked; otherwise the work.read
 * policy decides; 404 when hidden.
 */
async function loadReadable(
  db: Executor,
  actor: Actor | null,
  id: string,
): Promise<repo.WorkWithOrg> {
  const w = await repo.findWork(db, id);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!w) throw new AppError('NOT_FOUND');
  if (can(actor, 'work.read', resourceOf(w))) return w;
  if (w.status === 'SUBMITTED' && can(actor, 'work.check', resourceOf(w))) return w;
  if (await repo.hasChecked(db, id, actor.userId)) return w;
  throw new AppError('NOT_FOUND');
}

function indexWork(db: Db, ctx: RequestContext, tx: Executor, id: string) {
  return searchEngineFor(db, ctx.dialect).index(tx, 'work', [id]);
}

export async function createWork(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateWorkSchema>,
): Promise<Work> {
  // Refused before a write transaction is opened (and checked again inside it).
  authorize(actor, 'work.create', {
    orgPath: (await requireOrganisationRef(db, input.organisationId)).path,
  });
  const id = await db.transaction().execute((tx) => createWorkIn(tx, actor, ctx, input));
  return presentWork(db, actor, (await repo.findWork(db, id))!);
}

/** Creates a draft in the caller's transaction (another module's step that makes a work). */
export async function createWorkIn(
  tx: Tx,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateWorkSchema>,
): Promise<string> {
  const org = await requireOrganisationRef(tx, input.organisationId);
  const me = authorize(actor, 'work.create', { orgPath: org.path });
  if (!org.active)
    throw ruleError('RULE_BROKEN', '所属单位已停用', 'The owning unit is deactivated');
  const id = newId();
  await validateTags(tx, input);
  await validateAuthors(tx, input.authors);
  await assertMediaRefs(tx, me, org.path, { ...input, html: input.body });
  const at = nowIso();
  const row: repo.WorkRow = {
    id,
    ...columnsOf(input),
    status: 'DRAFT',
    organisationId: org.id,
    createdBy: me.userId,
    version: 1,
    checkedVersion: null,
    publishedVersion: null,
    publishedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  await repo.insertWork(tx, row);
  await repo.insertVersion(tx, versionOf(row, 1, me.userId, null, at));
  await linkMedia(tx, { type: 'work', id }, { ...input, html: row.body }, false);
  await recordAudit(tx, ctx, {
    action: 'work.create',
    entityType: 'work',
    entityId: id,
    organisationId: org.id,
    detail: { name: row.title },
  });
  return id;
}

export async function getWork(db: Db, actor: Actor | null, id: string): Promise<Work> {
  return presentWork(db, actor, await loadReadable(db, actor, id));
}

export async function listWorks(db: Db, actor: Actor | null, q: ListWorksQuery) {
  const me = authorize(actor, 'work.list');
  let rootPath: string | undefined;
  if (q.organisationId) rootPath = (await requireOrganisationRef(db, q.organisationId)).path;
  const scope = scopeOf(
    me,
    ROLES.filter((r) => r !== 'REVIEWER'),
  );
  const { rows, total } = await repo.listWorks(
    db,
    { ...q, rootPath },
    {
      all: scope === 'ALL',
      orgPaths: scope === 'ALL' ? [] : scope,
      userId: me.userId,
      reviewer: isPlatformAdmin(me) || me.grants.some((g) => g.role === 'REVIEWER'),
    },
  );
  return { items: rows, total, page: q.page, pageSize: q.pageSize };
}

/**
 * Saves an edit as a new version. Drafts, checked and withdrawn works may be edited; the result is
 * a draft again (a changed text needs a new science check). Submitted and published works may not.
 */
export async function updateWork(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateWorkSchema>,
): Promise<Work> {
  await db.transaction().execute(async (tx) => {
    const w = await loadReadable(tx, actor, id);
    const me = authorize(actor, 'work.editDraft', resourceOf(w));
    if (!['DRAFT', 'CHECKED', 'WITHDRAWN'].includes(w.status))
      throw wrongState(
        w,
        '只有草稿、审核通过或已撤回的作品可以修改',
        'Only drafts, checked or withdrawn works can be edited',
      );
    const { note, ...fields } = patch;
    const next: WorkContent = {
      ...contentOf(w),
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    };
    await validateTags(tx, next);
    if (fields.authors !== undefined)
      await validateAuthors(
        tx,
        next.authors,
        contentOf(w).authors.map((a) => a.userId),
      );
    if (fields.coverId !== undefined || fields.mediaIds !== undefined || fields.body !== undefined)
      await assertMediaRefs(tx, me, w.orgPath, { ...next, html: next.body });
    const version = w.version + 1;
    const at = nowIso();
    const columns = columnsOf(next);
    const moved = await repo.transition(tx, id, [w.status], {
      ...columns,
      status: 'DRAFT',
      version,
      updatedAt: at,
    });
    if (!moved)
      throw wrongState(
        w,
        '作品刚被他人修改，请刷新后重试',
        'The work changed meanwhile; reload and try again',
      );
    const saved = { ...w, ...columns };
    await repo.insertVersion(tx, versionOf(saved, version, me.userId, note ?? null, at));
    await linkMedia(tx, { type: 'work', id }, { ...next, html: columns.body }, false);
    await recordAudit(tx, ctx, {
      action: 'work.update',
      entityType: 'work',
      entityId: id,
      organisationId: w.organisationId,
      detail: { name: next.title, version, fields: Object.keys(fields) },
    });
    if (w.status === 'WITHDRAWN' || w.status === 'CHECKED') await indexWork(db, ctx, tx, id);
  });
  return getWork(db, actor, id);
}

interface Move {
  action: AuditAction;
  policy: string;
  from: Status[];
  to: Status;
  needZh: string;
  needEn: string;
  extra?: (w: repo.WorkWithOrg, at: string) => Partial<repo.WorkRow>;
  check?: (w: repo.WorkWithOrg) => void;
}

const MOVES = {
  submit: {
    action: 'work.submit',
    policy: 'work.submit',
    from: ['DRAFT'],
    to: 'SUBMITTED',
    needZh: '只有草稿可以提交审核',
    needEn: 'Only drafts can be submitted',
  },
  recall: {
    action: 'work.recall',
    policy: 'work.submit',
    from: ['SUBMITTED'],
    to: 'DRAFT',
    needZh: '只有待审核的作品可以撤回修改',
    needEn: 'Only submitted works can be recalled',
  },
  publish: {
    action: 'work.publish',
    policy: 'work.publish',
    from: ['CHECKED'],
    to: 'PUBLISHED',
    needZh: '只有通过科学性审核的作品可以发布',
    needEn: 'Only works that passed the science check can be published',
    check: (w) => {
      if (w.checkedVersion !== w.version)
        throw wrongState(
          w,
          '当前版本尚未通过科学性审核',
          'This version has not passed a science check',
        );
    },
    extra: (w, at) => ({ publishedVersion: w.version, publishedAt: at }),
  },
  withdraw: {
    action: 'work.withdraw',
    policy: 'work.withdraw',
    from: ['PUBLISHED'],
    to: 'WITHDRAWN',
    needZh: '只有已发布的作品可以撤回',
    needEn: 'Only published works can be withdrawn',
  },
  archive: {
    action: 'work.archive',
    policy: 'work.withdraw',
    from: ['PUBLISHED', 'WITHDRAWN'],
    to: 'ARCHIVED',
    needZh: '只有已发布或已撤回的作品可以归档',
    needEn: 'Only published or withdrawn works can be archived',
  },
} satisfies Record<string, Move>;

export type MoveName = keyof typeof MOVES;

/** One lifecycle step; a stale or illegal step is a 409 with the reason. */
export async function moveWork(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  name: MoveName,
): Promise<Work> {
  const m: Move = MOVES[name];
  await db.transaction().execute(async (tx) => {
    const w = await loadReadable(tx, actor, id);
    authorize(actor, m.policy, resourceOf(w));
    if (!m.from.includes(w.status)) throw wrongState(w, m.needZh, m.needEn);
    m.check?.(w);
    const at = nowIso();
    const moved = await repo.transition(tx, id, m.from, {
      status: m.to,
      updatedAt: at,
      ...(m.extra?.(w, at) ?? {}),
    });
    if (!moved)
      throw wrongState(w, '作品状态刚被他人改变，请刷新', 'The work changed meanwhile; reload');
    await recordAudit(tx, ctx, {
      action: m.action,
      entityType: 'work',
      entityId: id,
      organisationId: w.organisationId,
      detail: { name: w.title, version: w.version, from: w.status, to: m.to },
    });
    // Files of a work on the portal are public; withdrawn or archived, they are not.
    await publishLinks(tx, { type: 'work', id }, m.to === 'PUBLISHED');
    await indexWork(db, ctx, tx, id);
  });
  return getWork(db, actor, id);
}

/** 科学性审核: an expert passes the submitted version or returns it with comments. */
export async function checkWork(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof CheckWorkSchema>,
): Promise<Work> {
  if (input.decision === 'RETURNED' && !input.comments)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        fields: [
          {
            field: 'comments',
            location: 'body',
            message: {
              'zh-CN': 'comments：退回修改时请写明意见',
              'en-US': 'comments are required when returning a work',
            },
          },
        ],
      },
    );
  await db.transaction().execute(async (tx) => {
    // A reviewer racing another sees a 409 (not a 404) once the work has left SUBMITTED.
    const w = await repo.findWork(tx, id);
    if (!w) throw new AppError('NOT_FOUND');
    const me = authorize(actor, 'work.check', resourceOf(w));
    if (w.status !== 'SUBMITTED')
      throw wrongState(w, '只有待审核的作品可以审核', 'Only submitted works can be checked');
    const at = nowIso();
    const passed = input.decision === 'PASSED';
    const moved = await repo.transition(tx, id, ['SUBMITTED'], {
      status: passed ? 'CHECKED' : 'DRAFT',
      updatedAt: at,
      ...(passed ? { checkedVersion: w.version } : {}),
    });
    if (!moved)
      throw wrongState(w, '该作品刚由其他专家审核', 'Another reviewer has just checked this work');
    await repo.insertCheck(tx, {
      id: newId(),
      workId: id,
      version: w.version,
      reviewerId: me.userId,
      decision: input.decision,
      comments: input.comments,
      createdAt: at,
    });
    await recordAudit(tx, ctx, {
      action: 'work.check',
      entityType: 'work',
      entityId: id,
      organisationId: w.organisationId,
      detail: { name: w.title, version: w.version, decision: input.decision },
    });
    await notify(tx, [w.createdBy], WORK_CHECKED, {
      workId: id,
      title: w.title,
      passed,
      comments: input.comments,
    });
  });
  return getWork(db, actor, id);
}

/**
 * 应急科普's fast path, in the caller's transaction: a duty expert's science check of the
 * submitted version, passed, and publication at once. Who may is the caller's rule (the emergency
 * module: an expert on duty for the incident); the check is recorded under the expert's name like
 * any other, and the work is indexed and its files made public as `publish` does.
 */
export async function passAndPublishIn(
  db: Db,
  tx: Tx,
  ctx: RequestContext,
  id: string,
  reviewerId: string,
  comments: string,
): Promise<{ publishedAt: string; title: string }> {
  const w = await repo.findWork(tx, id);
  if (!w) throw new AppError('NOT_FOUND');
  if (w.status !== 'SUBMITTED')
    throw wrongState(w, '只有待审核的作品可以审核', 'Only submitted works can be checked');
  if (w.createdBy === reviewerId)
    throw ruleError(
      'RULE_BROKEN',
      '不能审核自己起草的作品',
      'You cannot check a work you drafted yourself',
    );
  const at = nowIso();
  const moved = await repo.transition(tx, id, ['SUBMITTED'], {
    status: 'PUBLISHED',
    updatedAt: at,
    checkedVersion: w.version,
    publishedVersion: w.version,
    publishedAt: at,
  });
  if (!moved)
    throw wrongState(w, '该作品刚由其他专家审核', 'Another reviewer has just checked this work');
  await repo.insertCheck(tx, {
    id: newId(),
    workId: id,
    version: w.version,
    reviewerId,
    decision: 'PASSED',
    comments,
    createdAt: at,
  });
  for (const action of ['work.check', 'work.publish'] as const)
    await recordAudit(tx, ctx, {
      action,
      entityType: 'work',
      entityId: id,
      organisationId: w.organisationId,
      detail:
        action === 'work.check'
          ? { name: w.title, version: w.version, decision: 'PASSED' }
          : { name: w.title, version: w.version, from: 'SUBMITTED', to: 'PUBLISHED' },
    });
  await publishLinks(tx, { type: 'work', id }, true);
  await indexWork(db, ctx, tx, id);
  await notify(tx, [w.createdBy], WORK_CHECKED, {
    workId: id,
    title: w.title,
    passed: true,
    comments,
  });
  return { publishedAt: at, title: w.title };
}

export async function listVersions(db: Db, actor: Actor | null, id: string) {
  await loadReadable(db, actor, id);
  return repo.listVersions(db, id);
}

async function snapshot(db: Executor, id: string, version: number): Promise<WorkContent> {
  const v = await repo.findVersion(db, id, version);
  if (!v) throw new AppError('NOT_FOUND');
  // Versions saved before works had files carry none.
  const saved = JSON.parse(v.snapshot) as Partial<WorkContent>;
  return {
    ...saved,
    coverId: saved.coverId ?? null,
    mediaIds: saved.mediaIds ?? [],
  } as WorkContent;
}

export async function getVersion(db: Db, actor: Actor | null, id: string, version: number) {
  await loadReadable(db, actor, id);
  return { version, ...(await snapshot(db, id, version)) };
}

/**
 * A readable diff: changed fields, with the body and summary diffed as text. The text diffs run
 * off the request thread and are capped in work; a diff past the cap is a summary.
 */
export async function diffVersions(
  db: Db,
  actor: Actor | null,
  id: string,
  from: number,
  to: number,
) {
  await loadReadable(db, actor, id);
  const [a, b] = await Promise.all([snapshot(db, id, from), snapshot(db, id, to)]);
  return diffSlots.run(actor?.userId ?? null, async () => {
    const fields = [];
    for (const f of CONTENT_FIELDS) {
      const before = a[f];
      const after = b[f];
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      if (f === 'body' || f === 'summary' || f === 'title') {
        const diff = await diffTextOffThread(String(before), String(after), {
          richText: f === 'body',
        });
        fields.push({ field: f, before, after, ...diff });
      } else fields.push({ field: f, before, after });
    }
    return { from, to, fields };
  });
}

/** The public page: published works only; names the expert who checked the published version. */
export async function getPublicWork(db: Db, id: string) {
  const w = await repo.findWork(db, id);
  if (w?.status !== 'PUBLISHED' || !w.publishedAt) throw new AppError('NOT_FOUND');
  const checks = await repo.listChecks(db, id);
  const check = checks.find((c) => c.decision === 'PASSED' && c.version === w.publishedVersion);
  const content = contentOf(w);
  return {
    ...content,
    ...(await describeMedia(db, content)),
    id: w.id,
    organisationName: w.organisationName,
    publishedAt: w.publishedAt,
    version: w.publishedVersion ?? w.version,
    check: check
      ? { reviewerName: check.reviewerName, version: check.version, checkedAt: check.createdAt }
      : null,
  };
}

/** Newest published works, for the sitemap and the feed. */
export async function latestPublishedWorks(db: Db, limit: number) {
  const rows = await repo.latestPublished(db, limit);
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt ?? r.updatedAt }));
}

const STATUS_ZH: Record<Status, string> = Object.fromEntries(
  Object.entries(STATUS_LABEL).map(([k, v]) => [k, v.zh]),
) as Record<Status, string>;

/** The filtered console list as xlsx (at most EXPORT_MAX rows). */
export async function exportWorks(
  db: Db,
  actor: Actor | null,
  q: Omit<ListWorksQuery, 'page' | 'pageSize'>,
) {
  const { items } = await listWorks(db, actor, { ...q, page: 1, pageSize: EXPORT_MAX });
  return buildXlsx(
    '科普作品',
    [
      { header: '标题', width: 40, value: (w) => w.title },
      { header: '类型', width: 14, value: (w) => w.type },
      { header: '状态', width: 10, value: (w) => STATUS_ZH[w.status] },
      { header: '所属单位', width: 30, value: (w) => w.organisationName },
      { header: '版本', width: 6, value: (w) => w.version },
      { header: '发布时间', width: 22, value: (w) => w.publishedAt },
      { header: '更新时间', width: 22, value: (w) => w.updatedAt },
      { header: 'ID', width: 38, value: (w) => w.id },
    ],
    items,
  );
}

export const EXPORT_MAX = 10_000;
