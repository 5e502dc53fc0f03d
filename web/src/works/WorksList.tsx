import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Switch, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import { useRefName, useRefOptions } from '../lib/reference.ts';
import {
  canCreateWorks,
  statusClass,
  WORK_STATUSES,
  type WorkListItem,
  type WorkStatus,
} from './shared.ts';
import { WorksImport } from './WorksImport.tsx';

interface Filters {
  status?: WorkStatus;
  type?: string;
  q?: string;
  mine?: boolean;
}

export function WorksListPage({ me, awaiting = false }: { me: Me; awaiting?: boolean }) {
  const { t, lang } = usePrefs();
  const navigate = useNavigate();
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const types = useRefOptions('WORK_TYPE');
  const typeName = useRefName('WORK_TYPE');
  const title = awaiting ? t('works.awaiting') : t('works.title');
  usePageTitle(title);
  const works = useQuery({
    queryKey: ['works', awaiting, filters, page],
    queryFn: () =>
      call(
        api.GET('/api/works', {
          params: {
            query: {
              ...page,
              ...(awaiting ? { awaitingCheck: 'true' as const } : {}),
              ...(filters.status && !awaiting ? { status: filters.status } : {}),
              ...(filters.type ? { type: filters.type } : {}),
              ...(filters.q?.trim() ? { q: filters.q.trim() } : {}),
              ...(filters.mine ? { mine: 'true' as const } : {}),
            },
          },
        }),
      ),
  });

  return (
    <>
      <h1>{title}</h1>
      {awaiting && <p>{t('works.awaitingText')}</p>}
      <FilterForm<Filters> name={awaiting ? 'awaiting-filters' : 'work-filters'} onFilter={filter}>
        <Form.Item label={t('works.q')} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        {!awaiting && (
          <Form.Item label={t('common.status')} name="status">
            <Select
              allowClear
              placeholder={t('works.allStatuses')}
              style={{ width: 160 }}
              options={WORK_STATUSES.map((s) => ({ value: s, label: t(`workStatus.${s}`) }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('works.type')} name="type">
          <Select
            allowClear
            placeholder={t('works.allTypes')}
            style={{ width: 200 }}
            loading={types.loading}
            options={types.options}
          />
        </Form.Item>
        {!awaiting && (
          <Form.Item label={t('works.mine')} name="mine" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </FilterForm>
      <div className="toolbar">
        {!awaiting && canCreateWorks(me) && (
          <Button type="primary" onClick={() => navigate('/admin/works/new')}>
            {t('works.create')}
          </Button>
        )}
        <ExportButton
          path="/api/works/export"
          query={{
            ...(awaiting ? { awaitingCheck: 'true' } : {}),
            status: awaiting ? undefined : filters.status,
            type: filters.type,
            q: filters.q?.trim(),
            mine: filters.mine ? 'true' : undefined,
          }}
          filename="科普作品.xlsx"
        />
      </div>
      {works.isError && <Alert type="error" showIcon title={errorMessage(works.error)} />}
      <Table<WorkListItem>
        rowKey="id"
        loading={works.isPending}
        dataSource={works.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: awaiting ? t('works.awaitingEmpty') : t('works.empty') }}
        pagination={pagination(works.data?.total)}
        columns={[
          {
            title: t('works.fieldTitle'),
            dataIndex: 'title',
            render: (v: string, w) => (
              <Link to={`/admin/works/${w.id}`} className="work-link">
                {v}
              </Link>
            ),
          },
          { title: t('works.type'), dataIndex: 'type', render: (v: string) => typeName(v) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (v: WorkStatus) => <Tag className={statusClass(v)}>{t(`workStatus.${v}`)}</Tag>,
          },
          { title: t('works.unit'), dataIndex: 'organisationName' },
          { title: t('works.version'), dataIndex: 'version' },
          {
            title: t('works.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => formatDateTime(v, lang),
          },
        ]}
      />
      {!awaiting && canCreateWorks(me) && <WorksImport me={me} />}
    </>
  );
}
