import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/** The length tier (as platform/search/facet-keys.ts at the time): tiers grow by 2^¼. */
function lengthTier(tokens: number): number {
  return Math.floor(4 * Math.log2(Math.max(tokens, 1)));
}

const words = (tokens: string) => tokens.split(' ').filter(Boolean);

/** The sample bucket (as platform/search/facet-keys.ts at the time): FNV-1a, then mixed. */
function bucketOf(docKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < docKey.length; i++) {
    h ^= docKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 256;
}

interface Row {
  seq: number;
  docKey: string;
  publishedAt: string | null;
  facetKeys: string;
  titleTokens: string;
  bodyTokens: string;
  nameKeys: string;
  tagTokens: string;
}

/**
 * A row's new keys: its sample bucket again (a better-mixed hash), d_ (month), n_ (tier of all
 * its text), m_ (tier of title and names), and its rank keys — head words prefixed with the tier
 * its dialect ranks by.
 */
function keysOf(r: Row, dialect: 'sqlite' | 'postgres'): { facetKeys: string; rankKeys: string } {
  const title = words(r.titleTokens);
  const names = words(r.nameKeys);
  const tags = words(r.tagTokens);
  const headLength = title.length + names.length;
  const length = headLength + tags.length + words(r.bodyTokens).length;
  const month = r.publishedAt ? ` d_${r.publishedAt.slice(0, 7).replace('-', '')}` : '';
  const bucket = bucketOf(r.docKey);
  const facets = r.facetKeys.replace(/ [bhdnm]_\d+/g, '');
  const facetKeys = `${facets} b_${bucket} h_${Math.floor(bucket / 16)}${month} n_${lengthTier(length)} m_${lengthTier(headLength)}`;
  const [tier, head] =
    dialect === 'sqlite'
      ? [lengthTier(length), [...title, ...names, ...tags]]
      : [lengthTier(headLength), [...title, ...names]];
  return { facetKeys, rankKeys: [...new Set(head)].map((t) => `${tier}_${t}`).join(' ') };
}

const FTS_COLUMNS = 'title_tokens, body_tokens, name_keys, tag_tokens, facet_keys, rank_keys';
const FTS_NEW =
  'new.title_tokens, new.body_tokens, new.name_keys, new.tag_tokens, new.facet_keys, new.rank_keys';
const FTS_OLD =
  'old.title_tokens, old.body_tokens, old.name_keys, old.tag_tokens, old.facet_keys, old.rank_keys';

/**
 * Search, round two: the work of a query bounded by a sample, not by the number of matches.
 * - Sample buckets from a better-mixed hash (FNV-1a left similar keys bunched in some buckets).
 * - Month keys (d_202403): newest first reads the last months' matches only.
 * - Length tiers (n_ m_) and rank keys (24_化石): a broad word is ranked from the head matches in
 *   its shortest documents up, each tier an index lookup of its own, instead of scoring every match.
 * - SQLite: rank_keys as a sixth FTS5 column (weight 0), and a covering index (seq, published_at,
 *   facet_keys) — reading a match's date and keys no longer reads its whole row.
 * - PostgreSQL: the words and the keys in one GIN index each for all text, for the head (title and
 *   names) and for the rank keys, so a filter, a sample bucket or a month narrows the GIN scan
 *   itself instead of being intersected with a second index's full bitmap.
 */
export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  // Kysely runs PostgreSQL's migrations in a transaction, not SQLite's: there one transaction
  // makes the rebuild all or nothing, and saves a sync to disk per updated row.
  if (dialect === 'sqlite') await db.transaction().execute((tx) => rekey(tx, dialect));
  else await rekey(db, dialect);
}

async function rekey(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .alterTable('search_documents')
    .addColumn('rank_keys', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  if (dialect === 'sqlite') {
    // The FTS5 table is made again with the new column and filled once at the end.
    for (const t of ['ai', 'ad', 'au'])
      await sql`drop trigger ${sql.raw(`search_documents_${t}`)}`.execute(db);
    await sql`drop table search_fts`.execute(db);
  }
  let after = 0;
  for (;;) {
    const rows = (
      await sql<Row>`select seq, doc_key as "docKey", published_at as "publishedAt", facet_keys as "facetKeys",
        title_tokens as "titleTokens", body_tokens as "bodyTokens", name_keys as "nameKeys", tag_tokens as "tagTokens"
        from search_documents where seq > ${after} order by seq limit 2000`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    if (dialect === 'sqlite') {
      for (const r of rows) {
        const k = keysOf(r, dialect);
        await sql`update search_documents set facet_keys = ${k.facetKeys}, rank_keys = ${k.rankKeys} where seq = ${r.seq}`.execute(
          db,
        );
      }
    } else {
      const values = rows.map((r) => {
        const k = keysOf(r, dialect);
        return sql`(cast(${r.seq} as integer), ${k.facetKeys}, ${k.rankKeys})`;
      });
      await sql`update search_documents d set facet_keys = v.f, rank_keys = v.r
        from (values ${sql.join(values)}) as v(seq, f, r) where d.seq = v.seq`.execute(db);
    }
    after = rows.at(-1)!.seq;
  }
  if (dialect === 'sqlite') {
    await sql`create virtual table search_fts using fts5(${sql.raw(FTS_COLUMNS)}, content='search_documents', content_rowid='seq', tokenize="unicode61 remove_diacritics 0 tokenchars '_'")`.execute(
      db,
    );
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, ${sql.raw(FTS_COLUMNS)}) values (new.seq, ${sql.raw(FTS_NEW)});
    end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, ${sql.raw(FTS_COLUMNS)}) values ('delete', old.seq, ${sql.raw(FTS_OLD)});
    end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, ${sql.raw(FTS_COLUMNS)}) values ('delete', old.seq, ${sql.raw(FTS_OLD)});
      insert into search_fts(rowid, ${sql.raw(FTS_COLUMNS)}) values (new.seq, ${sql.raw(FTS_NEW)});
    end`.execute(db);
    await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
    await sql`create index search_documents_cover on search_documents (seq, published_at, facet_keys)`.execute(
      db,
    );
    return;
  }
  await sql`drop index search_documents_facet_keys`.execute(db);
  await sql`drop index search_documents_tsv`.execute(db);
  await sql`drop index search_documents_head`.execute(db);
  await sql`create index search_documents_match on search_documents
    using gin ((tsv || array_to_tsvector(string_to_array(facet_keys, ' '))))`.execute(db);
  await sql`create index search_documents_head_match on search_documents
    using gin ((head_tsv || array_to_tsvector(string_to_array(facet_keys, ' '))))`.execute(db);
  await sql`create index search_documents_rank on search_documents
    using gin (array_to_tsvector(array_remove(string_to_array(facet_keys || ' ' || rank_keys, ' '), '')))`.execute(
    db,
  );
}
