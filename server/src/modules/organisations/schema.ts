import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';

/** Organisation types (DESIGN.md, issue 2); labels live in the web app's locale files. */
export const ORGANISATION_TYPES = [
  'MINISTRY',
  'MINISTRY_OFFICE',
  'PROVINCIAL_DEPT',
  'CITY_DEPT',
  'COUNTY_DEPT',
  'AFFILIATED_UNIT',
  'BASE_HOST',
  'RESEARCH_UNIT',
  'SCHOOL',
  'ENTERPRISE',
  'SOCIETY',
  'MEDIA',
  'STUDIO',
  'OTHER',
] as const;
export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES).describe('Kind of organisation');
export const TreeSchema = z
  .enum(['ADMIN', 'DEPT'])
  .describe('ADMIN: ministry → province → city → county; DEPT: ministry → 部属单位 → units');

export const OrganisationSchema = z
  .object({
    id: z.string(),
    tree: TreeSchema,
    type: OrganisationTypeSchema,
    name: z.string().describe('Full Chinese name'),
    nameEn: z.string().nullable(),
    shortName: z.string().nullable(),
    parentId: z.string().nullable(),
    depth: z.number().int().describe('0 for the root'),
    divisionCode: z.string().nullable().describe('GB/T 2260 six-digit code'),
    divisionName: z
      .string()
      .nullable()
      .optional()
      .describe('The division’s name (in lists and on reading one), for people'),
    active: z.boolean(),
    childCount: z.number().int().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('Organisation');
export type Organisation = z.infer<typeof OrganisationSchema>;

const divisionCode = z
  .string()
  .regex(/^\d{6}$/)
  .describe('GB/T 2260 six-digit code');

export const CreateOrganisationSchema = z.object({
  parentId: z.uuid().describe('Parent organisation'),
  tree: TreeSchema.optional().describe(
    'Only for children of the ministry; others inherit their parent’s tree',
  ),
  type: OrganisationTypeSchema,
  name: text(100),
  nameEn: text(200).optional(),
  shortName: text(40).optional(),
  divisionCode: divisionCode.optional(),
});

export const UpdateOrganisationSchema = z
  .object({
    name: text(100),
    nameEn: text(200).nullable(),
    shortName: text(40).nullable(),
    type: OrganisationTypeSchema,
    divisionCode: divisionCode.nullable(),
  })
  .partial();

export const MoveOrganisationSchema = z.object({ parentId: z.uuid().describe('New parent') });

export const ListOrganisationsQuerySchema = PageQuerySchema.extend({
  rootId: z.uuid().optional().describe('Only this organisation and everything below it'),
  parentId: z.uuid().optional().describe('Only direct children of this organisation'),
  tree: TreeSchema.optional(),
  type: OrganisationTypeSchema.optional(),
  q: z.string().trim().max(50).optional().describe('Name contains'),
  active: z.enum(['true', 'false']).optional(),
});
export type ListOrganisationsQuery = z.infer<typeof ListOrganisationsQuerySchema>;

export const OrganisationPageSchema = pageOf(OrganisationSchema);

export const MembersQuerySchema = z.object({
  q: z.string().trim().max(40).optional().describe('The name contains this'),
});
export const MemberSchema = z
  .object({ id: z.uuid(), displayName: z.string() })
  .describe('Someone with a role in the organisation: their name only');
