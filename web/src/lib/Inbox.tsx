import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Pagination, Segmented, Skeleton, Switch } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate, formatTime } from './dates.ts';
import { errorMessage } from './forms.ts';

const PAGE_SIZE = 20;

/** 消息: the person's notifications, newest first; opening one marks it read. */
export function InboxPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('notify.title'));
  const qc = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['notifications', 'list', unreadOnly, page],
    queryFn: () =>
      call(
        api.GET('/api/me/notifications', {
          params: {
            query: { page, pageSize: PAGE_SIZE, ...(unreadOnly ? { unread: 'true' } : {}) },
          },
        }),
      ),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const readAll = useMutation({
    mutationFn: () => call(api.POST('/api/me/notifications/read-all')),
    onSuccess: refresh,
  });
  const failed = read.error ?? readAll.error;
  return (
    <div className="inbox">
      <h1>{t('notify.title')}</h1>
      <div className="inbox-tools">
        <Segmented
          aria-label={t('notify.show')}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('notify.all') },
            { value: 'unread', label: t('notify.unreadOnly') },
          ]}
        />
        <Button
          onClick={() => readAll.mutate()}
          loading={readAll.isPending}
          disabled={!list.data?.unread}
        >
          {t('notify.readAll')}
        </Button>
      </div>
      {failed && <Alert type="error" showIcon title={errorMessage(failed)} />}
      {list.isPending ? (
        <Skeleton active />
      ) : list.isError ? (
        <Alert type="error" showIcon title={errorMessage(list.error)} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{unreadOnly ? t('notify.noneUnread') : t('notify.none')}</p>
      ) : (
        <>
          <ul className="inbox-list">
            {list.data.items.map((n) => (
              <li key={n.id} className={n.readAt ? 'inbox-item' : 'inbox-item unread'}>
                <div className="inbox-head">
                  {!n.readAt && <span className="inbox-dot">{t('notify.new')}</span>}
                  {n.link ? (
                    <Link to={n.link} onClick={() => !n.readAt && read.mutate(n.id)}>
                      {n.title}
                    </Link>
                  ) : (
                    <span className="inbox-title">{n.title}</span>
                  )}
                </div>
                <p className="inbox-body">{n.body}</p>
                <div className="inbox-meta">
                  <time dateTime={n.createdAt}>
                    {formatDate(n.createdAt, lang)} {formatTime(n.createdAt, lang)}
                  </time>
                  {!n.readAt && (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => read.mutate(n.id)}
                      aria-label={t('notify.markReadOf', { title: n.title })}
                    >
                      {t('notify.markRead')}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {list.data.total > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={setPage}
              showSizeChanger={false}
            />
          )}
        </>
      )}
      <EmailChoices />
    </div>
  );
}

/** Which kinds come by e-mail too (the inbox always has them). */
function EmailChoices() {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const prefs = useQuery({
    queryKey: ['notification-prefs'],
    queryFn: () => call(api.GET('/api/me/notification-prefs')),
  });
  const save = useMutation({
    mutationFn: (k: { kind: string; email: boolean }) =>
      call(api.PUT('/api/me/notification-prefs', { body: { kinds: [k] } })),
    onSuccess: (data) => {
      qc.setQueryData(['notification-prefs'], data);
      message.success(t('notify.saved'));
    },
  });
  if (prefs.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (prefs.isError) return <Alert type="error" showIcon title={errorMessage(prefs.error)} />;
  const p = prefs.data;
  return (
    <section className="section" aria-labelledby="email-choices">
      <h2 id="email-choices">{t('notify.emailTitle')}</h2>
      {!p.emailAvailable ? (
        <p className="muted">{t('notify.emailOff')}</p>
      ) : !p.hasEmail ? (
        <p className="muted">
          {t('notify.noAddress')} <Link to="/me">{t('notify.addAddress')}</Link>
        </p>
      ) : (
        <p>{t('notify.emailText')}</p>
      )}
      {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} />}
      <ul className="email-choices">
        {p.kinds.map((k) => (
          <li key={k.kind} className="email-choice">
            <Switch
              id={`email-${k.kind}`}
              checked={k.email}
              disabled={!p.emailAvailable || !p.hasEmail || save.isPending}
              onChange={(email) => save.mutate({ kind: k.kind, email })}
            />
            <label htmlFor={`email-${k.kind}`}>{k.label}</label>
          </li>
        ))}
      </ul>
    </section>
  );
}
