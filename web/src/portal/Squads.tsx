import { useQuery } from '@tanstack/react-query';
import { Alert, Input, Pagination, Skeleton } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatCalendarDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

const PAGE_SIZE = 20;

/**
 * /squads: 李四光中队名录 — the approved squads, their school, province and what they did this
 * year. No member is named: the members are children.
 */
export function SquadsPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('squads.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useQuery({
    queryKey: ['public-squads', q, page],
    queryFn: () =>
      call(
        api.GET('/api/public/squads', {
          params: { query: { ...(q ? { q } : {}), page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> / <Link to="/activities">{t('nav.activities')}</Link> /{' '}
        {t('squads.title')}
      </p>
      <h1 className="page-title">{t('squads.title')}</h1>
      <p className="muted">{t('squads.text')}</p>
      <div className="squads-search">
        <label htmlFor="squads-q" className="visually-hidden">
          {t('squads.search')}
        </label>
        <Input.Search
          id="squads-q"
          allowClear
          defaultValue={q}
          placeholder={t('squads.search')}
          enterButton={t('squads.searchButton')}
          onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {})}
          style={{ maxWidth: 420 }}
        />
      </div>
      {list.isPending && <Skeleton active aria-busy />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.total === 0 && <p className="muted">{t('squads.none')}</p>}
      {list.data && list.data.total > 0 && (
        <>
          <p className="muted">{t('squads.count', { n: list.data.total })}</p>
          <ul className="notices-list">
            {list.data.items.map((s) => (
              <li key={s.id} className="notices-item">
                <h2>{s.name}</h2>
                <p className="notices-meta">
                  {[s.schoolName, s.provinceName].filter(Boolean).join(' · ')}
                </p>
                <p className="notices-meta">
                  {t('squads.since', { date: formatCalendarDate(s.since, lang) })} ·{' '}
                  {t('squads.members', { n: s.members })} ·{' '}
                  {t('squads.activities', { n: s.activitiesThisYear })}
                </p>
              </li>
            ))}
          </ul>
          {list.data.total > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) =>
                setParams({ ...(q ? { q } : {}), ...(p > 1 ? { page: String(p) } : {}) })
              }
              showSizeChanger={false}
            />
          )}
        </>
      )}
    </div>
  );
}
