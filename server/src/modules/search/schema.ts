import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/);
const Range = z
  .tuple([z.number().int(), z.number().int()])
  .describe('[start, end) in UTF-16 code units');

export const SearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .default('')
    .describe('Words, in simplified or traditional Chinese, or pinyin for names'),
  type: z
    .string()
    .regex(/^[a-z][a-zA-Z]{1,30}$/)
    .optional()
    .describe('Only this type (work, organisation …)'),
  workType: code.optional().describe('Only works of this WORK_TYPE (VIDEO, BOOK …)'),
  sector: code.optional(),
  topic: code.optional(),
  audience: code.optional(),
  region: z
    .string()
    .regex(/^\d{2}0000$/)
    .optional()
    .describe('A province-level division code'),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
  sort: z.enum(['relevance', 'date']).default('relevance'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

const FacetList = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const SearchResultSchema = z
  .object({
    items: z.array(
      z.object({
        type: z.string(),
        id: z.string(),
        title: z.string(),
        snippet: z.string(),
        url: z.string().nullable(),
        subtype: z.string().nullable(),
        publishedAt: z.string().nullable(),
        score: z.number(),
        highlights: z.object({ title: z.array(Range), snippet: z.array(Range) }),
      }),
    ),
    total: z.number().int(),
    exactTotal: z
      .number()
      .int()
      .describe('Documents with every word; the rest (when relaxed) miss one word or more'),
    relaxed: z
      .boolean()
      .describe(
        'Too few results had every word: results missing one word follow the precise ones (then, still too few, those missing two, and so on)',
      ),
    facetsApproximate: z
      .boolean()
      .describe(
        'Facet counts are estimates: a large match set was counted over a fixed hashed sample and scaled',
      ),
    totalApproximate: z
      .boolean()
      .describe(
        'total is an estimate from the same sample, shown as 约: on either database, when the match set is larger than an exact count allows (SQLite: more than about 5,000 matches; PostgreSQL: more than a few hundred). Otherwise total is exact',
      ),
    pinyinWords: z
      .array(z.array(z.string()))
      .describe(
        'A query in pinyin read as these words (dizhizaihai → [["地质灾害"]]): one group per word of the query, homophones as alternatives; empty otherwise',
      ),
    split: z
      .boolean()
      .describe(
        'A compound the index does not hold together (湿地保护) was also searched by its parts in any order; those results follow the exact ones',
      ),
    page: z.number().int(),
    pageSize: z.number().int(),
    facets: z.object({
      type: FacetList,
      workType: FacetList.describe("Works' WORK_TYPE codes"),
      sector: FacetList,
      topic: FacetList,
      audience: FacetList,
      region: FacetList,
      year: FacetList,
    }),
  })
  .describe('SearchResult');

export const TermKindSchema = z
  .enum(['WORD', 'SYNONYM', 'NARROWER'])
  .describe(
    'WORD: kept whole; SYNONYM: a group that finds each other; NARROWER: the term also finds these (one way)',
  );

export const SearchTermSchema = z
  .object({
    id: z.string(),
    kind: TermKindSchema,
    term: z.string(),
    members: z
      .array(z.string())
      .describe('SYNONYM: every member, the term included; NARROWER: the narrower terms'),
    active: z.boolean(),
    updatedAt: z.string(),
  })
  .describe('SearchTerm');

export const ListTermsQuerySchema = z.object({
  kind: TermKindSchema.optional(),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('Only terms whose word or one of whose members contains this text'),
});
export type ListTermsQuery = z.infer<typeof ListTermsQuerySchema>;
export const CreateTermSchema = z.object({
  kind: TermKindSchema,
  term: text(30).describe('The word, or the synonym group’s main term'),
  members: z
    .array(text(30))
    .min(1)
    .max(20)
    .optional()
    .describe('SYNONYM: the other members; NARROWER: the narrower terms'),
});
export const UpdateTermSchema = z
  .object({ members: z.array(text(30)).min(2).max(20), active: z.boolean() })
  .partial();
export const TermParamsSchema = z.object({ id: z.uuid() });

export const ZeroResultQuerySchema = PageQuerySchema.extend({
  days: z.coerce.number().int().min(1).max(365).default(7).describe('Look back this many days'),
});
export const ZeroResultPageSchema = pageOf(
  z.object({ q: z.string(), count: z.number().int(), lastAt: z.string() }),
);
export const ReindexResultSchema = z.object({ indexed: z.number().int() });
