import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type HotspotAlert = Answer<'/api/hotspots/alerts', 'get'>['items'][number];
type Status = HotspotAlert['status'];
const PAGE_SIZE = 20;

export const STATUS_CLASS: Record<Status, string> = {
  OPEN: 'state-tag state-tag-warn',
  DISMISSED: 'state-tag',
  CONTENT_REQUESTED: 'state-tag state-tag-info',
  LINKED: 'state-tag state-tag-ok',
};
export const statusKey = (s: Status) => `hs.status${s}` as MessageKey;
export const kindKey = (k: HotspotAlert['kind']) => `hs.kind${k}` as MessageKey;

/** 热点预警: the alerts in my scope, newest first. */
export function HotspotAlertsPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('hs.title'));
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const list = useQuery({
    queryKey: ['hotspot-alerts', page, status],
    queryFn: () =>
      call(
        api.GET('/api/hotspots/alerts', {
          params: { query: { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) } },
        }),
      ),
  });
  return (
    <section className="panel" aria-labelledby="hs-h">
      <h1 id="hs-h" className="page-title">
        {t('hs.title')}
      </h1>
      <p className="muted">{t('hs.text')}</p>
      <p className="button-row">
        <Select<Status | 'ALL'>
          aria-label={t('hs.filterStatus')}
          style={{ minWidth: 160 }}
          value={status ?? 'ALL'}
          onChange={(v) => {
            setStatus(v === 'ALL' ? undefined : v);
            setPage(1);
          }}
          options={[
            { value: 'ALL', label: t('hs.allStatuses') },
            ...(['OPEN', 'CONTENT_REQUESTED', 'LINKED', 'DISMISSED'] as const).map((s) => ({
              value: s,
              label: t(statusKey(s)),
            })),
          ]}
        />
      </p>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<HotspotAlert>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('hs.none') }}
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
            title: t('hs.term'),
            dataIndex: 'termLabel',
            render: (v: string, a) => <Link to={`/admin/hotspots/${a.id}`}>{v}</Link>,
          },
          { title: t('hs.region'), dataIndex: 'regionName' },
          {
            title: t('hs.signal'),
            dataIndex: 'kind',
            render: (k: HotspotAlert['kind']) => t(kindKey(k)),
          },
          { title: t('hs.observed'), dataIndex: 'observed' },
          { title: t('hs.expected'), dataIndex: 'expected', render: (v: number) => Math.round(v) },
          {
            title: t('hs.raisedAt'),
            dataIndex: 'raisedAt',
            render: (v: string) => formatDayTime(v, lang),
          },
          {
            title: t('hs.status'),
            dataIndex: 'status',
            render: (s: Status) => <Tag className={STATUS_CLASS[s]}>{t(statusKey(s))}</Tag>,
          },
        ]}
      />
    </section>
  );
}
