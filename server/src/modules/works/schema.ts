import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';
import { MediaSchema } from '../media/schema.ts';

export const WORK_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'CHECKED',
  'PUBLISHED',
  'WITHDRAWN',
  'ARCHIVED',
] as const;
export const WorkStatusSchema = z
  .enum(WORK_STATUSES)
  .describe('DRAFT → SUBMITTED → CHECKED (科学性审核 passed) → PUBLISHED → WITHDRAWN / ARCHIVED');
export const AUTHOR_ROLES = [
  'AUTHOR',
  'TRANSLATOR',
  'ILLUSTRATOR',
  'PHOTOGRAPHER',
  'NARRATOR',
  'DIRECTOR',
  'EDITOR',
  'ADVISOR',
] as const;

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/);
const codes = z.array(code).max(20);

export const AuthorSchema = z.object({
  userId: z
    .uuid()
    .nullable()
    .optional()
    .describe('A registered person, or null for a named outsider'),
  name: text(60),
  role: z.enum(AUTHOR_ROLES).default('AUTHOR'),
});

/** The editable fields of a work, without defaults (an edit must not reset what it omits). */
const contentFields = {
  type: code.describe('A WORK_TYPE reference code, e.g. VIDEO, BOOK, DEBUNK'),
  title: text(120),
  summary: z.string().trim().max(500),
  body: z.string().max(200_000).describe('Rich text (HTML); sanitized on the server'),
  authors: z.array(AuthorSchema).max(30),
  sectors: codes,
  topics: codes,
  audiences: codes,
  themeDays: codes,
  regions: z
    .array(z.string().regex(/^\d{6}$/))
    .max(50)
    .describe('GB/T 2260 codes'),
  language: z.enum(['zh-CN', 'en-US', 'bo', 'ug', 'mn', 'other']),
  licence: z.string().trim().max(60).nullable().describe('e.g. CC BY 4.0, 版权所有'),
  source: z.string().trim().max(120).nullable().describe('Source or publisher'),
  isbn: z
    .string()
    .trim()
    .regex(/^(97[89])?\d{9}[\dX]$/)
    .nullable()
    .describe('ISBN-10 or ISBN-13, digits only'),
  issn: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{3}[\dX]$/)
    .nullable(),
  publicationDate: z.iso.date().nullable(),
  coverId: z.uuid().nullable().describe('Cover image (a media id)'),
  mediaIds: z
    .array(z.uuid())
    .max(20)
    .describe('Attached files in reading order: video, PDF, 3D model, images'),
};

/** The content of a work as stored in every version. */
export const WorkContentSchema = z.object(contentFields);
export type WorkContent = z.infer<typeof WorkContentSchema>;

export const CreateWorkSchema = z.object({
  ...contentFields,
  summary: contentFields.summary.default(''),
  body: contentFields.body.default(''),
  authors: contentFields.authors.default([]),
  sectors: codes.default([]),
  topics: codes.default([]),
  audiences: codes.default([]),
  themeDays: codes.default([]),
  regions: contentFields.regions.default([]),
  language: contentFields.language.default('zh-CN'),
  licence: contentFields.licence.default(null),
  source: contentFields.source.default(null),
  isbn: contentFields.isbn.default(null),
  issn: contentFields.issn.default(null),
  publicationDate: contentFields.publicationDate.default(null),
  coverId: contentFields.coverId.default(null),
  mediaIds: contentFields.mediaIds.default([]),
  organisationId: z.uuid().describe('The owning unit'),
});
export const UpdateWorkSchema = WorkContentSchema.partial().extend({
  note: z.string().trim().max(200).optional().describe('What changed, for the version history'),
});

export const CheckWorkSchema = z.object({
  decision: z
    .enum(['PASSED', 'RETURNED'])
    .describe('PASSED: scientifically sound; RETURNED: back to the creator'),
  comments: z.string().trim().max(2000).default(''),
});

export const ScienceCheckSchema = z.object({
  version: z.number().int(),
  reviewerId: z.string(),
  reviewerName: z.string(),
  decision: z.enum(['PASSED', 'RETURNED']),
  comments: z.string(),
  createdAt: z.string(),
});

export const WorkSchema = WorkContentSchema.extend({
  id: z.string(),
  status: WorkStatusSchema,
  organisationId: z.string(),
  organisationName: z.string(),
  createdBy: z.string(),
  version: z.number().int(),
  checkedVersion: z.number().int().nullable(),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  checks: z.array(ScienceCheckSchema),
  cover: MediaSchema.nullable(),
  media: z.array(MediaSchema).describe('The files of mediaIds, in order'),
  abilities: z
    .object({
      edit: z.boolean(),
      submit: z.boolean(),
      check: z.boolean(),
      publish: z.boolean(),
      withdraw: z.boolean(),
      recall: z.boolean(),
      archive: z.boolean(),
    })
    .describe('What the caller may do now (the server checks again)'),
}).describe('Work');
export type Work = z.infer<typeof WorkSchema>;

export const WorkListItemSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: WorkStatusSchema,
  title: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  createdBy: z.string(),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const ListWorksQuerySchema = PageQuerySchema.extend({
  status: WorkStatusSchema.optional(),
  type: code.optional(),
  organisationId: z.uuid().optional().describe('Works of this unit and the units below it'),
  q: z.string().trim().max(50).optional().describe('Title contains'),
  mine: z.enum(['true', 'false']).optional().describe('Only works I created'),
  awaitingCheck: z
    .enum(['true', 'false'])
    .optional()
    .describe('Submitted works a reviewer may check'),
});
export type ListWorksQuery = z.infer<typeof ListWorksQuerySchema>;
export const WorkPageSchema = pageOf(WorkListItemSchema);

export const WorkVersionSchema = z.object({
  version: z.number().int(),
  createdBy: z.string(),
  createdByName: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const VersionParamsSchema = z.object({
  id: z.uuid(),
  version: z.coerce.number().int().min(1),
});
export const DiffQuerySchema = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});
export const WorkDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  fields: z.array(
    z.object({
      field: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      parts: z
        .array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() }))
        .optional()
        .describe('The text diff: kept, added and removed pieces in order'),
      summary: z
        .object({
          paragraphsBefore: z.number().int(),
          paragraphsAfter: z.number().int(),
          paragraphsKept: z.number().int().describe('Paragraphs found in both versions'),
          paragraphsAdded: z.number().int(),
          paragraphsRemoved: z.number().int(),
          charsBefore: z.number().int(),
          charsAfter: z.number().int(),
        })
        .optional()
        .describe(
          'Instead of parts when the changes are too many to show line by line: counts and sizes',
        ),
    }),
  ),
});

/** What the public sees: the published version, and who checked it. */
export const PublicWorkSchema = WorkContentSchema.extend({
  id: z.string(),
  organisationName: z.string(),
  publishedAt: z.string(),
  version: z.number().int(),
  check: z
    .object({ reviewerName: z.string(), version: z.number().int(), checkedAt: z.string() })
    .nullable()
    .describe('The expert who checked the published version, and when'),
  cover: MediaSchema.nullable(),
  media: z.array(MediaSchema),
}).describe('PublicWork');

export const WorksImportQuerySchema = z.object({
  organisationId: z.uuid().describe('The unit the imported works belong to'),
});
export const WorksImportReportSchema = z
  .object({
    rows: z.number().int().describe('Rows read'),
    imported: z.number().int().describe('Works written (0 when any row has an error)'),
    errors: z.array(
      z.object({
        row: z.number().int(),
        field: z.string(),
        column: z.string().describe('The column as the file names it'),
        message: z.string(),
      }),
    ),
    ms: z.number().int(),
  })
  .describe('WorksImportReport');
