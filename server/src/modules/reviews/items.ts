/** Items (applications): drafted and submitted by the applicant's side, listed by who sees them. */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { fieldErrors, ruleError } from '#platform/errors.ts';
import { saveAnswers } from '#platform/forms/values.ts';
import type { Locale } from '#platform/i18n.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, scopeOf, signedIn } from '#platform/policy.ts';
import { defineMediaUseReaders, type MediaUseGrant } from '../media/access.ts';
import { describeMedia, linkMedia } from '../media/service.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { assertReferenceCodes } from '../reference/service.ts';
import { checkFormData } from './form.ts';
import * as repo from './repo.ts';
import * as mine from './repo-mine.ts';
import type { CreateItemSchema, UpdateItemSchema } from './schema.ts';
import { reviewSubject } from './subjects.ts';
import {
  applicantResource,
  attachmentAliases,
  event,
  formOf,
  isBlindTo,
  loadCall,
  loadItem,
  loadVisibleCall,
  presentItem,
  relationOf,
  relationTo,
  type Stage,
  type Status,
  wrongState,
} from './workflow.ts';

/**
 * Who may read an application's attachments: whoever the item relates to (its applicant's side,
 * recommender, organiser and acting units, and its assigned reviewers while assigned and not
 * excluded) — a blind reviewer under the neutral name. Registered with media (access.ts).
 */
defineMediaUseReaders('reviewItem', async (db, actor, mediaId, itemIds) => {
  let blind: MediaUseGrant | null = null;
  for (const id of itemIds) {
    const item = await repo.findItem(db, id);
    if (!item) continue;
    if (
      !Object.values(JSON.parse(item.attachments) as Record<string, string[]>)
        .flat()
        .includes(mediaId)
    )
      continue;
    const c = await loadCall(db, item.callId);
    const roles = await relationOf(db, actor, item, c);
    if (roles.size === 0) continue;
    if (!isBlindTo(c, roles)) return { alias: null };
    blind ??= { alias: attachmentAliases(c, item.attachments).get(mediaId) ?? '附件' };
  }
  return blind;
});

export async function getItem(db: Db, actor: Actor | null, id: string, locale?: Locale) {
  authorize(actor, 'review.list');
  const { item, c } = await loadItem(db, id);
  const roles = await relationTo(db, actor, item, c);
  return presentItem(db, actor, item, c, roles, locale);
}

async function checkAttachments(
  db: Executor,
  me: Actor,
  orgPath: string,
  attachments: Record<string, string[]>,
) {
  const ids = [...new Set(Object.values(attachments).flat())];
  const { media } = await describeMedia(db, { coverId: null, mediaIds: ids });
  const found = new Map(media.map((m) => [m.id, m]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw fieldErrors([
      {
        field: 'attachments',
        zh: `文件不存在：${missing.join('、')}`,
        en: `no such files: ${missing.join(', ')}`,
      },
    ]);
  // Reuse the media rule (the unit's or the actor's own files) through linkMedia's checks.
  const { assertMediaRefs } = await import('../media/service.ts');
  await assertMediaRefs(db, me, orgPath, { coverId: null, mediaIds: ids });
  const out: Record<string, { kind: string }[]> = {};
  for (const [k, list] of Object.entries(attachments))
    out[k] = list.map((id) => ({ kind: found.get(id)!.kind }));
  return out;
}

export async function createItem(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
  input: z.infer<typeof CreateItemSchema>,
) {
  const org = await requireOrganisationRef(db, input.organisationId);
  const me = authorize(actor, 'review.apply', { orgPath: org.path });
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const c = await loadVisibleCall(tx, actor, callId);
    if (c.status !== 'OPEN' || todayInChina() < c.opensAt || todayInChina() > c.closesAt)
      throw ruleError(
        'STATE_CONFLICT',
        `征集不在申报期内（${c.opensAt} 至 ${c.closesAt}）`,
        `The call is not taking applications (${c.opensAt} to ${c.closesAt})`,
      );
    const kinds = await checkAttachments(tx, me, org.path, input.attachments);
    const problems = await checkFormData(tx, formOf(c), input.data, kinds, false);
    if (problems.length) throw fieldErrors(problems);
    await assertReferenceCodes(tx, 'sectors', 'SECTOR', input.sectors);
    await assertReferenceCodes(tx, 'topics', 'TOPIC', input.topics);
    const subject = reviewSubject(c.subjectKind)?.subject;
    if (subject && !input.subjectId)
      throw fieldErrors([
        { field: 'subjectId', zh: '请选择申报的对象', en: 'choose what this application is about' },
      ]);
    let sectors = input.sectors;
    if (subject && input.subjectId) {
      const about = await subject(tx, input.subjectId, org.id, { call: c, data: input.data });
      // Reviewers are matched on the subject's sectors unless the applicant names others.
      if (sectors.length === 0) sectors = about.sectors;
      if (await repo.findItemForSubject(tx, callId, input.subjectId))
        throw reviewSubject(c.subjectKind)?.applicants === 'PERSON'
          ? ruleError(
              'STATE_CONFLICT',
              '本次征集已提名过此人',
              'This person has already been nominated in this call',
            )
          : ruleError(
              'STATE_CONFLICT',
              '本次征集已有该对象的申报',
              'This call already has an application for it',
            );
    }
    const at = nowIso();
    const row: repo.ItemRow = {
      id,
      callId,
      applicantOrgId: org.id,
      submittedBy: me.userId,
      title: input.title,
      data: JSON.stringify(input.data),
      attachments: JSON.stringify(input.attachments),
      sectors: JSON.stringify(sectors),
      topics: JSON.stringify(input.topics),
      status: 'DRAFT',
      aggregate: null,
      rank: null,
      noticeId: null,
      subjectId: input.subjectId ?? null,
      submittedAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await repo.insertItem(tx, row);
    await saveAnswers(tx, 'reviewItem', id, formOf(c), input.data);
    await linkMedia(
      tx,
      { type: 'reviewItem', id },
      { coverId: null, mediaIds: Object.values(input.attachments).flat() },
      false,
    );
    await event(tx, ctx, { ...row, status: 'DRAFT' }, 'create', 'DRAFT', '', org.id);
  });
  return getItem(db, actor, id);
}

export async function updateItem(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateItemSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    const me = authorize(actor, 'review.apply', applicantResource(item));
    if (item.status !== 'DRAFT')
      throw wrongState(item.status, '只有草稿可以修改', 'Only drafts can be edited');
    const data = patch.data ?? (JSON.parse(item.data) as Record<string, unknown>);
    const attachments =
      patch.attachments ?? (JSON.parse(item.attachments) as Record<string, string[]>);
    const kinds = await checkAttachments(tx, me, item.applicantPath, attachments);
    const problems = await checkFormData(tx, formOf(c), data, kinds, false);
    if (problems.length) throw fieldErrors(problems);
    if (patch.sectors) await assertReferenceCodes(tx, 'sectors', 'SECTOR', patch.sectors);
    if (patch.topics) await assertReferenceCodes(tx, 'topics', 'TOPIC', patch.topics);
    const moved = await repo.moveItem(tx, id, ['DRAFT'], {
      ...(patch.title ? { title: patch.title } : {}),
      data: JSON.stringify(data),
      attachments: JSON.stringify(attachments),
      ...(patch.sectors ? { sectors: JSON.stringify(patch.sectors) } : {}),
      ...(patch.topics ? { topics: JSON.stringify(patch.topics) } : {}),
      updatedAt: nowIso(),
    });
    if (!moved)
      throw wrongState(
        item.status,
        '申报刚被提交或修改，请刷新',
        'The application changed meanwhile; reload',
      );
    await saveAnswers(tx, 'reviewItem', id, formOf(c), data);
    await linkMedia(
      tx,
      { type: 'reviewItem', id },
      { coverId: null, mediaIds: Object.values(attachments).flat() },
      false,
    );
    await recordAudit(tx, ctx, {
      action: 'review.update',
      entityType: 'reviewItem',
      entityId: id,
      organisationId: item.applicantOrgId,
      detail: { name: patch.title ?? item.title, fields: Object.keys(patch) },
    });
  });
  return getItem(db, actor, id);
}

export async function submitItem(db: Db, actor: Actor | null, ctx: RequestContext, id: string) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    authorize(actor, 'review.apply', applicantResource(item));
    if (item.status !== 'DRAFT')
      throw wrongState(item.status, '只有草稿可以提交', 'Only drafts can be submitted');
    if (c.status !== 'OPEN' || todayInChina() > c.closesAt)
      throw ruleError(
        'STATE_CONFLICT',
        `征集已于 ${c.closesAt} 截止`,
        `The call closed on ${c.closesAt}`,
      );
    const attachments = JSON.parse(item.attachments) as Record<string, string[]>;
    const kinds = await checkAttachments(tx, actor!, item.applicantPath, attachments);
    const problems = await checkFormData(tx, formOf(c), JSON.parse(item.data), kinds, true);
    if (problems.length) throw fieldErrors(problems);
    const at = nowIso();
    if (
      !(await repo.moveItem(tx, id, ['DRAFT'], {
        status: 'SUBMITTED',
        submittedAt: at,
        updatedAt: at,
      }))
    )
      throw wrongState(item.status, '申报刚被提交', 'The application was just submitted');
    await event(tx, ctx, item, 'submit', 'SUBMITTED', '', item.applicantOrgId);
  });
  return getItem(db, actor, id);
}

export async function listItems(
  db: Db,
  actor: Actor | null,
  q: { callId?: string; status?: Status; q?: string; page: number; pageSize: number },
) {
  const me = authorize(actor, 'review.list');
  const scope = scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN']);
  const manage = scopeOf(me, ['ORG_ADMIN', 'EDITOR']);
  const organisedCallIds = manage === 'ALL' ? [] : await repo.callIdsOrganisedIn(db, manage);
  // Calls where a stage is handled by one of my organisations (a configured acting organisation).
  if (manage !== 'ALL' && manage.length) {
    const open = await repo.stagesOfPublishedCalls(db);
    const actingIds = [
      ...new Set(
        open.flatMap((r) =>
          (JSON.parse(r.stages) as Stage[]).flatMap((x) => (x.actorOrgId ? [x.actorOrgId] : [])),
        ),
      ),
    ];
    if (actingIds.length) {
      const orgs = await repo.organisationsByIds(db, actingIds);
      const mine = new Set(
        orgs.filter((o) => manage.some((p) => o.path.startsWith(p))).map((o) => o.id),
      );
      for (const r of open)
        if ((JSON.parse(r.stages) as Stage[]).some((x) => x.actorOrgId && mine.has(x.actorOrgId)))
          organisedCallIds.push(r.id);
    }
  }
  const { rows, total } = await repo.listItems(db, q, {
    all: scope === 'ALL',
    orgPaths: scope === 'ALL' ? [] : scope,
    organisedCallIds,
  });
  return { items: rows, total, page: q.page, pageSize: q.pageSize };
}

/** 我的申报: what I submitted or drafted myself, whichever unit it was for. */
export async function myItems(db: Db, actor: Actor | null, q: { page: number; pageSize: number }) {
  const me = signedIn(actor);
  const { rows, total } = await mine.itemsSubmittedBy(
    db,
    me.userId,
    (q.page - 1) * q.pageSize,
    q.pageSize,
  );
  return { items: rows, total, page: q.page, pageSize: q.pageSize };
}
