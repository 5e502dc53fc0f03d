import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton } from 'antd';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { translateOptional, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatCalendarDate, formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useRefName } from '../lib/reference.ts';
import { safeHtml } from '../lib/richtext.ts';
import { MediaView } from '../media/MediaView.tsx';
import { NotFound } from './NotFound.tsx';

/** Sets <meta name="description"> while the page is shown, then puts the site's back. */
export function useMetaDescription(content: string | null | undefined): void {
  useEffect(() => {
    if (!content) return;
    let meta = document.querySelector<HTMLMetaElement>('meta[name="description"]');
    if (!meta) {
      meta = document.createElement('meta');
      meta.name = 'description';
      document.head.append(meta);
    }
    const previous = meta.content;
    meta.content = content;
    return () => {
      if (meta) meta.content = previous;
    };
  }, [content]);
}

export function WorkPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const work = useQuery({
    queryKey: ['public-work', id],
    queryFn: () => call(api.GET('/api/public/works/{id}', { params: { path: { id } } })),
  });
  const typeName = useRefName('WORK_TYPE');
  const sector = useRefName('SECTOR');
  const topic = useRefName('TOPIC');
  const audience = useRefName('AUDIENCE');
  const w = work.data;
  usePageTitle(w?.title ?? (work.isPending ? t('common.loading') : ''));
  useMetaDescription(w ? w.summary || w.title : null);

  if (work.isError) {
    const e = work.error;
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      return <NotFound title={t('work.notFound')} text={t('work.notFoundText')} />;
    }
    return <Alert type="error" showIcon title={errorMessage(e)} />;
  }
  if (!w) return <Skeleton active aria-busy />;

  const tags = [
    ...w.sectors.map((c) => ({ key: `sector=${c}`, label: sector(c) })),
    ...w.topics.map((c) => ({ key: `topic=${c}`, label: topic(c) })),
    ...w.audiences.map((c) => ({ key: `audience=${c}`, label: audience(c) })),
  ];
  return (
    <article className="work-page" lang={w.language === 'en-US' ? 'en' : undefined}>
      <p className="work-breadcrumb">
        <Link to="/search?type=work">{t('nav.library')}</Link>
        {' / '}
        {typeName(w.type)}
      </p>
      <h1 className="work-title">{w.title}</h1>
      <dl className="work-facts">
        <div>
          <dt>{t('work.type')}</dt>
          <dd>{typeName(w.type)}</dd>
        </div>
        {w.authors.length > 0 && (
          <div>
            <dt>{t('work.authors')}</dt>
            <dd>
              {w.authors
                .map(
                  (a) =>
                    `${a.name}（${translateOptional(lang, `authorRole.${a.role}`) ?? a.role}）`,
                )
                .join('、')}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('work.unit')}</dt>
          <dd>{w.organisationName}</dd>
        </div>
        <div>
          <dt>{t('work.publicationDate')}</dt>
          <dd>
            {w.publicationDate ? (
              <time dateTime={w.publicationDate}>
                {formatCalendarDate(w.publicationDate, lang)}
              </time>
            ) : (
              <time dateTime={w.publishedAt}>{formatDate(w.publishedAt, lang)}</time>
            )}
          </dd>
        </div>
        {w.source && (
          <div>
            <dt>{t('work.source')}</dt>
            <dd>{w.source}</dd>
          </div>
        )}
        {w.isbn && (
          <div>
            <dt>ISBN</dt>
            <dd>{w.isbn}</dd>
          </div>
        )}
        {w.issn && (
          <div>
            <dt>ISSN</dt>
            <dd>{w.issn}</dd>
          </div>
        )}
        {w.licence && (
          <div>
            <dt>{t('work.licence')}</dt>
            <dd>{w.licence}</dd>
          </div>
        )}
      </dl>
      <p className="work-check" data-testid="science-check">
        {w.check
          ? t('work.checkLine', {
              version: w.check.version,
              reviewer: w.check.reviewerName,
              date: formatDate(w.check.checkedAt, lang),
            })
          : t('work.checkedElsewhere')}
      </p>
      {w.cover && !w.media.some((m) => m.kind === 'VIDEO') && (
        <img
          className="work-cover"
          src={w.cover.displayUrl ?? w.cover.url}
          alt={w.cover.alt || w.title}
          width={w.cover.width ?? undefined}
          height={w.cover.height ?? undefined}
        />
      )}
      {w.media.length > 0 && (
        <section className="work-media" aria-label={t('work.media')}>
          {w.media.map((m) => (
            <MediaView key={m.id} media={m} title={w.title} />
          ))}
        </section>
      )}
      {w.summary && (
        <section className="work-summary" aria-labelledby="work-summary-h">
          <h2 id="work-summary-h" className="visually-hidden">
            {t('work.summary')}
          </h2>
          <p>{w.summary}</p>
        </section>
      )}
      <div
        className="work-body"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server and again here
        dangerouslySetInnerHTML={{ __html: safeHtml(w.body) }}
      />
      {tags.length > 0 && (
        <section className="work-tags" aria-labelledby="work-tags-h">
          <h2 id="work-tags-h">{t('work.tags')}</h2>
          <ul>
            {tags.map((tag) => (
              <li key={tag.key}>
                <Link to={`/search?type=work&${tag.key}`} className="work-tag">
                  {tag.label}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
