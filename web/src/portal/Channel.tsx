import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { CollectionCard, WorkCard } from './Cards.tsx';
import { ThemeDays } from './Home.tsx';

/** 科普频道: featured collections, the newest works, series, and the next theme days. */
export function ChannelPage() {
  const { t } = usePrefs();
  usePageTitle(t('channel.title'));
  const channel = useQuery({
    queryKey: ['channel'],
    queryFn: () => call(api.GET('/api/public/channel')),
  });
  const c = channel.data;
  return (
    <>
      <section className="hero hero-slim" aria-labelledby="channel-title">
        <h1 id="channel-title">{t('channel.title')}</h1>
        <p className="lead">{t('channel.lead')}</p>
      </section>
      {channel.isError && <Alert type="error" showIcon title={errorMessage(channel.error)} />}
      {channel.isPending && <Skeleton active aria-busy />}
      {c && (
        <>
          {c.featured.length > 0 && (
            <section className="section" aria-labelledby="featured-h">
              <h2 id="featured-h">{t('channel.featured')}</h2>
              <ul className="card-grid card-grid-media">
                {c.featured.map((tp) => (
                  <li key={tp.id}>
                    <CollectionCard collection={tp} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="section" aria-labelledby="latest-h">
            <h2 id="latest-h">{t('channel.latest')}</h2>
            {c.latestWorks.length === 0 ? (
              <p>{t('channel.noWorks')}</p>
            ) : (
              <ul className="card-grid card-grid-media">
                {c.latestWorks.map((w) => (
                  <li key={w.id}>
                    <WorkCard work={w} />
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/search?type=work">{t('channel.allWorks')}</Link>
            </p>
          </section>
          {c.series.length > 0 && (
            <section className="section" aria-labelledby="series-h">
              <h2 id="series-h">{t('channel.series')}</h2>
              <ul className="card-grid card-grid-media">
                {c.series.map((tp) => (
                  <li key={tp.id}>
                    <CollectionCard collection={tp} />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <section className="section" aria-labelledby="channel-days-h">
        <h2 id="channel-days-h">{t('home.themeDays')}</h2>
        <ThemeDays />
      </section>
    </>
  );
}
