import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';
import { MediaSchema } from '../media/schema.ts';

export const CollectionKindSchema = z
  .enum(['TOPIC', 'SERIES'])
  .describe('TOPIC 专题 | SERIES 系列');
export const CollectionStatusSchema = z
  .enum(['DRAFT', 'PUBLISHED', 'ARCHIVED'])
  .describe('DRAFT → PUBLISHED (on the portal) → ARCHIVED; published ↔ draft');

const fields = {
  kind: CollectionKindSchema,
  title: text(80),
  intro: z.string().max(20_000).describe('Introduction, rich text (HTML); sanitized on the server'),
  coverId: z.uuid().nullable().describe('Cover image (a media id)'),
  featured: z.boolean().describe('Shown first on the science channel home'),
};

export const CreateCollectionSchema = z.object({
  ...fields,
  intro: fields.intro.default(''),
  coverId: fields.coverId.default(null),
  featured: fields.featured.default(false),
  organisationId: z.uuid().describe('The curating unit'),
});
export const UpdateCollectionSchema = z.object(fields).partial();

export const CollectionItemsSchema = z.object({
  items: z
    .array(
      z.object({
        workId: z.uuid(),
        note: z.string().trim().max(200).nullable().default(null).describe('Curator’s note'),
      }),
    )
    .max(200)
    .describe('The works in reading order (replaces the list)'),
});

/** A work as a card: title, type, summary, cover. */
export const WorkCardSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  summary: z.string(),
  organisationName: z.string(),
  publishedAt: z.string().nullable(),
  cover: MediaSchema.nullable(),
});

export const CollectionItemSchema = WorkCardSchema.extend({
  status: z.string(),
  note: z.string().nullable(),
});

export const CollectionSchema = z
  .object({
    id: z.string(),
    kind: CollectionKindSchema,
    status: CollectionStatusSchema,
    title: z.string(),
    intro: z.string(),
    coverId: z.string().nullable(),
    cover: MediaSchema.nullable(),
    featured: z.boolean(),
    organisationId: z.string(),
    organisationName: z.string(),
    publishedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    items: z.array(CollectionItemSchema),
    abilities: z.object({ edit: z.boolean() }),
  })
  .describe('Collection');

export const CollectionListItemSchema = z.object({
  id: z.string(),
  kind: CollectionKindSchema,
  status: CollectionStatusSchema,
  title: z.string(),
  featured: z.boolean(),
  organisationName: z.string(),
  items: z.number().int(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const ListCollectionsQuerySchema = PageQuerySchema.extend({
  kind: CollectionKindSchema.optional(),
  status: CollectionStatusSchema.optional(),
  q: z.string().trim().max(50).optional().describe('Title contains'),
});
export type ListCollectionsQuery = z.infer<typeof ListCollectionsQuerySchema>;
export const CollectionPageSchema = pageOf(CollectionListItemSchema);

/** A published collection as a card on the portal. */
export const CollectionCardSchema = z.object({
  id: z.string(),
  kind: CollectionKindSchema,
  title: z.string(),
  introText: z.string().describe('The introduction as plain text, shortened'),
  cover: MediaSchema.nullable(),
  featured: z.boolean(),
  works: z.number().int().describe('Published works in it'),
  publishedAt: z.string().nullable(),
});
export const PublicCollectionsQuerySchema = PageQuerySchema.extend({
  kind: CollectionKindSchema.optional(),
  featured: z.enum(['true', 'false']).optional(),
});
export const PublicCollectionPageSchema = pageOf(CollectionCardSchema);

export const PublicCollectionSchema = CollectionCardSchema.extend({
  intro: z.string(),
  organisationName: z.string(),
  items: z.array(WorkCardSchema.extend({ note: z.string().nullable() })),
}).describe('PublicCollection');

export const ChannelSchema = z
  .object({
    featured: z.array(CollectionCardSchema).describe('Featured collections and series'),
    series: z.array(CollectionCardSchema).describe('Latest series'),
    latestWorks: z.array(WorkCardSchema),
  })
  .describe('The science channel home (科普频道)');
