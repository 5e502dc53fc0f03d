import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client.ts';
import type { CollectionListItem, Me } from '../api/types.ts';
import { formatDateTime, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import {
  COLLECTION_KINDS,
  COLLECTION_STATUSES,
  type CollectionKind,
  type CollectionStatus,
  canManageCollections,
} from './shared.ts';

interface Filters {
  kind?: CollectionKind;
  status?: CollectionStatus;
  q?: string;
}

export function CollectionsListPage({ me }: { me: Me }) {
  const { t, lang } = usePrefs();
  const navigate = useNavigate();
  const title = t('collections.title');
  usePageTitle(title);
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const query = { kind: filters.kind, status: filters.status, q: filters.q?.trim() || undefined };
  const list = useQuery({
    queryKey: ['collections', query, page],
    queryFn: () => call(api.GET('/api/collections', { params: { query: { ...query, ...page } } })),
  });
  return (
    <>
      <h1>{title}</h1>
      <p>{t('collections.text')}</p>
      <FilterForm<Filters> name="collection-filters" onFilter={(v) => filter(v)}>
        <Form.Item label={t('works.q')} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('collections.kind')} name="kind">
          <Select
            allowClear
            placeholder={t('collections.allKinds')}
            style={{ width: 140 }}
            options={COLLECTION_KINDS.map((k) => ({ value: k, label: t(`collectionKind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            allowClear
            placeholder={t('works.allStatuses')}
            style={{ width: 140 }}
            options={COLLECTION_STATUSES.map((s) => ({
              value: s,
              label: t(`collectionStatus.${s}`),
            }))}
          />
        </Form.Item>
      </FilterForm>
      <div className="toolbar">
        {canManageCollections(me) && (
          <Button type="primary" onClick={() => navigate('/admin/collections/new')}>
            {t('collections.create')}
          </Button>
        )}
        <ExportButton path="/api/collections/export" query={query} filename="专题与系列.xlsx" />
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<CollectionListItem>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('collections.empty') }}
        pagination={pagination(list.data?.total)}
        columns={[
          {
            title: t('collections.fieldTitle'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/admin/collections/${r.id}`}>{v}</Link>,
          },
          {
            title: t('collections.kind'),
            dataIndex: 'kind',
            render: (k: CollectionKind) => t(`collectionKind.${k}`),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: CollectionStatus) => (
              <Tag className={`collection-status collection-status-${s}`}>
                {t(`collectionStatus.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('collections.featured'),
            dataIndex: 'featured',
            render: (f: boolean) => (f ? t('common.yes') : t('common.no')),
          },
          { title: t('collections.works'), dataIndex: 'items' },
          { title: t('collections.unit'), dataIndex: 'organisationName' },
          {
            title: t('works.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => formatDateTime(v, lang),
          },
        ]}
      />
    </>
  );
}
