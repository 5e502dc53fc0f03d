import type { App, AppDeps } from '#platform/app-types.ts';
import { AppError } from '#platform/errors.ts';
import { AUTHENTICATED, action, PUBLIC } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import {
  ConsentInputSchema,
  ConsentStatusSchema,
  PolicyDocumentSchema,
  PolicyKindParamsSchema,
  PolicyVersionsSchema,
  PrivacySettingsSchema,
  PublishPolicySchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['privacy'];

export function registerPrivacyRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/policies/:kind',
    {
      schema: {
        tags,
        summary: 'The current privacy policy or user agreement',
        params: PolicyKindParamsSchema,
        response: { 200: PolicyDocumentSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.currentPolicy(db, req.params.kind),
  );

  app.get(
    '/api/policies/:kind/versions',
    {
      schema: {
        tags,
        summary: 'Every published version, newest first',
        params: PolicyKindParamsSchema,
        response: { 200: PolicyVersionsSchema, ...ERRORS },
      },
      config: { policy: action('privacy.manage') },
    },
    (req) => service.policyVersions(db, req.actor, req.params.kind),
  );

  app.post(
    '/api/policies/:kind',
    {
      schema: {
        tags,
        summary: 'Publish a new version (everyone accepts it at their next visit)',
        params: PolicyKindParamsSchema,
        body: PublishPolicySchema,
        response: { 201: PolicyDocumentSchema, ...ERRORS },
      },
      config: { policy: action('privacy.manage') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.publishPolicy(db, req.actor, req.ctx, req.params.kind, req.body)),
  );

  app.get(
    '/api/privacy-settings',
    {
      schema: {
        tags,
        summary: 'The guardian-consent age and the account help contact (public)',
        response: { 200: PrivacySettingsSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    () => service.privacySettings(db),
  );

  app.put(
    '/api/privacy-settings',
    {
      schema: {
        tags,
        summary: 'Set the guardian-consent age and the account help contact',
        body: PrivacySettingsSchema,
        response: { 200: PrivacySettingsSchema, ...ERRORS },
      },
      config: { policy: action('privacy.manage') },
    },
    (req) => service.updatePrivacySettings(db, req.actor, req.ctx, req.body),
  );

  app.get(
    '/api/me/consents',
    {
      schema: {
        tags,
        summary: 'Which versions I accepted, and whether a newer one waits',
        response: { 200: ConsentStatusSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED, allowIncompleteLogin: true },
    },
    (req) => {
      if (!req.actor) throw new AppError('UNAUTHENTICATED');
      return service.consentStatus(db, req.actor.userId);
    },
  );

  app.post(
    '/api/me/consents',
    {
      schema: {
        tags,
        summary: 'Accept the current privacy policy and user agreement',
        body: ConsentInputSchema,
        response: { 200: ConsentStatusSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED, allowIncompleteLogin: true },
    },
    (req) => {
      if (!req.actor) throw new AppError('UNAUTHENTICATED');
      return service.consentToCurrent(db, req.actor, req.ctx, req.body);
    },
  );
}
