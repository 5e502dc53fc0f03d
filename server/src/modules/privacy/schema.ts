import { z } from 'zod';
import { text } from '#platform/schemas.ts';

export const POLICY_KINDS = ['PRIVACY', 'TERMS'] as const;
export const PolicyKindSchema = z.enum(POLICY_KINDS).describe('PRIVACY: 隐私政策; TERMS: 用户协议');
export type PolicyKind = z.infer<typeof PolicyKindSchema>;

export const PolicyKindParamsSchema = z.object({ kind: PolicyKindSchema });

export const PolicyDocumentSchema = z
  .object({
    kind: PolicyKindSchema,
    version: z.number().int(),
    title: z.string(),
    body: z.string().describe('Sanitized HTML'),
    publishedAt: z.string(),
  })
  .describe('PolicyDocument');

export const PolicyVersionsSchema = z.object({
  items: z.array(PolicyDocumentSchema.extend({ publishedByName: z.string().nullable() })),
});

export const PublishPolicySchema = z.object({
  title: text(100),
  body: z.string().trim().min(20).max(200_000).describe('HTML; sanitized on the server'),
});

/** What a person accepts: the versions they read (must be the current ones). */
export const ConsentInputSchema = z.object({
  privacyVersion: z.number().int().min(1).max(100_000),
  termsVersion: z.number().int().min(1).max(100_000),
});

export const PrivacySettingsSchema = z
  .object({
    guardianConsentAge: z
      .union([z.literal(14), z.literal(18)])
      .describe('Under this age a guardian must consent before an account is made (PIPL: 14)'),
    accountHelpContact: z
      .string()
      .trim()
      .max(200)
      .describe(
        'Who helps with accounts (office phone or e-mail), shown on the forgot-password page',
      ),
  })
  .describe('PrivacySettings');
export type PrivacySettings = z.infer<typeof PrivacySettingsSchema>;

export const ConsentStatusSchema = z.object({
  privacyVersion: z.number().int(),
  termsVersion: z.number().int(),
  acceptedPrivacyVersion: z.number().int().nullable(),
  acceptedTermsVersion: z.number().int().nullable(),
  required: z.boolean().describe('A newer version waits for the person’s consent'),
});
