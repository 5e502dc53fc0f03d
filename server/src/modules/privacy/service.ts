import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import { sanitizeRichText } from '#platform/richtext.ts';
import {
  DEFAULT_PRIVACY_BODY,
  DEFAULT_PRIVACY_TITLE,
  DEFAULT_TERMS_BODY,
  DEFAULT_TERMS_TITLE,
} from './defaults.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type {
  ConsentInputSchema,
  PolicyKind,
  PrivacySettings,
  PublishPolicySchema,
} from './schema.ts';

const GUARDIAN_AGE_KEY = 'privacy.guardianConsentAge';
const HELP_CONTACT_KEY = 'privacy.accountHelpContact';

function present(row: NonNullable<Awaited<ReturnType<typeof repo.currentDocument>>>) {
  return {
    kind: row.kind,
    version: row.version,
    title: row.title,
    body: row.body,
    publishedAt: row.publishedAt,
  };
}

export async function currentPolicy(db: Executor, kind: PolicyKind) {
  const row = await repo.currentDocument(db, kind);
  if (!row) throw new AppError('NOT_FOUND');
  return present(row);
}

export async function policyVersions(db: Db, actor: Actor | null, kind: PolicyKind) {
  authorize(actor, 'privacy.manage');
  const rows = await repo.listVersions(db, kind);
  return { items: rows.map((r) => ({ ...present(r), publishedByName: r.publishedByName })) };
}

/** A new version; everyone is asked to accept it at their next visit. */
export async function publishPolicy(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  kind: PolicyKind,
  input: z.infer<typeof PublishPolicySchema>,
) {
  authorize(actor, 'privacy.manage');
  return db.transaction().execute(async (tx) => {
    const current = await repo.currentDocument(tx, kind);
    const row = {
      id: newId(),
      kind,
      version: (current?.version ?? 0) + 1,
      title: input.title,
      body: sanitizeRichText(input.body),
      publishedAt: nowIso(),
      publishedBy: actor!.userId,
    };
    await repo.insertDocument(tx, row);
    await recordAudit(tx, ctx, {
      action: 'privacy.publish',
      entityType: 'policyDocument',
      entityId: row.id,
      detail: { kind, version: row.version, title: row.title },
    });
    return present(row);
  });
}

/** Version 1 of each document, on an installation that has none. */
export async function seedPolicyDocuments(db: Executor) {
  for (const [kind, title, body] of [
    ['PRIVACY', DEFAULT_PRIVACY_TITLE, DEFAULT_PRIVACY_BODY],
    ['TERMS', DEFAULT_TERMS_TITLE, DEFAULT_TERMS_BODY],
  ] as const) {
    if (await repo.currentDocument(db, kind)) continue;
    await repo.insertDocument(db, {
      id: newId(),
      kind,
      version: 1,
      title,
      body,
      publishedAt: nowIso(),
      publishedBy: null,
    });
  }
}

export async function consentStatus(db: Executor, userId: string) {
  const [privacy, terms, accepted] = await Promise.all([
    repo.currentDocument(db, 'PRIVACY'),
    repo.currentDocument(db, 'TERMS'),
    repo.acceptedVersions(db, userId),
  ]);
  const privacyVersion = privacy?.version ?? 0;
  const termsVersion = terms?.version ?? 0;
  const acceptedPrivacyVersion = accepted.get('PRIVACY') ?? null;
  const acceptedTermsVersion = accepted.get('TERMS') ?? null;
  return {
    privacyVersion,
    termsVersion,
    acceptedPrivacyVersion,
    acceptedTermsVersion,
    required:
      (privacyVersion > 0 && (acceptedPrivacyVersion ?? 0) < privacyVersion) ||
      (termsVersion > 0 && (acceptedTermsVersion ?? 0) < termsVersion),
  };
}

/**
 * Records consent to the versions the person read; they must be the current ones (a page opened
 * before a new version was published is refused, so nobody accepts text they did not see).
 */
export async function recordConsent(
  tx: Executor,
  userId: string,
  input: z.infer<typeof ConsentInputSchema>,
) {
  const [privacy, terms] = await Promise.all([
    repo.currentDocument(tx, 'PRIVACY'),
    repo.currentDocument(tx, 'TERMS'),
  ]);
  if (
    (privacy && input.privacyVersion !== privacy.version) ||
    (terms && input.termsVersion !== terms.version)
  )
    throw new AppError('CONSENT_REQUIRED');
  const at = nowIso();
  await repo.insertConsents(tx, [
    ...(privacy
      ? [{ id: newId(), userId, kind: 'PRIVACY' as const, version: privacy.version, at }]
      : []),
    ...(terms ? [{ id: newId(), userId, kind: 'TERMS' as const, version: terms.version, at }] : []),
  ]);
}

export async function consentToCurrent(
  db: Db,
  actor: Actor,
  ctx: RequestContext,
  input: z.infer<typeof ConsentInputSchema>,
) {
  await db.transaction().execute(async (tx) => {
    await recordConsent(tx, actor.userId, input);
    await recordAudit(tx, ctx, {
      action: 'privacy.consent',
      entityType: 'user',
      entityId: actor.userId,
      detail: { privacyVersion: input.privacyVersion, termsVersion: input.termsVersion },
    });
  });
  return consentStatus(db, actor.userId);
}

const ageOf = (stored: string | null | undefined) => (stored === '18' ? 18 : 14);

export async function privacySettings(db: Executor): Promise<PrivacySettings> {
  const [age, contact] = await Promise.all([
    repo.getSetting(db, GUARDIAN_AGE_KEY),
    repo.getSetting(db, HELP_CONTACT_KEY),
  ]);
  return {
    guardianConsentAge: ageOf(age),
    accountHelpContact: contact ?? '',
  };
}

/** The age below which a guardian consents (one read: what a public page needs of the settings). */
export async function guardianConsentAge(db: Executor): Promise<14 | 18> {
  return ageOf(await repo.getSetting(db, GUARDIAN_AGE_KEY));
}

export async function updatePrivacySettings(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: PrivacySettings,
) {
  authorize(actor, 'privacy.manage');
  await db.transaction().execute(async (tx) => {
    await repo.putSetting(tx, GUARDIAN_AGE_KEY, String(input.guardianConsentAge));
    await repo.putSetting(tx, HELP_CONTACT_KEY, input.accountHelpContact);
    await recordAudit(tx, ctx, {
      action: 'privacy.settings',
      entityType: 'setting',
      detail: { ...input },
    });
  });
  return privacySettings(db);
}

export const consentsOf = repo.consentsOf;
