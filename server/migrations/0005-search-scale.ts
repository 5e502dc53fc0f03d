import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

const BUCKETS = 256;

/** FNV-1a of the document key, for the sample bucket (the same as platform/search at the time). */
function bucketOf(docKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < docKey.length; i++) {
    h ^= docKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

interface Row {
  seq: number;
  docKey: string;
  type: string;
  region: string | null;
  year: number | null;
  sectors: string;
  topics: string;
  audiences: string;
}

function facetKeysOf(r: Row): string {
  const keys = [`k_${r.type}`];
  for (const s of JSON.parse(r.sectors) as string[]) keys.push(`s_${s}`);
  for (const t of JSON.parse(r.topics) as string[]) keys.push(`t_${t}`);
  for (const a of JSON.parse(r.audiences) as string[]) keys.push(`a_${a}`);
  if (r.region) keys.push(`r_${r.region.slice(0, 2)}`);
  if (r.year !== null) keys.push(`y_${r.year}`);
  const bucket = bucketOf(r.docKey);
  keys.push(`b_${bucket}`, `h_${Math.floor(bucket / 16)}`);
  return keys.join(' ');
}

/**
 * Search at scale: every document carries its filter and facet values as keys (k_work s_OCEAN
 * t_GAS_HYDRATE a_YOUTH r_44 y_2024 b_17 h_1) that the full-text index answers, so filters,
 * counts, ranking and facet samples stay inside the index; b_N is the document's sample bucket (of
 * 256), h_N its group of 16 buckets.
 */
export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .alterTable('search_documents')
    .addColumn('facet_keys', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // Existing rows: their keys, computed here from the columns they already have.
  let after = 0;
  for (;;) {
    const rows = (
      await sql<Row>`select seq, doc_key as "docKey", type, region, year, sectors, topics, audiences from search_documents where seq > ${after} order by seq limit 1000`.execute(
        db,
      )
    ).rows;
    if (rows.length === 0) break;
    for (const r of rows)
      await sql`update search_documents set facet_keys = ${facetKeysOf(r)} where seq = ${r.seq}`.execute(
        db,
      );
    after = rows.at(-1)!.seq;
  }

  if (dialect === 'sqlite') {
    await sql`drop trigger search_documents_ai`.execute(db);
    await sql`drop trigger search_documents_ad`.execute(db);
    await sql`drop trigger search_documents_au`.execute(db);
    await sql`drop table search_fts`.execute(db);
    // '_' is part of a token so a facet key (s_OCEAN, t_GAS_HYDRATE) is one token.
    await sql`create virtual table search_fts using fts5(title_tokens, body_tokens, name_keys, tag_tokens, facet_keys, content='search_documents', content_rowid='seq', tokenize="unicode61 remove_diacritics 0 tokenchars '_'")`.execute(
      db,
    );
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, title_tokens, body_tokens, name_keys, tag_tokens, facet_keys) values (new.seq, new.title_tokens, new.body_tokens, new.name_keys, new.tag_tokens, new.facet_keys);
    end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens, name_keys, tag_tokens, facet_keys) values ('delete', old.seq, old.title_tokens, old.body_tokens, old.name_keys, old.tag_tokens, old.facet_keys);
    end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens, name_keys, tag_tokens, facet_keys) values ('delete', old.seq, old.title_tokens, old.body_tokens, old.name_keys, old.tag_tokens, old.facet_keys);
      insert into search_fts(rowid, title_tokens, body_tokens, name_keys, tag_tokens, facet_keys) values (new.seq, new.title_tokens, new.body_tokens, new.name_keys, new.tag_tokens, new.facet_keys);
    end`.execute(db);
    await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
  } else {
    // Title and names alone (weights A, B): a large match set is ranked from these first.
    await sql`alter table search_documents add column head_tsv tsvector generated always as (
      setweight(to_tsvector('simple', title_tokens), 'A') ||
      setweight(to_tsvector('simple', name_keys), 'B')) stored`.execute(db);
    await sql`create index search_documents_head on search_documents using gin (head_tsv)`.execute(
      db,
    );
    await sql`create index search_documents_facet_keys on search_documents using gin (string_to_array(facet_keys, ' '))`.execute(
      db,
    );
    // Newest first walks this index and stops after a page.
    await sql`create index search_documents_newest on search_documents (published_at desc nulls last, seq)`.execute(
      db,
    );
  }
}
