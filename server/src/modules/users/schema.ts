import { z } from 'zod';
import { ROLES } from '#platform/policy.ts';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';
import { PasswordSchema, UsernameSchema } from '../accounts/schema.ts';

export const RoleSchema = z
  .enum(ROLES)
  .describe('PLATFORM_ADMIN (科普工作办公室), ORG_ADMIN, EDITOR, REVIEWER (expert), MEMBER');

export const RoleGrantSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  createdAt: z.string(),
});

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(['ACTIVE', 'DISABLED', 'DELETED']),
    totpEnabled: z.boolean(),
    grants: z.array(RoleGrantSchema),
    createdAt: z.string(),
  })
  .describe('User');
export type User = z.infer<typeof UserSchema>;

export const ListUsersQuerySchema = PageQuerySchema.extend({
  organisationId: z.uuid().optional().describe('Users with a role in this organisation’s subtree'),
  role: RoleSchema.optional(),
  q: z.string().trim().max(50).optional().describe('Username or name contains'),
  status: z.enum(['ACTIVE', 'DISABLED']).optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;

export const CreateUserSchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema.describe('Initial password, to be handed over out of band'),
  displayName: text(40),
  email: z.email().max(200).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/)
    .optional(),
  role: RoleSchema.describe('First role of the new user'),
  organisationId: z.uuid().describe('Organisation the role is granted on'),
});

export const UpdateUserSchema = z
  .object({
    displayName: text(40),
    email: z.email().max(200).nullable(),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\- ]{5,20}$/)
      .nullable(),
    status: z.enum(['ACTIVE', 'DISABLED']),
  })
  .partial();

export const CreateGrantSchema = z.object({
  role: RoleSchema,
  organisationId: z.uuid().nullable().describe('null only for PLATFORM_ADMIN (global)'),
});

export const GrantParamsSchema = z.object({ id: z.uuid(), grantId: z.uuid() });
export const UserPageSchema = pageOf(UserSchema);
