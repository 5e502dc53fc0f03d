import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';

export const MEDIA_KINDS = ['IMAGE', 'PDF', 'VIDEO', 'AUDIO', 'MODEL', 'DOCUMENT'] as const;
export const MediaKindSchema = z
  .enum(MEDIA_KINDS)
  .describe(
    'Decided by the file content: IMAGE, PDF, VIDEO (mp4/webm), AUDIO (mp3, m4a, ogg, wav, flac, webm), MODEL (glTF/GLB)',
  );
export const MEDIA_VARIANTS = ['original', 'thumb', 'display', 'poster'] as const;

/** Upper size per kind, in bytes (413 beyond). */
export const MEDIA_LIMITS: Record<(typeof MEDIA_KINDS)[number], number> = {
  IMAGE: 20 * 1024 * 1024,
  PDF: 50 * 1024 * 1024,
  VIDEO: 512 * 1024 * 1024,
  AUDIO: 200 * 1024 * 1024,
  MODEL: 100 * 1024 * 1024,
  DOCUMENT: 50 * 1024 * 1024,
};
export const MEDIA_MAX_BYTES = Math.max(...Object.values(MEDIA_LIMITS));

export const UploadQuerySchema = z.object({
  organisationId: z.uuid().describe('The unit the file belongs to'),
  name: text(200).describe('The file name, for display only'),
  alt: z.string().trim().max(300).default('').describe('Text alternative (images)'),
});

/** A file as every client sees it, with its URLs. */
export const MediaSchema = z
  .object({
    id: z.string(),
    kind: MediaKindSchema,
    mime: z.string(),
    name: z.string(),
    alt: z.string(),
    size: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    durationMs: z.number().int().nullable().describe('Length of a video or audio file'),
    url: z.string().describe('The file itself (range requests for video and audio)'),
    thumbUrl: z.string().nullable().describe('WebP thumbnail (images)'),
    displayUrl: z.string().nullable().describe('WebP at reading size (images)'),
    posterUrl: z.string().nullable().describe('WebP poster frame (videos)'),
  })
  .describe('Media');
export type Media = z.infer<typeof MediaSchema>;

export const MediaItemSchema = MediaSchema.extend({
  organisationId: z.string(),
  organisationName: z.string(),
  uploadedBy: z.string(),
  uploadedByName: z.string(),
  createdAt: z.string(),
  uses: z.number().int().describe('How many works and collections use it'),
});

export const ListMediaQuerySchema = PageQuerySchema.extend({
  kind: MediaKindSchema.optional(),
  organisationId: z.uuid().optional().describe('Files of this unit and the units below it'),
  q: z.string().trim().max(50).optional().describe('Name contains'),
  mine: z.enum(['true', 'false']).optional(),
});
export type ListMediaQuery = z.infer<typeof ListMediaQuerySchema>;
export const MediaPageSchema = pageOf(MediaItemSchema);

export const UpdateMediaSchema = z.object({
  name: text(200).optional(),
  alt: z.string().trim().max(300).optional(),
});

export const FileParamsSchema = z.object({
  id: z.uuid(),
  variant: z.enum(MEDIA_VARIANTS),
});
