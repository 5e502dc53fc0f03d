import { useQuery } from '@tanstack/react-query';
import { Alert, Pagination, Skeleton, Tabs, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';

const PAGE_SIZE = 20;

/** 正在公示: the notices in their period today (one announced for a later day is not listed). */
function CurrentNotices() {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['open-notices'],
    queryFn: () => call(api.GET('/api/public/review-notices')),
  });
  if (q.isPending) return <Skeleton active aria-busy />;
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (q.data.length === 0) return <p className="muted">{t('notices.noneCurrent')}</p>;
  return (
    <ul className="notices-list">
      {q.data.map((n) => (
        <li key={n.id} className="notices-item">
          <h2>
            <Link to={`/notices/${n.id}`}>{n.title}</Link>
          </h2>
          <p className="notices-meta">
            {n.callTitle}
            {n.docNo ? `（${n.docNo}）` : ''} ·{' '}
            {t('rv.noticePeriod', { from: n.startsAt, to: n.endsAt })} ·{' '}
            {t('notices.count', { n: n.items.length })}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** 往期公示: ended notices, the latest first, with their period and what became of the items. */
function PastNotices({ page, setPage }: { page: number; setPage: (p: number) => void }) {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['past-notices', page],
    queryFn: () =>
      call(
        api.GET('/api/public/review-notices/past', {
          params: { query: { page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  if (q.isPending) return <Skeleton active aria-busy />;
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (q.data.total === 0) return <p className="muted">{t('notices.nonePast')}</p>;
  return (
    <>
      <ul className="notices-list">
        {q.data.items.map((n) => {
          const o = n.outcome;
          const parts = [
            o.confirmed ? t('notices.confirmed', { n: o.confirmed }) : null,
            o.withdrawn ? t('notices.withdrawn', { n: o.withdrawn }) : null,
            o.onNotice ? t('notices.onNotice', { n: o.onNotice }) : null,
          ].filter(Boolean);
          return (
            <li key={n.id} className="notices-item">
              <h2>
                <Link to={`/notices/${n.id}`}>{n.title}</Link>{' '}
                <Tag>{n.status === 'CLOSED' ? t('notices.ended') : t('notices.endedHandling')}</Tag>
              </h2>
              <p className="notices-meta">
                {n.callTitle}
                {n.docNo ? `（${n.docNo}）` : ''} ·{' '}
                {t('rv.noticePeriod', { from: n.startsAt, to: n.endsAt })}
              </p>
              <p className="notices-meta">
                {t('notices.result')}：{t('notices.count', { n: o.items })}
                {parts.length ? `，${parts.join('，')}` : ''}
              </p>
            </li>
          );
        })}
      </ul>
      {q.data.total > PAGE_SIZE && (
        <Pagination
          current={page}
          pageSize={PAGE_SIZE}
          total={q.data.total}
          onChange={setPage}
          showSizeChanger={false}
        />
      )}
    </>
  );
}

/** /notices: 正在公示 and 往期公示, as two tabs (the tab and page are in the address). */
export function NoticesPage() {
  const { t } = usePrefs();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'past' ? 'past' : 'current';
  const page = Math.max(1, Number(params.get('page')) || 1);
  usePageTitle(t(tab === 'past' ? 'notices.past' : 'notices.title'));
  const labels: Record<'current' | 'past', MessageKey> = {
    current: 'notices.current',
    past: 'notices.past',
  };
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> / {t('notices.title')}
      </p>
      <h1 className="page-title">{t('notices.title')}</h1>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'past' ? { tab: 'past' } : {})}
        items={(['current', 'past'] as const).map((k) => ({
          key: k,
          label: t(labels[k]),
          children:
            k === 'current' ? (
              <CurrentNotices />
            ) : (
              <PastNotices
                page={page}
                setPage={(p) => setParams({ tab: 'past', ...(p > 1 ? { page: String(p) } : {}) })}
              />
            ),
        }))}
      />
    </div>
  );
}
