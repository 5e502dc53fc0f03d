import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { AUTHENTICATED, actionOnResource, signedIn } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  CreateGrantSchema,
  CreateInvitationSchema,
  CreateUserSchema,
  GrantParamsSchema,
  InvitationListSchema,
  InvitationSchema,
  ListInvitationsQuerySchema,
  ListUsersQuerySchema,
  ResetLinkSchema,
  ResetTotpSchema,
  TemporaryPasswordSchema,
  UpdateUserSchema,
  UserPageSchema,
  UserSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['users'];

export function registerUserRoutes(app: App, { db, config }: AppDeps): void {
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'List users within the caller’s administrative scope',
        querystring: ListUsersQuerySchema,
        response: { 200: UserPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.list') },
    },
    (req) => service.listUsers(db, req.actor, req.query),
  );

  app.get(
    '/api/users/export',
    {
      schema: {
        tags,
        summary: 'The filtered user list as an xlsx workbook',
        querystring: ListUsersQuerySchema.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('user.list') },
    },
    async (req, reply) => {
      const buf = await service.exportUsers(db, req.actor, req.query);
      return sendXlsx(reply, '用户与角色.xlsx', buf);
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'One user with their roles',
        params: IdParamsSchema,
        response: { 200: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.read') },
    },
    (req) => service.getUser(db, req.actor, req.params.id),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a user with a first role on an organisation',
        body: CreateUserSchema,
        response: { 201: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.create') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.createUser(db, req.actor, req.ctx, config.securityProfile, req.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Edit a user or disable their account',
        params: IdParamsSchema,
        body: UpdateUserSchema,
        response: { 200: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.manage') },
    },
    (req) => service.updateUser(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/grants',
    {
      schema: {
        tags,
        summary: 'Grant a role on an organisation subtree',
        params: IdParamsSchema,
        body: CreateGrantSchema,
        response: { 200: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('grant.manage') },
    },
    (req) => service.addGrant(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/users/:id/grants/:grantId',
    {
      schema: {
        tags,
        summary: 'Revoke a role (null when the caller no longer sees the person)',
        params: GrantParamsSchema,
        response: { 200: UserSchema.nullable(), ...ERRORS },
      },
      config: { policy: actionOnResource('grant.manage') },
    },
    (req) => service.removeGrant(db, req.actor, req.ctx, req.params.id, req.params.grantId),
  );

  app.post(
    '/api/users/:id/reset-link',
    {
      schema: {
        tags,
        summary: 'Issue a one-time password reset link (24 hours) for a person one manages',
        params: IdParamsSchema,
        response: { 200: ResetLinkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.manage') },
    },
    (req) => service.issueResetLink(db, req.actor, req.ctx, config.publicUrl, req.params.id),
  );

  app.post(
    '/api/users/:id/temporary-password',
    {
      schema: {
        tags,
        summary: 'Set a temporary password the person must change at the next sign-in',
        params: IdParamsSchema,
        body: TemporaryPasswordSchema,
        response: { 200: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.manage') },
    },
    (req) =>
      service.setTemporaryPassword(
        db,
        req.actor,
        req.ctx,
        config.securityProfile,
        req.params.id,
        req.body.password,
      ),
  );

  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags,
        summary: 'Lift a sign-in lock after failed attempts',
        params: IdParamsSchema,
        response: { 200: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.manage') },
    },
    (req) => service.unlockUser(db, req.actor, req.ctx, req.params.id),
  );

  app.post(
    '/api/users/:id/reset-totp',
    {
      schema: {
        tags,
        summary: 'Platform administrators: reset a person’s TOTP (lost phone), with a reason',
        params: IdParamsSchema,
        body: ResetTotpSchema,
        response: { 200: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.resetTotp') },
    },
    (req) => service.resetTotp(db, req.actor, req.ctx, req.params.id, req.body.reason),
  );

  app.get(
    '/api/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations to the units the caller administers',
        querystring: ListInvitationsQuerySchema,
        response: { 200: InvitationListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('user.list') },
    },
    (req) => service.listInvitations(db, req.actor, req.query.status),
  );

  app.post(
    '/api/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a person (by username) to take a role in one’s unit',
        body: CreateInvitationSchema,
        response: { 201: InvitationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('grant.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createInvitation(db, req.actor, req.ctx, req.body)),
  );

  app.delete(
    '/api/invitations/:id',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending invitation',
        params: IdParamsSchema,
        response: { 200: InvitationSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('grant.manage') },
    },
    (req) => service.revokeInvitation(db, req.actor, req.ctx, req.params.id),
  );

  app.get(
    '/api/me/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations to join a unit, for me',
        response: { 200: InvitationListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myInvitations(db, signedIn(req.actor)),
  );

  for (const [verb, accept] of [
    ['accept', true],
    ['decline', false],
  ] as const)
    app.post(
      `/api/me/invitations/:id/${verb}`,
      {
        schema: {
          tags,
          summary: accept ? 'Accept an invitation: the role is granted' : 'Decline an invitation',
          params: IdParamsSchema,
          response: { 200: InvitationSchema, ...ERRORS },
        },
        config: { policy: AUTHENTICATED },
      },
      (req) => service.decideMyInvitation(db, signedIn(req.actor), req.ctx, req.params.id, accept),
    );
}
