/** Calls on the portal (征集通知): anyone finds a published call, reads it, downloads its templates. */
import type { z } from 'zod';
import type { Db } from '#platform/db/connect.ts';
import { AppError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { todayInChina } from '#platform/ids.ts';
import { describeMedia } from '../media/service.ts';
import * as repo from './repo-public.ts';
import type { PublicCallsQuerySchema } from './schema.ts';
import { reviewSubject } from './subjects.ts';

function labelOf(kind: string, locale: Locale): string {
  return reviewSubject(kind)?.label[locale] ?? kind;
}

export async function listPublicCalls(
  db: Db,
  locale: Locale,
  q: z.infer<typeof PublicCallsQuerySchema>,
) {
  const { rows, total } = await repo.listPublicCalls(db, q, todayInChina());
  return {
    items: rows.map((r) => ({ ...r, subjectLabel: labelOf(r.subjectKind, locale) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One published call with its text, templates and begun notices; a draft is not there (404). */
export async function getPublicCall(db: Db, locale: Locale, id: string) {
  const today = todayInChina();
  const c = await repo.findPublicCall(db, id, today);
  if (!c) throw new AppError('NOT_FOUND');
  const { description, templates, ...rest } = c;
  const { media } = await describeMedia(db, {
    coverId: null,
    mediaIds: JSON.parse(templates) as string[],
  });
  return {
    ...rest,
    subjectLabel: labelOf(c.subjectKind, locale),
    applicants: reviewSubject(c.subjectKind)?.applicants ?? 'ORGANISATION',
    body: description,
    templates: media,
    notices: await repo.startedNotices(db, id, today),
  };
}
