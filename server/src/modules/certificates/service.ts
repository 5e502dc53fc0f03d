/**
 * Certificates anyone can verify (issue 13 §5). Other modules (training courses, volunteer
 * hours, chief-communicator appointments, contest awards) issue through `issueCertificate` (in
 * their own transaction) or `issueCertificates` (a batch, one transaction, chunked inserts),
 * after their own checks; issuing again for the same source and holder returns the certificate
 * already issued. What is printed is stored as data (holder's and issuer's names, title, lines),
 * so the public verification page shows exactly that; the PDF is rendered on demand, off the
 * request thread (pdf-pool.ts), never at issue time.
 */
import { randomBytes } from 'node:crypto';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { LIMITS, type Limit, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Db, Executor, Tx } from '#platform/db/connect.ts';
import type { CertificateKind, CertificateTable } from '#platform/db/schema.ts';
import { AppError, fieldError } from '#platform/errors.ts';
import { chineseDate, newId, nowIso, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, can, isPlatformAdmin, scopeOf } from '#platform/policy.ts';
import type { CertificatePrint } from './pdf.ts';
import { cachedPdf, cachePdf, pdfSlots, renderOffThread } from './pdf-pool.ts';
import * as repo from './repo.ts';
import './policy.ts';

// ---------------------------------------------------------------------------------------------
// Verification codes

/**
 * Crockford's base32: no I, L, O or U, so nothing reads as another character; typed 0/O, 1/I/L
 * are taken as the same. Twelve characters are 60 random bits: KP-XXXX-XXXX-XXXX.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newCertificateCode(): string {
  const bytes = randomBytes(8);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return `KP-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** A code as typed (any case, spaces, dashes, look-alikes) in its printed form, or null. */
export function normalizeCode(typed: string): string | null {
  let s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.startsWith('KP')) s = s.slice(2);
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(s)) return null;
  return `KP-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

// ---------------------------------------------------------------------------------------------
// The service API for other modules

export interface IssueInput {
  kind: CertificateKind;
  holderId: string;
  /** The name to print; default: the holder's name in their account. */
  holderName?: string;
  /** The issuing organisation; its current name is printed unless `organisationName` is given. */
  organisationId: string;
  organisationName?: string;
  /** e.g. 2026年度自然资源科普能力提升培训结业证书 */
  title: string;
  /** The certified lines as printed (course, hours, period …), zh-CN. */
  lines: string[];
  /** What it comes from (`course-enrolment`, `appointment`, `manual` …) and its id. */
  sourceType: string;
  sourceId: string;
  /** Default: now. */
  issuedAt?: string;
}

export interface IssuedCertificate {
  id: string;
  code: string;
  holderId: string;
  /** False when it had been issued before for the same source and holder (nothing changed). */
  created: boolean;
}

const MAX_LINES = 12;

function checkInput(i: IssueInput) {
  if (!i.title.trim() || i.title.length > 80) throw new Error('certificate title: 1–80 characters');
  if (i.lines.length > MAX_LINES || i.lines.some((l) => l.length > 200))
    throw new Error(`certificate lines: at most ${MAX_LINES}, 200 characters each`);
  if (!i.sourceType || !i.sourceId) throw new Error('certificate source: type and id required');
}

/**
 * Issues certificates in the caller's transaction: one query per chunk of 200 to find those
 * issued before, one to check the new codes, one insert per chunk; one audit row for the batch
 * (or per certificate when a single one). Answers in the inputs' order.
 */
export async function issueInTx(
  tx: Tx,
  ctx: RequestContext,
  inputs: IssueInput[],
): Promise<IssuedCertificate[]> {
  if (inputs.length === 0) return [];
  for (const i of inputs) checkInput(i);
  const key = (i: { sourceType: string; sourceId: string; holderId: string }) =>
    `${i.sourceType}\n${i.sourceId}\n${i.holderId}`;
  const existing = new Map<string, repo.CertificateRow>();
  const byType = new Map<string, IssueInput[]>();
  for (const i of inputs) byType.set(i.sourceType, [...(byType.get(i.sourceType) ?? []), i]);
  for (const [type, list] of byType)
    for (const r of await repo.findBySources(tx, type, list)) existing.set(key(r), r);

  const fresh = new Map<string, IssueInput>();
  for (const i of inputs) if (!existing.has(key(i)) && !fresh.has(key(i))) fresh.set(key(i), i);
  const todo = [...fresh.values()];
  if (todo.length) {
    const users = await repo.namesOfUsers(tx, [...new Set(todo.map((i) => i.holderId))]);
    const orgs = new Map<string, string>();
    for (const id of new Set(todo.map((i) => i.organisationId))) {
      const o = await repo.organisation(tx, id);
      if (!o) throw new Error(`certificate issuer ${id} not found`);
      orgs.set(id, o.name);
    }
    const at = nowIso();
    let codes = todo.map(() => newCertificateCode());
    // 60 random bits: a clash is all but impossible, and checked anyway (also within the batch).
    for (;;) {
      const taken = await repo.takenCodes(tx, codes);
      const seen = new Set<string>();
      let again = false;
      codes = codes.map((c) => {
        if (taken.has(c) || seen.has(c)) {
          again = true;
          c = newCertificateCode();
        }
        seen.add(c);
        return c;
      });
      if (!again) break;
    }
    const rows: CertificateTable[] = todo.map((i, n) => {
      const u = users.get(i.holderId);
      if (!u || !u.active) throw new Error(`certificate holder ${i.holderId} not found`);
      return {
        id: newId(),
        code: codes[n]!,
        kind: i.kind,
        holderId: i.holderId,
        holderName: (i.holderName ?? u.displayName).trim() || u.username,
        title: i.title.trim(),
        lines: JSON.stringify(i.lines.map((l) => l.trim()).filter(Boolean)),
        organisationId: i.organisationId,
        organisationName: i.organisationName ?? orgs.get(i.organisationId)!,
        issuedAt: i.issuedAt ?? at,
        issuedBy: ctx.actorId,
        sourceType: i.sourceType,
        sourceId: i.sourceId,
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
      };
    });
    await repo.insertMany(tx, rows);
    // A parallel issue for the same source may have won a row: read back what is stored.
    for (const [type, list] of new Map(
      [...new Set(rows.map((r) => r.sourceType))].map((t) => [
        t,
        rows.filter((r) => r.sourceType === t),
      ]),
    ))
      for (const r of await repo.findBySources(tx, type, list)) existing.set(key(r), r);
    const created = rows.filter((r) => existing.get(key(r))?.id === r.id);
    if (created.length === 1) {
      const c = created[0]!;
      await recordAudit(tx, ctx, {
        action: 'certificate.issue',
        entityType: 'certificate',
        entityId: c.id,
        organisationId: c.organisationId,
        detail: { title: c.title, certificateCode: c.code, certificateSource: c.sourceType },
        personal: { displayName: c.holderName },
      });
    } else if (created.length > 1) {
      for (const orgId of new Set(created.map((c) => c.organisationId))) {
        const mine = created.filter((c) => c.organisationId === orgId);
        await recordAudit(tx, ctx, {
          action: 'certificate.issueBatch',
          entityType: 'certificate',
          entityId: mine[0]!.id,
          organisationId: orgId,
          detail: {
            title: mine[0]!.title,
            certificates: mine.length,
            certificateSource: [...new Set(mine.map((c) => c.sourceType))].join(', '),
          },
        });
      }
    }
    return inputs.map((i) => {
      const r = existing.get(key(i))!;
      return {
        id: r.id,
        code: r.code,
        holderId: r.holderId,
        created: created.some((c) => c.id === r.id),
      };
    });
  }
  return inputs.map((i) => {
    const r = existing.get(key(i))!;
    return { id: r.id, code: r.code, holderId: r.holderId, created: false };
  });
}

/** Issues one certificate in the caller's transaction (idempotent per source and holder). */
export async function issueCertificate(
  tx: Tx,
  ctx: RequestContext,
  input: IssueInput,
): Promise<IssuedCertificate> {
  return (await issueInTx(tx, ctx, [input]))[0]!;
}

/** Issues a batch (a course's 500 participants) in one transaction of its own. */
export function issueCertificates(
  db: Db,
  ctx: RequestContext,
  inputs: IssueInput[],
): Promise<IssuedCertificate[]> {
  return db.transaction().execute((tx) => issueInTx(tx, ctx, inputs));
}

/**
 * Revokes, in the caller's transaction, the certificate issued for a source and holder (an
 * appointment withdrawn): the module that issued it decides; nothing issued, nothing done.
 */
export async function revokeForSource(
  tx: Tx,
  ctx: RequestContext,
  source: { sourceType: string; sourceId: string; holderId: string },
  reason: string,
): Promise<boolean> {
  const [r] = await repo.findBySources(tx, source.sourceType, [source]);
  if (!r || !(await repo.revoke(tx, r.id, ctx.actorId, reason, nowIso()))) return false;
  await recordAudit(tx, ctx, {
    action: 'certificate.revoke',
    entityType: 'certificate',
    entityId: r.id,
    organisationId: r.organisationId,
    detail: { title: r.title, certificateCode: r.code, reason },
    personal: { displayName: r.holderName },
  });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Presenting

/** 2026-12-06T… → 2026年12月6日 (the date in China, as printed). */
export const verifyUrlOf = (publicUrl: string, code: string) =>
  `${publicUrl.replace(/\/+$/, '')}/verify/${code}`;

const linesOf = (r: { lines: string }) => JSON.parse(r.lines) as string[];
const resourceOf = (r: repo.CertificateRow) => ({ orgPath: r.orgPath, ownerId: r.holderId });

function present(actor: Actor | null, publicUrl: string, r: repo.CertificateRow) {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    holderId: r.holderId,
    holderName: r.holderName,
    title: r.title,
    lines: linesOf(r),
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    issuedAt: r.issuedAt,
    issuedDate: chineseDate(r.issuedAt),
    revokedAt: r.revokedAt,
    revokeReason: r.revokeReason,
    verifyUrl: verifyUrlOf(publicUrl, r.code),
    canRevoke: !r.revokedAt && can(actor, 'certificate.revoke', { orgPath: r.orgPath }),
  };
}

/** What is printed on the certificate's PDF. */
export function printOf(publicUrl: string, r: CertificateTable): CertificatePrint {
  return {
    code: r.code,
    holderName: r.holderName,
    title: r.title,
    lines: linesOf(r),
    organisationName: r.organisationName,
    dateText: chineseDate(r.issuedAt),
    verifyUrl: verifyUrlOf(publicUrl, r.code),
    revokedText: r.revokedAt ? `已于${chineseDate(r.revokedAt)}撤销` : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Routes' entry points

export async function myCertificates(
  db: Db,
  actor: Actor,
  publicUrl: string,
  q: { page: number; pageSize: number },
) {
  const { items, total } = await repo.listOfHolder(db, actor.userId, q.page, q.pageSize);
  return { items: items.map((r) => present(actor, publicUrl, r)), total, ...q };
}

export async function issuedCertificates(
  db: Db,
  actor: Actor | null,
  publicUrl: string,
  q: {
    page: number;
    pageSize: number;
    organisationId?: string;
    q?: string;
    status?: 'VALID' | 'REVOKED';
  },
) {
  const a = authorize(actor, 'certificate.list');
  let underPath: string | undefined;
  if (q.organisationId) {
    const org = await repo.organisation(db, q.organisationId);
    // Another unit's certificates are not the reader's to know of: not found.
    if (!org || !can(a, 'certificate.revoke', { orgPath: org.path }))
      throw new AppError('NOT_FOUND');
    underPath = org.path;
  }
  const scope = isPlatformAdmin(a) ? 'ALL' : scopeOf(a, ['ORG_ADMIN']);
  const { items, total } = await repo.listIssued(
    db,
    { scope, underPath, q: q.q, status: q.status },
    q.page,
    q.pageSize,
  );
  return {
    items: items.map((r) => present(a, publicUrl, r)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A certificate the actor may read (holder, issuer's administrators); others: not found. */
async function readable(db: Executor, actor: Actor | null, id: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const r = await repo.findById(db, id);
  if (!r || !can(actor, 'certificate.read', resourceOf(r))) throw new AppError('NOT_FOUND');
  return r;
}

/** The PDF: from the cache, or rendered on the pool (2 a person, 8 in all at once; 429 past). */
export async function certificatePdf(db: Db, actor: Actor | null, publicUrl: string, id: string) {
  const r = await readable(db, actor, id);
  const cacheKey = `${r.id}:${r.revokedAt ?? ''}:${publicUrl}`;
  let pdf = cachedPdf(cacheKey);
  if (!pdf) {
    pdf = await pdfSlots.run(actor!.userId, () => renderOffThread(printOf(publicUrl, r)));
    cachePdf(cacheKey, pdf);
  }
  return { pdf, fileName: `certificate-${r.code}.pdf` };
}

export async function issueManually(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  publicUrl: string,
  body: {
    kind: CertificateKind;
    holderId: string;
    organisationId: string;
    title: string;
    lines: string[];
  },
) {
  const org = await repo.organisation(db, body.organisationId);
  if (!org || !org.active)
    throw fieldError('organisationId', '找不到这个发证单位', 'is not a known organisation');
  authorize(actor, 'certificate.issue', { orgPath: org.path });
  const holder = (await repo.namesOfUsers(db, [body.holderId])).get(body.holderId);
  if (!holder || !holder.active)
    throw fieldError('holderId', '找不到这个人', 'is not a known person');
  const issued = await db
    .transaction()
    .execute((tx) =>
      issueCertificate(tx, ctx, { ...body, sourceType: 'manual', sourceId: newId() }),
    );
  return present(actor, publicUrl, (await repo.findById(db, issued.id))!);
}

export async function revokeCertificate(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  publicUrl: string,
  id: string,
  reason: string,
) {
  return db.transaction().execute(async (tx) => {
    const r = await readable(tx, actor, id);
    authorize(actor, 'certificate.revoke', { orgPath: r.orgPath });
    if (!(await repo.revoke(tx, r.id, actor!.userId, reason, nowIso())))
      throw new AppError('STATE_CONFLICT', {
        reason: {
          'zh-CN': '这份证书已经撤销',
          'en-US': 'This certificate has been revoked already',
        },
      });
    await recordAudit(tx, ctx, {
      action: 'certificate.revoke',
      entityType: 'certificate',
      entityId: r.id,
      organisationId: r.organisationId,
      detail: { title: r.title, certificateCode: r.code, reason },
      personal: { displayName: r.holderName },
    });
    return present(actor, publicUrl, (await repo.findById(tx, r.id))!);
  });
}

/** Public look-ups from one address: 60 in 10 minutes, every one counts (codes are not listable). */
const VERIFY_LIMIT: Limit = { ...LIMITS.usernameCheck, max: 60 };

/** What a code certifies, or that it was revoked (and when; not why); unknown: 404. */
export async function verify(db: Db, ip: string | null, typed: string) {
  await reserveAttempt(db, [{ key: `certificate-verify:${ip ?? '-'}`, limit: VERIFY_LIMIT }]);
  const code = normalizeCode(typed);
  const r = code ? await repo.findByCode(db, code) : undefined;
  if (!r) throw new AppError('NOT_FOUND');
  return {
    code: r.code,
    status: r.revokedAt ? ('REVOKED' as const) : ('VALID' as const),
    kind: r.kind,
    holderName: r.holderName,
    title: r.title,
    lines: linesOf(r),
    organisationName: r.organisationName,
    issuedOn: todayInChina(Date.parse(r.issuedAt)),
    revokedOn: r.revokedAt ? todayInChina(Date.parse(r.revokedAt)) : null,
  };
}
