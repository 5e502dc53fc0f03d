import { z } from 'zod';
import { ROLES } from '#platform/policy.ts';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';
import { CONTACT_FIELDS, PasswordSchema, UsernameSchema } from '../accounts/schema.ts';

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
    email: z.string().nullable().describe('Only to those who may manage the person'),
    phone: z.string().nullable().describe('Only to those who may manage the person'),
    status: z.enum(['ACTIVE', 'DISABLED', 'DELETED']),
    totpEnabled: z.boolean(),
    managed: z
      .boolean()
      .describe('The caller may edit, disable, reset or grant roles to this person'),
    homeOrganisationId: z.string().nullable().describe('The person’s own unit'),
    homeOrganisationName: z.string().nullable(),
    hasPassword: z.boolean().describe('False: the account cannot sign in (未设置密码)'),
    lastLoginAt: z.string().nullable().describe('Null: never signed in (从未登录)'),
    temporaryPassword: z.boolean().describe('Must change the password at the next sign-in'),
    lockedUntil: z.string().nullable().describe('Sign-in locked after failed attempts until'),
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
  .object({ ...CONTACT_FIELDS, status: z.enum(['ACTIVE', 'DISABLED']) })
  .partial();

export const CreateGrantSchema = z.object({
  role: RoleSchema,
  organisationId: z.uuid().nullable().describe('null only for PLATFORM_ADMIN (global)'),
});

export const GrantParamsSchema = z.object({ id: z.uuid(), grantId: z.uuid() });
export const UserPageSchema = pageOf(UserSchema);

export const TemporaryPasswordSchema = z.object({
  password: PasswordSchema.describe('Handed over out of band; must be changed at the next sign-in'),
});
export const ResetLinkSchema = z.object({
  url: z.string().describe('One-time link, valid 24 hours; hand it to the person'),
  expiresAt: z.string(),
});
export const ResetTotpSchema = z.object({
  reason: text(200).describe('Why (recorded in the audit log)'),
});

export const InvitationStatusSchema = z.enum([
  'PENDING',
  'ACCEPTED',
  'DECLINED',
  'REVOKED',
  'EXPIRED',
]);
export const InvitationSchema = z
  .object({
    id: z.string(),
    role: RoleSchema,
    organisationId: z.string(),
    organisationName: z.string(),
    inviteeUsername: z.string(),
    inviteeName: z.string(),
    invitedByName: z.string().nullable(),
    status: InvitationStatusSchema,
    createdAt: z.string(),
    expiresAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .describe('Invitation');
export const InvitationListSchema = z.object({ items: z.array(InvitationSchema) });
export const CreateInvitationSchema = z.object({
  username: z.string().trim().min(1).max(64).describe('The invitee’s username'),
  role: z.enum(['ORG_ADMIN', 'EDITOR', 'REVIEWER', 'MEMBER']),
  organisationId: z.uuid(),
});
export const ListInvitationsQuerySchema = z.object({ status: InvitationStatusSchema.optional() });
