import { z } from 'zod';
import { PASSWORD_MAX } from '#platform/auth/passwords.ts';
import { ROLES } from '#platform/policy.ts';
import { text } from '#platform/schemas.ts';

export const UsernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/)
  .describe('3–32 letters, digits, _ . -');
/** Length and strength rules beyond the bounds are checked by the service (common list, profile). */
export const PasswordSchema = z
  .string()
  .min(1)
  .max(PASSWORD_MAX)
  .describe(`8–${PASSWORD_MAX} characters; not a common password`);

export const RegisterSchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  displayName: text(40).describe('Name shown to others'),
  email: z.email().max(200).optional(),
  birthYear: z
    .number()
    .int()
    .min(1900)
    .max(new Date().getUTCFullYear())
    .describe('Required: tells whether a guardian must consent'),
  guardian: z
    .object({
      name: text(40),
      contact: text(100).describe('Phone or email of the guardian'),
      consent: z
        .literal(true)
        .describe('The guardian agrees to the processing of the minor’s data'),
    })
    .optional()
    .describe('Required under the guardian-consent age (14, or 18 where the platform says so)'),
  consent: z
    .object({
      privacyVersion: z.number().int().min(1).max(100_000),
      termsVersion: z.number().int().min(1).max(100_000),
    })
    .describe('The versions of the privacy policy and user agreement the person read and accepts'),
});

export const LoginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX),
  totpCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('Six-digit code from the authenticator app'),
  recoveryCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z2-7]{5}-?[A-Za-z2-7]{5}$/)
    .optional()
    .describe('One of the ten one-time recovery codes, instead of a TOTP code'),
});

export const SetupSchema = z.object({
  token: z
    .string()
    .min(10)
    .max(200)
    .describe('One-time token from the setup link printed at first start'),
  username: UsernameSchema,
  password: PasswordSchema,
  displayName: text(40),
});

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: PasswordSchema,
});

export const TotpConfirmSchema = z.object({ code: z.string().regex(/^\d{6}$/) });
export const TotpSetupSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string().describe('Show as a QR code'),
  expiresAt: z.string().describe('Until then a reload shows the same secret'),
});
export const RecoveryCodesSchema = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown this once; each works once instead of a code'),
});

export const UsernameQuerySchema = z.object({ username: UsernameSchema });
export const UsernameAvailableSchema = z.object({
  username: z.string().describe('As it would be saved (lower case)'),
  available: z.boolean(),
});
export const AccountHelpSchema = z.object({ username: z.string().trim().min(1).max(64) });
export const AccountHelpAnswerSchema = z.object({
  units: z.array(z.object({ name: z.string(), admins: z.array(z.string()) })),
  helpContact: z.string().nullable(),
  emailAvailable: z.boolean().describe('Self-service reset by e-mail (when SMTP is configured)'),
});
export const ResetTokenSchema = z.object({ token: z.string().min(20).max(200) });
export const ResetPeekSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  expiresAt: z.string(),
});
export const ResetPasswordSchema = z.object({
  token: z.string().min(20).max(200),
  newPassword: PasswordSchema,
});

/** A person's name and contact data, as they or an administrator who manages them may change. */
export const CONTACT_FIELDS = {
  displayName: text(40),
  email: z.email().max(200).nullable(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/)
    .nullable(),
};

export const UpdateMeSchema = z
  .object({ ...CONTACT_FIELDS, locale: z.enum(['zh-CN', 'en-US']) })
  .partial();

export const DeleteMeSchema = z.object({ password: z.string().min(1).max(PASSWORD_MAX) });

export const GrantViewSchema = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
});

export const MeSchema = z
  .object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      locale: z.string(),
      totpEnabled: z.boolean(),
      isMinor: z.boolean(),
      temporaryPassword: z.boolean().describe('Signed in with a password an administrator set'),
      recoveryCodesLeft: z.number().int(),
    }),
    pendingInvitations: z.number().int().describe('Invitations to join a unit, awaiting me'),
    consentRequired: z
      .boolean()
      .describe('A newer privacy policy or user agreement awaits my consent'),
    grants: z.array(GrantViewSchema),
    abilities: z
      .object({
        platformAdmin: z.boolean(),
        console: z.boolean().describe('May open the admin console'),
        manageOrganisations: z.boolean(),
        manageUsers: z.boolean(),
        manageReference: z.boolean(),
        readAudit: z.boolean(),
      })
      .describe('What the UI may offer; the server checks again on every request'),
    csrfToken: z.string().describe('Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE'),
    mfaEnrolmentRequired: z.boolean(),
    passwordChangeRequired: z.boolean(),
  })
  .describe('Me');
export type Me = z.infer<typeof MeSchema>;

export const SetupStatusSchema = z.object({ needed: z.boolean() });
export const LogoutOthersSchema = z.object({ ended: z.number().int() });
const PersonalValueSchema = z.union([z.string(), z.number(), z.null()]);
const PersonalFieldSchema = z.object({
  label: z.string(),
  value: z.union([
    PersonalValueSchema,
    z.array(z.object({ label: z.string(), value: PersonalValueSchema })),
  ]),
});
export const PersonalSectionSchema = z
  .object({
    module: z.string(),
    key: z.string(),
    title: z.string(),
    items: z.array(z.array(PersonalFieldSchema)),
  })
  .describe('What a module keeps about me, every field labelled in my language');

export const MyDataSchema = z.object({
  exportedAt: z.string(),
  profile: z.record(z.string(), z.unknown()),
  grants: z.array(GrantViewSchema),
  sessions: z.array(
    z.object({
      createdAt: z.string(),
      lastSeenAt: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
    }),
  ),
  activity: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      entityType: z.string(),
      entityId: z.string().nullable(),
    }),
  ),
  works: z
    .array(
      z.object({ id: z.string(), title: z.string(), status: z.string(), createdAt: z.string() }),
    )
    .describe('Works I created'),
  uploads: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        size: z.number().int(),
        createdAt: z.string(),
      }),
    )
    .describe('Files I uploaded'),
  expertProfile: z
    .object({
      title: z.string(),
      sectors: z.array(z.string()),
      topics: z.array(z.string()),
      updatedAt: z.string(),
      ties: z.array(
        z.object({
          kind: z.string(),
          note: z.string(),
          createdAt: z.string(),
          organisationName: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  applications: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        status: z.string(),
        callTitle: z.string(),
        form: z.record(z.string(), z.unknown()),
        submittedAt: z.string().nullable(),
        createdAt: z.string(),
      }),
    )
    .describe('Applications I submitted'),
  objections: z
    .array(
      z.object({
        id: z.string(),
        itemTitle: z.string(),
        name: z.string(),
        contact: z.string(),
        text: z.string(),
        status: z.string(),
        outcome: z.string().nullable(),
        createdAt: z.string(),
      }),
    )
    .describe('Objections I made to public notices while signed in'),
  joinRequests: z
    .array(
      z.object({
        id: z.string(),
        organisationName: z.string(),
        position: z.string(),
        reason: z.string(),
        status: z.string(),
        role: z.string().nullable(),
        decisionNote: z.string().nullable(),
        createdAt: z.string(),
        decidedAt: z.string().nullable(),
      }),
    )
    .describe('My requests to join a unit'),
  consents: z.array(z.object({ kind: z.string(), version: z.number().int(), at: z.string() })),
  sections: z
    .array(PersonalSectionSchema)
    .describe('What the modules keep about me (activities, squads …), labelled'),
});
