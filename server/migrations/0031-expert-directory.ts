import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * The expert directory (科普专家库): the full profile on `expert_profiles` (rank, unit, hazards,
 * regions, languages, services, availability, bio, publications, works, photo; which of them the
 * person shows publicly and when they consented to a public page), its verification by the
 * expert's unit, and `expert_tags`: one row per (person, kind, code) so the directory filters by
 * domain, hazard, region and service with an index instead of scanning JSON.
 */
export async function up(db: AnyDb): Promise<void> {
  const text = (name: string) =>
    db.schema.alterTable('expert_profiles').addColumn(name, 'text').execute();
  const json = (name: string, empty = '[]') =>
    db.schema
      .alterTable('expert_profiles')
      .addColumn(name, 'text', (c) => c.notNull().defaultTo(empty))
      .execute();
  await text('rank');
  await text('organisation_id');
  for (const name of ['hazards', 'regions', 'languages', 'services', 'publications', 'work_ids'])
    await json(name);
  await json('availability', 'AVAILABLE');
  await json('availability_note', '');
  await text('available_until');
  await json('bio', '');
  await text('photo_media_id');
  await json('public_fields');
  for (const name of ['public_consent_at', 'verified_at', 'verified_by', 'verified_org_id'])
    await text(name);
  await db.schema
    .createIndex('expert_profiles_org')
    .on('expert_profiles')
    .column('organisation_id')
    .execute();
  await db.schema
    .createIndex('expert_profiles_public')
    .on('expert_profiles')
    .column('public_consent_at')
    .execute();

  await db.schema
    .createTable('expert_tags')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // SECTOR | TOPIC | HAZARD | REGION | SERVICE
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('expert_tags_pk', ['user_id', 'kind', 'code'])
    .execute();
  await db.schema
    .createIndex('expert_tags_code')
    .on('expert_tags')
    .columns(['kind', 'code', 'user_id'])
    .execute();
  // Existing profiles' sectors and topics become tags.
  const rows = (await db
    .selectFrom('expert_profiles')
    .select(['user_id', 'sectors', 'topics'])
    .execute()) as {
    user_id: string;
    sectors: string;
    topics: string;
  }[];
  const tags = rows.flatMap((r) => [
    ...(JSON.parse(r.sectors) as string[]).map((code) => ({
      user_id: r.user_id,
      kind: 'SECTOR',
      code,
    })),
    ...(JSON.parse(r.topics) as string[]).map((code) => ({
      user_id: r.user_id,
      kind: 'TOPIC',
      code,
    })),
  ]);
  for (let i = 0; i < tags.length; i += 500)
    await db
      .insertInto('expert_tags')
      .values(tags.slice(i, i + 500))
      .execute();
}
