import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { safeHtml } from '../lib/richtext.ts';
import { WorkCard } from './Cards.tsx';
import { NotFound } from './NotFound.tsx';
import { useMetaDescription } from './Work.tsx';

export function CollectionPage() {
  const { id = '' } = useParams();
  const { t } = usePrefs();
  const collection = useQuery({
    queryKey: ['public-collection', id],
    queryFn: () => call(api.GET('/api/public/collections/{id}', { params: { path: { id } } })),
  });
  const tp = collection.data;
  usePageTitle(tp?.title ?? (collection.isPending ? t('common.loading') : ''));
  useMetaDescription(tp ? tp.introText || tp.title : null);
  if (collection.isError) {
    const e = collection.error;
    if (e instanceof ApiError && (e.status === 404 || e.status === 400))
      return <NotFound title={t('collection.notFound')} text={t('collection.notFoundText')} />;
    return <Alert type="error" showIcon title={errorMessage(e)} />;
  }
  if (!tp) return <Skeleton active aria-busy />;
  return (
    <article className="collection-page">
      <p className="work-breadcrumb">
        <Link to="/channel">{t('channel.title')}</Link>
        {' / '}
        {t(`collectionKind.${tp.kind}`)}
      </p>
      <h1 className="work-title">{tp.title}</h1>
      <p className="card-meta">
        {tp.organisationName} · {t('channel.worksCount', { n: tp.works })}
      </p>
      {tp.cover && (
        <img
          className="work-cover"
          src={tp.cover.displayUrl ?? tp.cover.url}
          alt={tp.cover.alt || tp.title}
          width={tp.cover.width ?? undefined}
          height={tp.cover.height ?? undefined}
        />
      )}
      <div
        className="work-body"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server and again here
        dangerouslySetInnerHTML={{ __html: safeHtml(tp.intro) }}
      />
      <section aria-labelledby="collection-works-h">
        <h2 id="collection-works-h">
          {t(tp.kind === 'SERIES' ? 'collection.seriesWorks' : 'collection.works')}
        </h2>
        {tp.items.length === 0 ? (
          <p>{t('channel.noWorks')}</p>
        ) : (
          <ol className="card-grid card-grid-media collection-works">
            {tp.items.map((w) => (
              <li key={w.id}>
                <WorkCard work={w} note={w.note} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
