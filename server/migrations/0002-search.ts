import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/** The search catalogue, its full-text index per dialect, the vocabulary and the query log. */
export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('seq', 'integer', (c) =>
      dialect === 'postgres'
        ? c.generatedAlwaysAsIdentity().primaryKey()
        : c.primaryKey().autoIncrement(),
    )
    .addColumn('doc_key', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    // Portal path of the entity; null while its type has no public page.
    .addColumn('url', 'text')
    .addColumn('subtype', 'text')
    .addColumn('published_at', 'text')
    .addColumn('year', 'integer')
    .addColumn('region', 'text')
    // JSON arrays of reference codes, for filters and facet counts.
    .addColumn('sectors', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('audiences', 'text', (c) => c.notNull())
    // Pre-segmented, space-separated tokens (see platform/search/analyzer.ts).
    .addColumn('title_tokens', 'text', (c) => c.notNull())
    .addColumn('body_tokens', 'text', (c) => c.notNull())
    .addColumn('name_keys', 'text', (c) => c.notNull())
    // Names of the entity's sectors and topics: a work tagged 森林 is about forests.
    .addColumn('tag_tokens', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('search_documents_type')
    .on('search_documents')
    .columns(['type', 'published_at'])
    .execute();
  await db.schema
    .createIndex('search_documents_published')
    .on('search_documents')
    .column('published_at')
    .execute();

  if (dialect === 'sqlite') {
    // External-content FTS5 over the token columns; triggers keep it in step with the table.
    await sql`create virtual table search_fts using fts5(title_tokens, body_tokens, name_keys, tag_tokens, content='search_documents', content_rowid='seq', tokenize='unicode61 remove_diacritics 0')`.execute(
      db,
    );
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, title_tokens, body_tokens, name_keys, tag_tokens) values (new.seq, new.title_tokens, new.body_tokens, new.name_keys, new.tag_tokens);
    end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens, name_keys, tag_tokens) values ('delete', old.seq, old.title_tokens, old.body_tokens, old.name_keys, old.tag_tokens);
    end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens, name_keys, tag_tokens) values ('delete', old.seq, old.title_tokens, old.body_tokens, old.name_keys, old.tag_tokens);
      insert into search_fts(rowid, title_tokens, body_tokens, name_keys, tag_tokens) values (new.seq, new.title_tokens, new.body_tokens, new.name_keys, new.tag_tokens);
    end`.execute(db);
  } else {
    // Weighted vector: title A, name keys B, tags C, body D; kept by a generated column so no code path forgets it.
    await sql`alter table search_documents add column tsv tsvector generated always as (
      setweight(to_tsvector('simple', title_tokens), 'A') ||
      setweight(to_tsvector('simple', name_keys), 'B') ||
      setweight(to_tsvector('simple', tag_tokens), 'C') ||
      setweight(to_tsvector('simple', body_tokens), 'D')) stored`.execute(db);
    await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
  }

  await db.schema
    .createTable('search_terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    // For SYNONYM rows: a JSON array of the group's members (term is the group's name).
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('search_terms_kind_term', ['kind', 'term'])
    .execute();

  await db.schema
    .createTable('search_queries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('q', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('results', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_queries_at').on('search_queries').column('at').execute();
  await db.schema
    .createIndex('search_queries_zero')
    .on('search_queries')
    .columns(['results', 'at'])
    .execute();
}
