import { z } from 'zod';
import { PageQuerySchema, pageOf, text } from '#platform/schemas.ts';

export const CERTIFICATE_KINDS = ['TRAINING', 'VOLUNTEER_HOURS', 'APPOINTMENT', 'AWARD'] as const;
/** What a code may verify: a certificate, or a person's exported 科普 record (modules/record). */
export const VERIFIABLE_KINDS = [...CERTIFICATE_KINDS, 'RECORD'] as const;

/** KP-XXXX-XXXX-XXXX, typed loosely: case, spaces and dashes do not matter. */
export const CodeParamsSchema = z.object({
  code: z
    .string()
    .trim()
    .max(40)
    .regex(/^[A-Za-z0-9 -]+$/, { error: '验证码只含字母、数字和连字符' })
    .describe('The verification code printed on the certificate, e.g. KP-7Q2M-9XHD-4RTW'),
});

const lines = z.array(text(200)).max(12).describe('The certified lines as printed (zh-CN)');

export const IssueCertificateSchema = z.object({
  kind: z.enum(CERTIFICATE_KINDS),
  holderId: z.uuid().describe('The person the certificate is for'),
  organisationId: z.uuid().describe('The issuing organisation'),
  title: text(80).describe('e.g. 2026年度自然资源科普能力提升培训结业证书'),
  lines,
});

export const RevokeCertificateSchema = z.object({
  reason: text(500).describe('Why (kept for the issuer and the holder; not shown publicly)'),
});

export const ListIssuedQuerySchema = PageQuerySchema.extend({
  organisationId: z
    .uuid()
    .optional()
    .describe('Only this issuing organisation (and units under it)'),
  q: z
    .string()
    .trim()
    .max(40)
    .optional()
    .describe('Part of the holder’s name, the title or the code'),
  status: z.enum(['VALID', 'REVOKED']).optional(),
});

export const CertificateSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(VERIFIABLE_KINDS),
    holderId: z.string(),
    holderName: z.string(),
    title: z.string(),
    lines: z.array(z.string()),
    organisationId: z.string(),
    organisationName: z.string(),
    issuedAt: z.string(),
    /** The date as printed: 2026年12月6日. */
    issuedDate: z.string(),
    revokedAt: z.string().nullable(),
    revokeReason: z.string().nullable(),
    verifyUrl: z.string(),
    canRevoke: z.boolean(),
  })
  .describe('Certificate');
export const CertificateListSchema = pageOf(CertificateSchema);

/** What anyone may learn from a code: what it certifies, or that it was revoked. */
export const PublicCertificateSchema = z
  .object({
    code: z.string(),
    status: z.enum(['VALID', 'REVOKED']),
    kind: z.enum(VERIFIABLE_KINDS),
    holderName: z.string(),
    title: z.string(),
    lines: z.array(z.string()),
    organisationName: z.string(),
    issuedOn: z.string().describe('YYYY-MM-DD (China)'),
    revokedOn: z.string().nullable().describe('YYYY-MM-DD (China), when revoked'),
  })
  .describe('PublicCertificate');
