import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Row = Answer<'/api/debunks', 'get'>['items'][number];
const PAGE_SIZE = 20;

export const STATUS_CLASS: Record<Row['status'], string> = {
  DETECTED: 'state-tag state-tag-plain',
  VERIFYING: 'state-tag state-tag-warn',
  DEBUNKED: 'state-tag state-tag-ok',
  CONFIRMED: 'state-tag state-tag-ok',
  PARTIAL: 'state-tag state-tag-ok',
};

/** 辟谣管理: the entries of my units (drafts are seen only there). */
export function DebunksAdminPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('dbkAdmin.title'));
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['debunks', page],
    queryFn: () =>
      call(api.GET('/api/debunks', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  return (
    <section className="panel" aria-labelledby="dbk-h">
      <h1 id="dbk-h" className="page-title">
        {t('dbkAdmin.title')}
      </h1>
      <p className="muted">{t('dbkAdmin.text')}</p>
      <p className="button-row">
        <Link to="/admin/debunks/new">
          <Button type="primary">{t('dbkAdmin.new')}</Button>
        </Link>
        <Link to="/admin/rumour-reports">{t('dbkAdmin.reportsTitle')}</Link>
      </p>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Row>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('dbkAdmin.none') }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('dbkAdmin.headline'),
            dataIndex: 'title',
            render: (v: string, d) => <Link to={`/admin/debunks/${d.id}`}>{v}</Link>,
          },
          {
            title: t('dbkAdmin.kind'),
            dataIndex: 'kind',
            render: (k: Row['kind']) => t(`dbk.kind${k}` as MessageKey),
          },
          { title: t('dbkAdmin.owner'), dataIndex: 'organisationName' },
          {
            title: t('dbkAdmin.status'),
            dataIndex: 'status',
            render: (s: Row['status']) => (
              <Tag className={STATUS_CLASS[s]}>{t(`dbkAdmin.status${s}` as MessageKey)}</Tag>
            ),
          },
          {
            title: t('dbkAdmin.publishedAt'),
            dataIndex: 'publishedAt',
            render: (v: string | null) => (v ? formatDate(v, lang) : t('dbkAdmin.notPublished')),
          },
        ]}
      />
    </section>
  );
}
