import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

const SHOWN = 5;

/** 我的申报: the applications I submitted or drafted, the latest changed first, with their status. */
export function MyApplications({ console: canOpenConsole }: { console: boolean }) {
  const { t, lang } = usePrefs();
  const q = useQuery({
    queryKey: ['my-review-items'],
    queryFn: () =>
      call(api.GET('/api/my/review-items', { params: { query: { page: 1, pageSize: SHOWN } } })),
  });
  return (
    <section className="panel" aria-labelledby="me-applications">
      <h2 id="me-applications">{t('me.applications')}</h2>
      {q.isPending ? (
        <Skeleton active aria-busy />
      ) : q.isError ? (
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      ) : q.data.total === 0 ? (
        <p className="muted">{t('me.applicationsNone')}</p>
      ) : (
        <>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={q.data.items}
            columns={[
              {
                title: t('me.applicationItem'),
                key: 'title',
                render: (_: unknown, i) =>
                  canOpenConsole ? (
                    <Link to={`/admin/review-items/${i.id}`}>{i.title}</Link>
                  ) : (
                    i.title
                  ),
              },
              { title: t('me.applicationCall'), dataIndex: 'callTitle' },
              {
                title: t('me.applicationStatus'),
                key: 'status',
                render: (_: unknown, i) => <Tag>{t(`me.appStatus.${i.status}` as MessageKey)}</Tag>,
              },
              {
                title: t('me.applicationSubmittedAt'),
                key: 'submittedAt',
                render: (_: unknown, i) => (i.submittedAt ? formatDate(i.submittedAt, lang) : '—'),
              },
            ]}
          />
          {q.data.total > SHOWN && (
            <p className="muted">
              {t('me.applicationsMore', { n: q.data.total, shown: SHOWN })}
              {canOpenConsole && (
                <>
                  {' '}
                  <Link to="/admin/reviews">{t('me.console')}</Link>
                </>
              )}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** 最新消息: the latest few notifications, and the way to all of them. */
export function LatestMessages() {
  const { t, lang } = usePrefs();
  const q = useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: () =>
      call(api.GET('/api/me/notifications', { params: { query: { page: 1, pageSize: SHOWN } } })),
  });
  return (
    <section className="panel" aria-labelledby="me-latest-messages">
      <h2 id="me-latest-messages">{t('me.latestMessages')}</h2>
      {q.isPending ? (
        <Skeleton active aria-busy />
      ) : q.isError ? (
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      ) : q.data.items.length === 0 ? (
        <p className="muted">{t('me.messagesNone')}</p>
      ) : (
        <ul className="inbox-list">
          {q.data.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'inbox-item' : 'inbox-item unread'}>
              <div className="inbox-head">
                {!n.readAt && <span className="inbox-dot">{t('notify.new')}</span>}
                {n.link ? (
                  <Link to={n.link}>{n.title}</Link>
                ) : (
                  <span className="inbox-title">{n.title}</span>
                )}
              </div>
              <div className="inbox-meta">
                <time dateTime={n.createdAt}>{formatDate(n.createdAt, lang)}</time>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p style={{ marginBottom: 0 }}>
        <Link to="/me/notifications">{t('me.allMessages')}</Link>
      </p>
    </section>
  );
}
