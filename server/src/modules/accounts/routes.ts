import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { loadSession, sessionCookieName } from '#platform/auth/sessions.ts';
import type { Config } from '#platform/config.ts';
import { AppError } from '#platform/errors.ts';
import { AUTHENTICATED, PUBLIC } from '#platform/policy.ts';
import { ERRORS, OkSchema } from '#platform/schemas.ts';
import * as myAccount from './my-account.ts';
import {
  AccountHelpAnswerSchema,
  AccountHelpSchema,
  ChangePasswordSchema,
  DeleteMeSchema,
  LoginSchema,
  LogoutOthersSchema,
  MeSchema,
  MyDataSchema,
  RecoveryCodesSchema,
  RegisterSchema,
  ResetPasswordSchema,
  ResetPeekSchema,
  ResetTokenSchema,
  SetupSchema,
  SetupStatusSchema,
  TotpConfirmSchema,
  TotpSetupSchema,
  UpdateMeSchema,
  UsernameAvailableSchema,
  UsernameQuerySchema,
} from './schema.ts';
import * as service from './service.ts';
import { signInWithLink } from './sign-in-links.ts';

const tags = ['accounts'];

function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: string) {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    expires: new Date(expiresAt),
  });
}

function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

const clientOf = (req: FastifyRequest) => ({
  ip: req.ip,
  userAgent: req.headers['user-agent'] ?? null,
});

function requireAuth(req: FastifyRequest) {
  if (!req.auth) throw new AppError('UNAUTHENTICATED');
  return req.auth;
}

export function registerAccountRoutes(app: App, deps: AppDeps): void {
  const { db, config } = deps;
  const incomplete = { policy: AUTHENTICATED, allowIncompleteLogin: true };

  /** After a new session: answer with the caller's view, as /api/auth/me would. */
  async function answerWithMe(reply: FastifyReply, token: string, expiresAt: string, status = 200) {
    setSessionCookie(reply, config, token, expiresAt);
    const loaded = await loadSession(db, config, token);
    return reply.code(status).send(await service.buildMe(db, config, loaded!));
  }

  app.post(
    '/api/auth/register',
    {
      schema: {
        tags,
        summary: 'Self-registration for the public',
        body: RegisterSchema,
        response: { 201: MeSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) => {
      const s = await service.register(db, config, req.ctx, clientOf(req), req.body);
      return answerWithMe(reply, s.token, s.expiresAt, 201);
    },
  );

  app.get(
    '/api/accounts/username-available',
    {
      schema: {
        tags,
        summary:
          'Whether a username is free, for registration (30 questions an address per 10 minutes)',
        querystring: UsernameQuerySchema,
        response: { 200: UsernameAvailableSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.usernameAvailable(db, clientOf(req), req.query.username),
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in (password, and TOTP code when enrolled); rotates the session',
        body: LoginSchema,
        response: { 200: MeSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) => {
      const s = await service.login(
        db,
        config,
        req.ctx,
        clientOf(req),
        req.body,
        req.auth?.session.idHash ?? null,
      );
      return answerWithMe(reply, s.token, s.expiresAt);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags, summary: 'End this session', response: { 200: OkSchema, ...ERRORS } },
      config: incomplete,
    },
    async (req, reply) => {
      await service.logout(db, req.ctx, requireAuth(req));
      clearSessionCookie(reply, config);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/logout-others',
    {
      schema: {
        tags,
        summary: 'End all my other sessions',
        response: { 200: LogoutOthersSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req) => ({ ended: await service.logoutOthers(db, req.ctx, requireAuth(req)) }),
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags,
        summary: 'Who I am, my roles and what the UI may offer',
        response: { 200: MeSchema, ...ERRORS },
      },
      config: incomplete,
    },
    (req) => service.buildMe(db, config, requireAuth(req)),
  );

  app.post(
    '/api/auth/totp/setup',
    {
      schema: {
        tags,
        summary:
          'Start (or continue) TOTP enrolment: a secret and an otpauth:// URL for the QR code',
        response: { 200: TotpSetupSchema, ...ERRORS },
      },
      config: incomplete,
    },
    (req) => myAccount.startTotp(db, requireAuth(req).actor),
  );

  app.post(
    '/api/auth/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm TOTP enrolment with a code; answers the ten one-time recovery codes',
        body: TotpConfirmSchema,
        response: { 200: MeSchema.extend(RecoveryCodesSchema.shape), ...ERRORS },
      },
      config: incomplete,
    },
    async (req) => {
      const auth = requireAuth(req);
      const recoveryCodes = await myAccount.confirmTotp(db, req.ctx, auth, req.body.code);
      const me = await service.buildMe(db, config, {
        ...auth,
        session: { ...auth.session, mfaPassed: true },
        mfaEnrolmentRequired: false,
      });
      return { ...me, recoveryCodes };
    },
  );

  app.post(
    '/api/auth/recovery-codes',
    {
      schema: {
        tags,
        summary: 'New recovery codes after a current TOTP code (the old ones stop working)',
        body: TotpConfirmSchema,
        response: { 200: RecoveryCodesSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req) => ({
      recoveryCodes: await myAccount.regenerateRecoveryCodes(
        db,
        req.ctx,
        requireAuth(req).actor,
        req.body.code,
      ),
    }),
  );

  app.post(
    '/api/auth/account-help',
    {
      schema: {
        tags,
        summary:
          'Forgot password: who can reset it (unit administrators by name, the help contact); with mail configured, a reset link goes to the account’s address',
        body: AccountHelpSchema,
        response: { 200: AccountHelpAnswerSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.accountHelp(db, config, clientOf(req), req.body),
  );

  app.post(
    '/api/auth/password-reset/check',
    {
      schema: {
        tags,
        summary: 'Whose password a one-time reset link sets (does not use the link)',
        body: ResetTokenSchema,
        response: { 200: ResetPeekSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.peekPasswordReset(db, clientOf(req), req.body.token),
  );

  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'Set a new password with a one-time reset link; ends every session',
        body: ResetPasswordSchema,
        response: { 200: z.object({ username: z.string() }), ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.resetPassword(db, config, req.ctx, clientOf(req), req.body),
  );

  app.post(
    '/api/auth/sign-in-link',
    {
      schema: {
        tags,
        summary:
          'Sign in with a one-time link (`kepu demo logins`, an hour); rotates the session like a login',
        body: ResetTokenSchema,
        response: { 200: MeSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) => {
      const s = await signInWithLink(
        db,
        config,
        req.ctx,
        clientOf(req),
        req.body.token,
        req.auth?.session.idHash ?? null,
      );
      return answerWithMe(reply, s.token, s.expiresAt);
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password; ends my other sessions',
        body: ChangePasswordSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: incomplete,
    },
    async (req) => {
      await myAccount.changePassword(db, config, req.ctx, requireAuth(req), req.body);
      return { ok: true as const };
    },
  );

  app.patch(
    '/api/me',
    {
      schema: {
        tags,
        summary: 'Edit my profile',
        body: UpdateMeSchema,
        response: { 200: MeSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req) => {
      const auth = requireAuth(req);
      await myAccount.updateMe(db, req.ctx, auth.actor, req.body);
      return service.buildMe(db, config, auth);
    },
  );

  app.get(
    '/api/me/export',
    {
      schema: {
        tags,
        summary: 'Download everything Kepu keeps about me',
        response: { 200: MyDataSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) => {
      reply.header('content-disposition', 'attachment; filename="kepu-my-data.json"');
      return myAccount.exportMyData(db, requireAuth(req).actor, req.locale);
    },
  );

  app.delete(
    '/api/me',
    {
      schema: {
        tags,
        summary: 'Delete my account and personal data',
        body: DeleteMeSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) => {
      await myAccount.deleteMe(db, req.ctx, requireAuth(req).actor, req.body.password);
      clearSessionCookie(reply, config);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/setup',
    {
      schema: {
        tags,
        summary: 'Whether the first administrator still has to be created',
        response: { 200: SetupStatusSchema },
      },
      config: { policy: PUBLIC },
    },
    async () => ({ needed: await service.setupNeeded(db) }),
  );

  app.post(
    '/api/setup',
    {
      schema: {
        tags,
        summary: 'Create the first platform administrator with the one-time setup token',
        body: SetupSchema,
        response: { 201: MeSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) => {
      const s = await service.completeSetup(db, config, req.ctx, clientOf(req), req.body);
      return answerWithMe(reply, s.token, s.expiresAt, 201);
    },
  );
}
