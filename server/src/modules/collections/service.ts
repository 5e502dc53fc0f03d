import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, fieldError, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, can, scopeOf } from '#platform/policy.ts';
import { richTextToPlain, sanitizeRichText } from '#platform/richtext.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import type { Media } from '../media/schema.ts';
import { assertMediaRefs, describeMedia, linkMedia, publishLinks } from '../media/service.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type {
  CollectionItemsSchema,
  CreateCollectionSchema,
  ListCollectionsQuery,
  UpdateCollectionSchema,
} from './schema.ts';
import './search.ts';

type Status = repo.CollectionRow['status'];
const STATUS_ZH: Record<Status, string> = {
  DRAFT: '草稿',
  PUBLISHED: '已发布',
  ARCHIVED: '已归档',
};
const STATUS_EN: Record<Status, string> = {
  DRAFT: 'a draft',
  PUBLISHED: 'published',
  ARCHIVED: 'archived',
};
const KIND_ZH = { TOPIC: '专题', SERIES: '系列' } as const;

const resourceOf = (t: repo.CollectionWithOrg) => ({ orgPath: t.orgPath });
const INTRO_CARD_LENGTH = 120;

function wrongState(t: repo.CollectionRow, zh: string, en: string): AppError {
  return ruleError(
    'STATE_CONFLICT',
    `${zh}（当前状态：${STATUS_ZH[t.status]}）`,
    `${en} (the ${t.kind === 'TOPIC' ? 'collection' : 'series'} is ${STATUS_EN[t.status]})`,
  );
}

/** Covers of many cards in one query. */
async function coversOf(db: Executor, coverIds: (string | null)[]): Promise<Map<string, Media>> {
  const ids = [...new Set(coverIds.filter((x): x is string => !!x))];
  const { media } = await describeMedia(db, { coverId: null, mediaIds: ids });
  return new Map(media.map((m) => [m.id, m]));
}

async function loadReadable(db: Executor, actor: Actor | null, id: string) {
  const t = await repo.findCollection(db, id);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!t || !can(actor, 'collection.read', resourceOf(t))) throw new AppError('NOT_FOUND');
  return t;
}

async function presentCollection(db: Executor, actor: Actor | null, t: repo.CollectionWithOrg) {
  const items = await repo.itemsOf(db, [t.id], false);
  const covers = await coversOf(db, [t.coverId, ...items.map((i) => i.coverId)]);
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    title: t.title,
    intro: t.intro,
    coverId: t.coverId,
    cover: (t.coverId && covers.get(t.coverId)) || null,
    featured: t.featured === 1,
    organisationId: t.organisationId,
    organisationName: t.organisationName,
    publishedAt: t.publishedAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    items: items.map((i) => ({
      id: i.id,
      type: i.type,
      status: i.status,
      title: i.title,
      summary: i.summary,
      organisationName: i.organisationName,
      publishedAt: i.publishedAt,
      cover: (i.coverId && covers.get(i.coverId)) || null,
      note: i.note,
    })),
    abilities: { edit: can(actor, 'collection.manage', resourceOf(t)) },
  };
}

const index = (db: Db, ctx: RequestContext, tx: Executor, id: string) =>
  searchEngineFor(db, ctx.dialect).index(tx, 'collection', [id]);

export async function createCollection(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateCollectionSchema>,
) {
  const org = await requireOrganisationRef(db, input.organisationId);
  const me = authorize(actor, 'collection.manage', { orgPath: org.path });
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const refs = { coverId: input.coverId, mediaIds: [], html: input.intro };
    await assertMediaRefs(tx, me, org.path, refs);
    const at = nowIso();
    await repo.insertCollection(tx, {
      id,
      kind: input.kind,
      title: input.title,
      intro: sanitizeRichText(input.intro),
      coverId: input.coverId,
      organisationId: org.id,
      status: 'DRAFT',
      featured: input.featured ? 1 : 0,
      createdBy: me.userId,
      publishedAt: null,
      createdAt: at,
      updatedAt: at,
    });
    await linkMedia(tx, { type: 'collection', id }, refs, false);
    await recordAudit(tx, ctx, {
      action: 'collection.create',
      entityType: 'collection',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.title, kind: input.kind },
    });
  });
  return getCollection(db, actor, id);
}

export async function getCollection(db: Db, actor: Actor | null, id: string) {
  return presentCollection(db, actor, await loadReadable(db, actor, id));
}

export async function updateCollection(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateCollectionSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const t = await loadReadable(tx, actor, id);
    const me = authorize(actor, 'collection.manage', resourceOf(t));
    if (t.status === 'ARCHIVED')
      throw wrongState(t, '已归档的专题不能修改', 'Archived collections cannot be edited');
    const next: Partial<repo.CollectionRow> = { updatedAt: nowIso() };
    if (patch.kind !== undefined) next.kind = patch.kind;
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.intro !== undefined) next.intro = sanitizeRichText(patch.intro);
    if (patch.featured !== undefined) next.featured = patch.featured ? 1 : 0;
    if (patch.coverId !== undefined) next.coverId = patch.coverId;
    if (patch.coverId !== undefined || patch.intro !== undefined) {
      const refs = {
        coverId: next.coverId === undefined ? t.coverId : next.coverId,
        mediaIds: [],
        html: next.intro ?? t.intro,
      };
      await assertMediaRefs(tx, me, t.orgPath, refs);
      await linkMedia(tx, { type: 'collection', id }, refs, t.status === 'PUBLISHED');
    }
    await repo.updateCollection(tx, id, next);
    await recordAudit(tx, ctx, {
      action: 'collection.update',
      entityType: 'collection',
      entityId: id,
      organisationId: t.organisationId,
      detail: { name: patch.title ?? t.title, fields: Object.keys(patch) },
    });
    if (t.status === 'PUBLISHED') await index(db, ctx, tx, id);
  });
  return getCollection(db, actor, id);
}

/** Replaces the ordered list of works; only published works can be added. */
export async function setItems(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof CollectionItemsSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const t = await loadReadable(tx, actor, id);
    authorize(actor, 'collection.manage', resourceOf(t));
    if (t.status === 'ARCHIVED')
      throw wrongState(t, '已归档的专题不能修改', 'Archived collections cannot be edited');
    const ids = input.items.map((i) => i.workId);
    if (new Set(ids).size !== ids.length)
      throw fieldError('items', '同一作品只能收录一次', 'a work can be listed only once');
    const before = new Set((await repo.itemsOf(tx, [id], false)).map((i) => i.id));
    const published = await repo.publishedWorkIds(tx, ids);
    // Works already in the list may stay though withdrawn since (the portal hides them).
    const bad = ids.filter((w) => !published.has(w) && !before.has(w));
    if (bad.length)
      throw fieldError(
        'items',
        `只能收录已发布的作品（${bad.length} 个不符合）`,
        `only published works can be added (${bad.length} are not)`,
      );
    await repo.replaceItems(
      tx,
      id,
      input.items.map((i, position) => ({
        collectionId: id,
        workId: i.workId,
        position,
        note: i.note,
      })),
    );
    await repo.updateCollection(tx, id, { updatedAt: nowIso() });
    await recordAudit(tx, ctx, {
      action: 'collection.items',
      entityType: 'collection',
      entityId: id,
      organisationId: t.organisationId,
      detail: { name: t.title, works: ids.length },
    });
  });
  return getCollection(db, actor, id);
}

const MOVES = {
  publish: {
    from: ['DRAFT'],
    to: 'PUBLISHED',
    zh: '只有草稿可以发布',
    en: 'Only drafts can be published',
  },
  unpublish: {
    from: ['PUBLISHED'],
    to: 'DRAFT',
    zh: '只有已发布的专题可以取消发布',
    en: 'Only published collections can be unpublished',
  },
  archive: {
    from: ['DRAFT', 'PUBLISHED'],
    to: 'ARCHIVED',
    zh: '该专题已归档',
    en: 'The collection is already archived',
  },
} as const satisfies Record<string, { from: Status[]; to: Status; zh: string; en: string }>;
export type CollectionMove = keyof typeof MOVES;

export async function moveCollection(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  name: CollectionMove,
) {
  const m = MOVES[name];
  await db.transaction().execute(async (tx) => {
    const t = await loadReadable(tx, actor, id);
    authorize(actor, 'collection.manage', resourceOf(t));
    const from: Status[] = [...m.from];
    if (!from.includes(t.status)) throw wrongState(t, m.zh, m.en);
    if (name === 'publish' && (await repo.itemsOf(tx, [id], true)).length === 0)
      throw ruleError(
        'RULE_BROKEN',
        '请先收录至少一件已发布的作品再发布',
        'Add at least one published work before publishing',
      );
    const at = nowIso();
    const moved = await repo.transition(tx, id, from, {
      status: m.to,
      updatedAt: at,
      ...(m.to === 'PUBLISHED' ? { publishedAt: at } : {}),
    });
    if (!moved)
      throw wrongState(t, '专题刚被他人修改，请刷新', 'The collection changed meanwhile; reload');
    await publishLinks(tx, { type: 'collection', id }, m.to === 'PUBLISHED');
    await recordAudit(tx, ctx, {
      action: `collection.${name}`,
      entityType: 'collection',
      entityId: id,
      organisationId: t.organisationId,
      detail: { name: t.title, from: t.status, to: m.to },
    });
    await index(db, ctx, tx, id);
  });
  return getCollection(db, actor, id);
}

export async function listCollections(db: Db, actor: Actor | null, q: ListCollectionsQuery) {
  const me = authorize(actor, 'collection.list');
  const scope = scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN']);
  const { rows, total } = await repo.listCollections(db, q, {
    all: scope === 'ALL',
    orgPaths: scope === 'ALL' ? [] : scope,
  });
  return {
    items: rows.map((r) => ({ ...r, featured: r.featured === 1, items: Number(r.items) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function exportCollections(
  db: Db,
  actor: Actor | null,
  q: Omit<ListCollectionsQuery, 'page' | 'pageSize'>,
) {
  const { items } = await listCollections(db, actor, { ...q, page: 1, pageSize: 10_000 });
  return buildXlsx(
    '专题与系列',
    [
      { header: '标题', width: 40, value: (t) => t.title },
      { header: '类别', width: 8, value: (t) => KIND_ZH[t.kind] },
      { header: '状态', width: 10, value: (t) => STATUS_ZH[t.status] },
      { header: '推荐', width: 6, value: (t) => (t.featured ? '是' : '否') },
      { header: '作品数', width: 8, value: (t) => t.items },
      { header: '策划单位', width: 30, value: (t) => t.organisationName },
      { header: '发布时间', width: 22, value: (t) => t.publishedAt },
      { header: 'ID', width: 38, value: (t) => t.id },
    ],
    items,
  );
}

function card(t: repo.CollectionRow & { works: number | string }, covers: Map<string, Media>) {
  const plain = richTextToPlain(t.intro);
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    introText: plain.length > INTRO_CARD_LENGTH ? `${plain.slice(0, INTRO_CARD_LENGTH)}…` : plain,
    cover: (t.coverId && covers.get(t.coverId)) || null,
    featured: t.featured === 1,
    works: Number(t.works),
    publishedAt: t.publishedAt,
  };
}

export async function listPublicCollections(
  db: Db,
  q: {
    kind?: repo.CollectionRow['kind'];
    featured?: 'true' | 'false';
    page: number;
    pageSize: number;
  },
) {
  const { rows, total } = await repo.listPublished(db, {
    kind: q.kind,
    featured: q.featured === undefined ? undefined : q.featured === 'true',
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const covers = await coversOf(
    db,
    rows.map((r) => r.coverId),
  );
  return { items: rows.map((r) => card(r, covers)), total, page: q.page, pageSize: q.pageSize };
}

export async function getPublicCollection(db: Db, id: string) {
  const t = await repo.findCollection(db, id);
  if (t?.status !== 'PUBLISHED') throw new AppError('NOT_FOUND');
  const items = await repo.itemsOf(db, [id], true);
  const covers = await coversOf(db, [t.coverId, ...items.map((i) => i.coverId)]);
  return {
    ...card({ ...t, works: items.length }, covers),
    intro: t.intro,
    organisationName: t.organisationName,
    items: items.map((i) => ({
      id: i.id,
      type: i.type,
      title: i.title,
      summary: i.summary,
      organisationName: i.organisationName,
      publishedAt: i.publishedAt,
      cover: (i.coverId && covers.get(i.coverId)) || null,
      note: i.note,
    })),
  };
}

/** 科普频道 home: featured collections, the latest series, the newest works. */
export async function channel(db: Db) {
  const [featured, series, works] = await Promise.all([
    repo.listPublished(db, { featured: true, limit: 6, offset: 0 }),
    repo.listPublished(db, { kind: 'SERIES', limit: 6, offset: 0 }),
    repo.latestWorks(db, 12),
  ]);
  const covers = await coversOf(db, [
    ...featured.rows.map((r) => r.coverId),
    ...series.rows.map((r) => r.coverId),
    ...works.map((w) => w.coverId),
  ]);
  return {
    featured: featured.rows.map((r) => card(r, covers)),
    series: series.rows.map((r) => card(r, covers)),
    latestWorks: works.map((w) => ({
      id: w.id,
      type: w.type,
      title: w.title,
      summary: w.summary,
      organisationName: w.organisationName,
      publishedAt: w.publishedAt,
      cover: (w.coverId && covers.get(w.coverId)) || null,
    })),
  };
}
