import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';

/** A screenshot's bytes at most (2 MB), and so its base64 length. */
export const SCREENSHOT_MAX_BYTES = 2 * 1024 * 1024;
const SCREENSHOT_BASE64_MAX = Math.ceil(SCREENSHOT_MAX_BYTES / 3) * 4;

export const DEBUNK_KINDS = ['DEBUNK', 'EXPLAINER', 'NOTICE'] as const;
export const DEBUNK_STATUSES = [
  'DETECTED',
  'VERIFYING',
  'DEBUNKED',
  'CONFIRMED',
  'PARTIAL',
] as const;
export const REPORT_STATUSES = ['NEW', 'TRIAGED', 'LINKED', 'DUPLICATE', 'REJECTED'] as const;

const code = z.string().trim().min(1).max(40);
const division = z
  .string()
  .regex(/^\d{6}$/)
  .describe('GB/T 2260 division code');
const longText = (max: number) => z.string().trim().min(1).max(max);
const link = z
  .string()
  .trim()
  .max(500)
  .refine((s) => s === '' || /^https?:\/\//i.test(s), {
    message: '须为 http(s) 链接 / must be an http(s) link',
  });

export const ClaimSchema = z.object({
  rumour: longText(2000).describe('The rumour as it circulated (谣言)'),
  truth: longText(4000).describe('The facts (真相)'),
});

export const SourceSchema = z.object({
  platform: z.string().trim().max(60).default(''),
  account: z.string().trim().max(120).default(''),
  link: link.default(''),
});

export const DebunkInputSchema = z.object({
  organisationId: z.uuid(),
  kind: z.enum(DEBUNK_KINDS),
  title: text(120),
  summary: z.string().trim().max(1000).default(''),
  claims: z.array(ClaimSchema).min(1).max(20),
  authority: z.string().trim().max(120).default(''),
  expertIds: z.array(z.uuid()).max(10).default([]),
  sources: z.array(SourceSchema).max(20).default([]),
  hazard: code.nullable().default(null),
  divisionCode: division.nullable().default(null),
  date: z.iso.date().describe('The entry’s date (YYYY-MM-DD)'),
});
export type DebunkInput = z.infer<typeof DebunkInputSchema>;

export const DebunkStatusSchema = z.object({ status: z.enum(DEBUNK_STATUSES) });

const ExpertRef = z.object({
  userId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  organisationName: z.string().nullable(),
  /** Has a public page (/experts/:id). */
  public: z.boolean(),
});

export const DebunkSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  kind: z.enum(DEBUNK_KINDS),
  title: z.string(),
  summary: z.string(),
  claims: z.array(ClaimSchema),
  authority: z.string(),
  experts: z.array(ExpertRef),
  sources: z.array(z.object({ platform: z.string(), account: z.string(), link: z.string() })),
  hazard: z.string().nullable(),
  divisionCode: z.string().nullable(),
  date: z.string(),
  status: z.enum(DEBUNK_STATUSES),
  workId: z.string().nullable(),
  publishedAt: z.string().nullable(),
  reports: z.number().int().describe('Rumour reports linked to it'),
  updatedAt: z.string(),
  canEdit: z.boolean(),
});

export const ListDebunksQuerySchema = PageQuerySchema.extend({
  pageSize: PageQuerySchema.shape.pageSize.pipe(z.number().max(100)),
  q: z.string().trim().max(100).optional(),
  status: z.enum(DEBUNK_STATUSES).optional(),
  published: z.enum(['true', 'false']).optional(),
});

export const DebunkRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(DEBUNK_KINDS),
  status: z.enum(DEBUNK_STATUSES),
  organisationName: z.string(),
  hazard: z.string().nullable(),
  date: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export const DebunkPageSchema = pageOf(DebunkRowSchema);

// ── Public
export const PublicListQuerySchema = PageQuerySchema.extend({
  pageSize: PageQuerySchema.shape.pageSize.pipe(z.number().max(100)),
  q: z.string().trim().max(100).optional(),
  hazard: code.optional(),
  division: division.optional().describe('Entries of this division or inside it'),
});

export const PublicItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(DEBUNK_KINDS),
  hazard: z.string().nullable(),
  publishedAt: z.string(),
  summary: z.string(),
  divisionCode: z.string().nullable(),
  verdict: z.enum(['DEBUNKED', 'CONFIRMED', 'PARTIAL']),
});
export const PublicPageSchema = z.object({
  items: z.array(PublicItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const PublicDebunkSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(DEBUNK_KINDS),
  verdict: z.enum(['DEBUNKED', 'CONFIRMED', 'PARTIAL']),
  summary: z.string(),
  claims: z.array(ClaimSchema),
  authority: z.string(),
  experts: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      title: z.string().nullable(),
      organisationName: z.string().nullable(),
    }),
  ),
  sources: z.array(z.object({ platform: z.string(), account: z.string(), link: z.string() })),
  hazard: z.string().nullable(),
  divisionCode: z.string().nullable(),
  date: z.string(),
  organisationName: z.string(),
  publishedAt: z.string(),
  workId: z.string().nullable(),
});

export const BoardQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('YYYY-MM (Beijing time); this month when absent'),
});
export const BoardSchema = z.object({
  month: z.string(),
  items: z.array(
    z.object({
      rank: z.number().int(),
      id: z.string(),
      title: z.string(),
      kind: z.enum(DEBUNK_KINDS),
      hazard: z.string().nullable(),
      publishedAt: z.string(),
      reports: z.number().int(),
      views: z.number().int(),
    }),
  ),
});

// ── Rumour reports
export const ReportInputSchema = z.object({
  text: longText(2000).describe('The rumour as seen'),
  platform: z.string().trim().max(60).default('').describe('Where it was seen (platform)'),
  link: link.default(''),
  hazard: code.nullable().default(null),
  divisionCode: division.nullable().default(null),
  contact: z
    .string()
    .trim()
    .max(100)
    .nullable()
    .default(null)
    .describe('Optional: how the office may reach the reporter (never shown publicly)'),
  screenshot: z
    .string()
    .max(SCREENSHOT_BASE64_MAX)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .nullable()
    .default(null)
    .describe(
      'Optional: one image (PNG, JPEG, WebP or GIF, at most 2 MB) as base64; its type is decided by content, and it is kept re-encoded without metadata',
    ),
});

export const ReportReceiptSchema = z.object({ id: z.string(), received: z.literal(true) });

export const ListReportsQuerySchema = PageQuerySchema.extend({
  pageSize: PageQuerySchema.shape.pageSize.pipe(z.number().max(100)),
  status: z.enum(REPORT_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
});

export const ReportSchema = z.object({
  id: z.string(),
  text: z.string(),
  platform: z.string(),
  link: z.string(),
  hazard: z.string().nullable(),
  divisionCode: z.string().nullable(),
  contact: z.string().nullable(),
  signedIn: z.boolean(),
  hasScreenshot: z.boolean(),
  status: z.enum(REPORT_STATUSES),
  duplicateOf: z.string().nullable(),
  debunkId: z.string().nullable(),
  debunkTitle: z.string().nullable(),
  duplicates: z.number().int(),
  note: z.string(),
  handledAt: z.string().nullable(),
  createdAt: z.string(),
});
export const ReportPageSchema = pageOf(ReportSchema);

export const TriageSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('TRIAGE'),
    note: z.string().trim().max(500).default(''),
  }),
  z.object({
    action: z.literal('REJECT'),
    note: z.string().trim().max(500).default(''),
  }),
  z.object({
    action: z.literal('MERGE'),
    into: z.uuid().describe('The report this one duplicates'),
    note: z.string().trim().max(500).default(''),
  }),
  z.object({
    action: z.literal('LINK'),
    debunkId: z.uuid(),
    note: z.string().trim().max(500).default(''),
  }),
]);
