/** Calls (征集): created as drafts, opened, closed; their form, rubric and stages fixed once open. */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, can, scopeOf } from '#platform/policy.ts';
import { sanitizeRichText } from '#platform/richtext.ts';
import { assertMediaRefs, describeMedia, linkMedia, publishLinks } from '../media/service.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { withFormKeys, withRubricKeys } from './form.ts';
import * as repo from './repo.ts';
import type { CallSettingsSchema, CreateCallSchema, UpdateCallSchema } from './schema.ts';
import { assertSupported, reviewSubject } from './subjects.ts';
import {
  formOf,
  loadManagedCall,
  loadVisibleCall,
  rubricOf,
  stagesOf,
  validateStages,
} from './workflow.ts';

/** What a call uses from the media library: its templates and the images in its text. */
const CALL_MEDIA = 'reviewCall';
function refsOf(templateIds: string[], html: string) {
  return { coverId: null, mediaIds: templateIds, html };
}
export function templateIdsOf(c: { templates: string }): string[] {
  return JSON.parse(c.templates) as string[];
}

async function presentCall(db: Executor, actor: Actor | null, c: repo.CallWithOrg) {
  const { media: templates } = await describeMedia(db, refsOf(templateIdsOf(c), ''));
  const counts = (await repo.countByStatus(db, [c.id])).get(c.id) ?? {};
  const actorIds = stagesOf(c).flatMap((x) => (x.actorOrgId ? [x.actorOrgId] : []));
  const names = new Map((await repo.organisationsByIds(db, actorIds)).map((o) => [o.id, o.name]));
  return {
    id: c.id,
    subjectKind: c.subjectKind,
    title: c.title,
    docNo: c.docNo,
    description: c.description,
    eligibility: c.eligibility,
    templates,
    organisationId: c.organisationId,
    organisationName: c.organisationName,
    status: c.status,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    form: formOf(c),
    rubric: rubricOf(c),
    stages: stagesOf(c).map((x) => ({
      ...x,
      deadline: x.deadline ?? null,
      actorOrgId: x.actorOrgId ?? null,
      actorRoles: x.actorRoles ?? ['ORG_ADMIN' as const, 'EDITOR' as const],
      actorOrgName: x.actorOrgId ? (names.get(x.actorOrgId) ?? null) : null,
    })),
    blind: c.blind === 1,
    reviewersPerItem: c.reviewersPerItem,
    aggregation: c.aggregation,
    normalize: c.normalize === 1,
    round: c.round,
    settings: JSON.parse(c.settings) as z.infer<typeof CallSettingsSchema>,
    counts,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    abilities: { manage: can(actor, 'review.manage', { orgPath: c.orgPath }) },
  };
}

export async function createCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  sent: z.infer<typeof CreateCallSchema>,
) {
  const input = { ...sent, rubric: withRubricKeys(sent.rubric) };
  const org = await requireOrganisationRef(db, input.organisationId);
  const me = authorize(actor, 'review.manage', { orgPath: org.path });
  const subject = reviewSubject(input.subjectKind);
  if (!subject)
    throw fieldErrors([
      { field: 'subjectKind', zh: '不支持的评审对象', en: 'unknown subject kind' },
    ]);
  assertSupported(
    subject,
    input.stages.map((st) => st.kind),
  );
  validateStages(input.stages, input.rubric);
  for (const st of input.stages) if (st.actorOrgId) await requireOrganisationRef(db, st.actorOrgId);
  if (input.closesAt < input.opensAt)
    throw fieldErrors([
      { field: 'closesAt', zh: '截止日期不能早于开始日期', en: 'must not be before opensAt' },
    ]);
  const id = newId();
  const at = nowIso();
  const description = sanitizeRichText(input.description);
  await db.transaction().execute(async (tx) => {
    const refs = refsOf(input.templateIds, description);
    await assertMediaRefs(tx, me, org.path, refs);
    await subject.checkSettings?.(tx, input.settings);
    await repo.insertCall(tx, {
      id,
      subjectKind: input.subjectKind,
      title: input.title,
      docNo: input.docNo,
      description,
      eligibility: input.eligibility,
      templates: JSON.stringify([...new Set(input.templateIds)]),
      organisationId: org.id,
      status: 'DRAFT',
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      form: JSON.stringify(withFormKeys(input.form)),
      rubric: JSON.stringify(input.rubric),
      stages: JSON.stringify(input.stages),
      blind: input.blind ? 1 : 0,
      reviewersPerItem: input.reviewersPerItem,
      aggregation: input.aggregation,
      normalize: input.normalize ? 1 : 0,
      round: 1,
      settings: JSON.stringify(input.settings),
      createdBy: me.userId,
      createdAt: at,
      updatedAt: at,
    });
    await linkMedia(tx, { type: CALL_MEDIA, id }, refs, false);
    await recordAudit(tx, ctx, {
      action: 'review.call.create',
      entityType: 'reviewCall',
      entityId: id,
      organisationId: org.id,
      detail: { name: input.title, docNo: input.docNo, subjectKind: input.subjectKind },
    });
  });
  return getCall(db, actor, id);
}

export async function getCall(db: Db, actor: Actor | null, id: string) {
  return presentCall(db, actor, await loadVisibleCall(db, actor, id));
}

export async function updateCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  sent: z.infer<typeof UpdateCallSchema>,
) {
  const patch = { ...sent, rubric: sent.rubric ? withRubricKeys(sent.rubric) : undefined };
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, id);
    if (c.status !== 'DRAFT')
      throw ruleError(
        'STATE_CONFLICT',
        '征集已发布，表单、评分标准和环节不能再改',
        'The call is open; its form, rubric and stages are fixed',
      );
    const stages = patch.stages ?? stagesOf(c);
    const rubric = patch.rubric ?? rubricOf(c);
    validateStages(stages, rubric);
    const subject = reviewSubject(c.subjectKind);
    if (subject)
      assertSupported(
        subject,
        stages.map((st) => st.kind),
      );
    for (const st of stages) if (st.actorOrgId) await requireOrganisationRef(tx, st.actorOrgId);
    if (patch.settings !== undefined) await subject?.checkSettings?.(tx, patch.settings);
    const description =
      patch.description !== undefined ? sanitizeRichText(patch.description) : c.description;
    const templateIds = patch.templateIds ?? templateIdsOf(c);
    const refs = refsOf(templateIds, description);
    if (patch.description !== undefined || patch.templateIds !== undefined) {
      await assertMediaRefs(tx, actor!, c.orgPath, refs);
      await linkMedia(tx, { type: CALL_MEDIA, id }, refs, false);
    }
    const next = {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.docNo !== undefined ? { docNo: patch.docNo } : {}),
      ...(patch.description !== undefined ? { description } : {}),
      ...(patch.eligibility !== undefined ? { eligibility: patch.eligibility } : {}),
      ...(patch.templateIds !== undefined
        ? { templates: JSON.stringify([...new Set(templateIds)]) }
        : {}),
      ...(patch.opensAt !== undefined ? { opensAt: patch.opensAt } : {}),
      ...(patch.closesAt !== undefined ? { closesAt: patch.closesAt } : {}),
      ...(patch.form !== undefined ? { form: JSON.stringify(withFormKeys(patch.form)) } : {}),
      ...(patch.rubric !== undefined ? { rubric: JSON.stringify(patch.rubric) } : {}),
      ...(patch.stages !== undefined ? { stages: JSON.stringify(patch.stages) } : {}),
      ...(patch.blind !== undefined ? { blind: patch.blind ? 1 : 0 } : {}),
      ...(patch.reviewersPerItem !== undefined ? { reviewersPerItem: patch.reviewersPerItem } : {}),
      ...(patch.aggregation !== undefined ? { aggregation: patch.aggregation } : {}),
      ...(patch.normalize !== undefined ? { normalize: patch.normalize ? 1 : 0 } : {}),
      ...(patch.settings !== undefined ? { settings: JSON.stringify(patch.settings) } : {}),
      updatedAt: nowIso(),
    };
    if ((next.closesAt ?? c.closesAt) < (next.opensAt ?? c.opensAt))
      throw fieldErrors([
        { field: 'closesAt', zh: '截止日期不能早于开始日期', en: 'must not be before opensAt' },
      ]);
    if (!(await repo.updateCall(tx, id, ['DRAFT'], next)))
      throw ruleError(
        'STATE_CONFLICT',
        '征集刚被他人修改，请刷新',
        'The call changed meanwhile; reload',
      );
    await recordAudit(tx, ctx, {
      action: 'review.call.update',
      entityType: 'reviewCall',
      entityId: id,
      organisationId: c.organisationId,
      detail: { name: next.title ?? c.title, fields: Object.keys(patch) },
    });
  });
  return getCall(db, actor, id);
}

export async function moveCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  to: 'OPEN' | 'CLOSED',
) {
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, id);
    const from = to === 'OPEN' ? 'DRAFT' : 'OPEN';
    if (c.status !== from)
      throw ruleError(
        'STATE_CONFLICT',
        to === 'OPEN' ? '只有草稿状态的征集可以发布' : '只有进行中的征集可以结束',
        to === 'OPEN' ? 'Only a draft call can be opened' : 'Only an open call can be closed',
      );
    if (!(await repo.updateCall(tx, id, [from], { status: to, updatedAt: nowIso() })))
      throw ruleError(
        'STATE_CONFLICT',
        '征集刚被他人修改，请刷新',
        'The call changed meanwhile; reload',
      );
    // Published calls are on the portal: their templates and images with them (closed ones too).
    if (to === 'OPEN') await publishLinks(tx, { type: CALL_MEDIA, id }, true);
    await recordAudit(tx, ctx, {
      action: to === 'OPEN' ? 'review.call.open' : 'review.call.close',
      entityType: 'reviewCall',
      entityId: id,
      organisationId: c.organisationId,
      detail: { name: c.title, docNo: c.docNo },
    });
  });
  return getCall(db, actor, id);
}

export async function listCalls(
  db: Db,
  actor: Actor | null,
  q: {
    status?: 'DRAFT' | 'OPEN' | 'CLOSED';
    subjectKind?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const me = authorize(actor, 'review.list');
  const scope = scopeOf(me, ['ORG_ADMIN', 'EDITOR']);
  const { rows, total } = await repo.listCalls(db, q, {
    all: scope === 'ALL',
    orgPaths: scope === 'ALL' ? [] : scope,
  });
  const counts = await repo.countByStatus(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...r, counts: counts.get(r.id) ?? {} })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
