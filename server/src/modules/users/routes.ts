import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { actionOnResource } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  CreateGrantSchema,
  CreateUserSchema,
  GrantParamsSchema,
  ListUsersQuerySchema,
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
      config: { policy: actionOnResource('user.update') },
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
        summary: 'Revoke a role',
        params: GrantParamsSchema,
        response: { 200: UserSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('grant.manage') },
    },
    (req) => service.removeGrant(db, req.actor, req.ctx, req.params.id, req.params.grantId),
  );
}
