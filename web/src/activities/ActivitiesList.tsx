import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { chinaWhen } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import { useRefName } from '../lib/reference.ts';
import {
  ACTIVITY_STATUSES,
  type ActivityListItem,
  type ActivityStatus,
  EDITORS,
} from './shared.ts';

interface Filters {
  q?: string;
  status?: ActivityStatus;
}

/** 活动管理: the activities my units host, with their status and registrations. */
export function ActivitiesListPage({ me }: { me: Me }) {
  const { t } = usePrefs();
  usePageTitle(t('act.menu.list'));
  const navigate = useNavigate();
  const units = useUnitsWithRole(me, EDITORS);
  const typeName = useRefName('ACTIVITY_TYPE');
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const list = useQuery({
    queryKey: ['activities', filters, page],
    queryFn: () =>
      call(
        api.GET('/api/activities', {
          params: { query: { ...page, status: filters.status, q: filters.q?.trim() || undefined } },
        }),
      ),
  });
  return (
    <>
      <h1>{t('act.menu.list')}</h1>
      <p>{t('acto.listText')}</p>
      <FilterForm<Filters> name="activity-filters" onFilter={filter}>
        <Form.Item label={t('acto.q')} name="q">
          <Input allowClear style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            allowClear
            placeholder={t('acto.allStatuses')}
            style={{ width: 160 }}
            options={ACTIVITY_STATUSES.map((s) => ({
              value: s,
              label: t(`acto.status.${s}` as MessageKey),
            }))}
          />
        </Form.Item>
      </FilterForm>
      {units.length > 0 && (
        <div className="toolbar">
          <Button type="primary" onClick={() => navigate('/admin/activities/new')}>
            {t('acto.new')}
          </Button>
        </div>
      )}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<ActivityListItem>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('acto.none') }}
        pagination={pagination(list.data?.total)}
        columns={[
          {
            title: t('acto.titleField'),
            dataIndex: 'title',
            render: (v: string, a) => <Link to={`/admin/activities/${a.id}`}>{v}</Link>,
          },
          { title: t('acto.type'), dataIndex: 'typeCode', render: (c: string) => typeName(c) },
          { title: t('acto.host'), dataIndex: 'host' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ActivityStatus) => (
              <Tag className={`activity-status activity-status-${s}`}>
                {t(`acto.status.${s}` as MessageKey)}
              </Tag>
            ),
          },
          {
            title: t('acto.firstSession'),
            dataIndex: 'startsAt',
            render: (v: string | null) => (v ? chinaWhen(v) : '—'),
          },
          { title: t('acto.sessionCount'), dataIndex: 'sessions' },
          {
            title: t('acto.registered'),
            key: 'registered',
            render: (_: unknown, a) => (
              <Link to={`/admin/activities/${a.id}/registrations`}>{a.registered}</Link>
            ),
          },
        ]}
      />
    </>
  );
}
