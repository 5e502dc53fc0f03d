import { sql } from 'kysely';
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, DialectName } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import type { SearchParams } from '#platform/search/types.ts';
import { queueReindex } from './jobs.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type { CreateTermSchema, ListTermsQuery, UpdateTermSchema } from './schema.ts';
import { DOMAIN_WORDS, NARROWER_TERMS, SYNONYM_GROUPS } from './seed-data.ts';

export function presentTerm(r: repo.TermRow) {
  return {
    id: r.id,
    kind: r.kind,
    term: r.term,
    members: JSON.parse(r.members) as string[],
    active: r.active === 1,
    updatedAt: r.updatedAt,
  };
}

/** The public search: any visitor, any type registered with the search core. */
export async function search(db: Db, dialect: DialectName, params: SearchParams) {
  const result = await searchEngineFor(db, dialect).search(params);
  return { ...result, page: params.page, pageSize: params.pageSize };
}

/**
 * The vocabulary, by kind; `q` keeps the terms whose word or a member contains it (as the
 * console's filter box does). Filtered here, not in SQL: members are a JSON array in one column.
 */
export async function listTerms(db: Db, actor: Actor | null, q: ListTermsQuery) {
  authorize(actor, 'search.manage');
  const terms = (await repo.listTerms(db, q.kind)).map(presentTerm);
  const text = q.q;
  return text ? terms.filter((t) => [t.term, ...t.members].some((m) => m.includes(text))) : terms;
}

const KIND_ZH = { WORD: '专业词语', SYNONYM: '同义词组', NARROWER: '下位词' } as const;

/** The filtered vocabulary as xlsx: the same terms as `listTerms` with the same query. */
export async function exportTerms(db: Db, actor: Actor | null, q: ListTermsQuery) {
  const terms = await listTerms(db, actor, q);
  return buildXlsx(
    '搜索词库',
    [
      { header: '类别', width: 12, value: (t) => KIND_ZH[t.kind] },
      { header: '词语 / 主词 / 上位词', width: 22, value: (t) => t.term },
      {
        header: '同义词 / 下位词',
        width: 50,
        // A synonym group's members include its main term; list the others.
        value: (t) => t.members.filter((m) => m !== t.term).join('、'),
      },
      { header: '状态', width: 10, value: (t) => (t.active ? '启用' : '已停用') },
      { header: '更新时间', width: 22, value: (t) => t.updatedAt },
      { header: 'ID', width: 38, value: (t) => t.id },
    ],
    terms,
  );
}

/** A vocabulary change takes effect at once here and within seconds on other nodes; reindex after. */
export async function createTerm(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateTermSchema>,
) {
  authorize(actor, 'search.manage');
  const members =
    input.kind === 'SYNONYM'
      ? [...new Set([input.term, ...(input.members ?? [])])]
      : input.kind === 'NARROWER'
        ? [...new Set(input.members ?? [])].filter((m) => m !== input.term)
        : [];
  if (input.kind === 'NARROWER' && members.length < 1)
    throw ruleError('RULE_BROKEN', '请至少列出一个下位词', 'List at least one narrower term');
  if (input.kind === 'SYNONYM' && members.length < 2)
    throw ruleError(
      'RULE_BROKEN',
      '同义词组至少需要两个词',
      'A synonym group needs at least two words',
    );
  return db.transaction().execute(async (tx) => {
    if (await repo.findTermByText(tx, input.kind, input.term))
      throw ruleError(
        'STATE_CONFLICT',
        `“${input.term}”已在词库中`,
        `“${input.term}” is already in the vocabulary`,
      );
    const row: repo.TermRow = {
      id: newId(),
      kind: input.kind,
      term: input.term,
      members: JSON.stringify(members),
      active: 1,
      updatedAt: nowIso(),
    };
    await repo.insertTerm(tx, row);
    await searchEngineFor(db, ctx.dialect).bumpVocabulary(tx);
    await recordAudit(tx, ctx, {
      action: 'searchTerm.create',
      entityType: 'searchTerm',
      entityId: row.id,
      detail: { name: input.term, kind: input.kind },
    });
    return presentTerm(row);
  });
}

export async function updateTerm(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateTermSchema>,
) {
  authorize(actor, 'search.manage');
  return db.transaction().execute(async (tx) => {
    const row = await repo.findTerm(tx, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (patch.members && row.kind !== 'SYNONYM')
      throw ruleError('RULE_BROKEN', '只有同义词组才有成员', 'Only synonym groups have members');
    await repo.updateTerm(tx, id, {
      ...(patch.members
        ? { members: JSON.stringify([...new Set([row.term, ...patch.members])]) }
        : {}),
      ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      updatedAt: nowIso(),
    });
    await searchEngineFor(db, ctx.dialect).bumpVocabulary(tx);
    await recordAudit(tx, ctx, {
      action: 'searchTerm.update',
      entityType: 'searchTerm',
      entityId: id,
      detail: { name: row.term, patch },
    });
    return presentTerm((await repo.findTerm(tx, id))!);
  });
}

export async function zeroResultQueries(
  db: Db,
  actor: Actor | null,
  dialect: DialectName,
  q: { days: number; page: number; pageSize: number },
) {
  authorize(actor, 'search.manage');
  await searchEngineFor(db, dialect).flushQueryLog();
  const since = new Date(Date.now() - q.days * 86_400_000).toISOString();
  const { rows, total } = await repo.zeroResultQueries(
    db,
    since,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: rows, total, page: q.page, pageSize: q.pageSize };
}

export async function reindex(db: Db, actor: Actor | null, ctx: RequestContext) {
  authorize(actor, 'search.manage');
  const indexed = await searchEngineFor(db, ctx.dialect).reindex();
  await db
    .transaction()
    .execute((tx) =>
      recordAudit(tx, ctx, { action: 'search.reindex', entityType: 'search', detail: { indexed } }),
    );
  return { indexed };
}

/**
 * Seeds the domain vocabulary where missing (admins' edits are kept); returns the terms added.
 * Terms a new version brings to an existing vocabulary change how texts are cut (a dictionary
 * word keeps jieba from cutting across it): every node rebuilds its analyzer and the index is
 * rebuilt in the background, so that documents indexed before are cut as new ones are.
 */
export async function seedVocabulary(db: Db, dialect: DialectName): Promise<number> {
  const before = await repo.countTerms(db);
  const at = nowIso();
  for (const term of DOMAIN_WORDS) {
    await repo.insertTerm(
      db,
      { id: newId(), kind: 'WORD', term, members: '[]', active: 1, updatedAt: at },
      true,
    );
  }
  for (const group of SYNONYM_GROUPS) {
    await repo.insertTerm(
      db,
      {
        id: newId(),
        kind: 'SYNONYM',
        term: group[0]!,
        members: JSON.stringify(group),
        active: 1,
        updatedAt: at,
      },
      true,
    );
  }
  for (const [broader, narrower] of NARROWER_TERMS) {
    await repo.insertTerm(
      db,
      {
        id: newId(),
        kind: 'NARROWER',
        term: broader,
        members: JSON.stringify(narrower),
        active: 1,
        updatedAt: at,
      },
      true,
    );
  }
  // Documents of a type that ranks current ones first, indexed before that key existed (an
  // upgrade), would be missing from that type's searches: the whole index is rebuilt once.
  const stale = await db
    .selectFrom('searchDocuments')
    .select('seq')
    .where('type', '=', 'activity')
    .where(sql<boolean>`(' ' || facet_keys || ' ') not like '% c_1 %'`)
    .where(sql<boolean>`(' ' || facet_keys || ' ') not like '% c_0 %'`)
    .limit(1)
    .executeTakeFirst();
  if (stale) await queueReindex(db, 'current-first');
  const added = (await repo.countTerms(db)) - before;
  if (before > 0 && added > 0)
    await db.transaction().execute(async (tx) => {
      await searchEngineFor(db, dialect).bumpVocabulary(tx);
      await queueReindex(tx, 'vocabulary');
    });
  return added;
}
