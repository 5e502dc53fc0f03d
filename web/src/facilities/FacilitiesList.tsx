import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Select, Table, Tag } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { todayInChina } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FACILITIES_KEY, type FacilityKind } from './shared.ts';

type Item = Answer<'/api/facilities', 'get'>['items'][number];
type Stats = Answer<'/api/open-days/statistics', 'get'>;
type StatRow = Stats['byProvince'][number];

/** 科普开放日 in the console: the facilities of my units, and the figures of open days held. */
export function FacilitiesListPage() {
  const { t } = usePrefs();
  usePageTitle(t('fac.title'));
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayInChina().slice(0, 4));
  const year = Number(params.get('year')) || thisYear;
  const list = useQuery({
    queryKey: [...FACILITIES_KEY],
    queryFn: () => call(api.GET('/api/facilities', {})),
  });
  const stats = useQuery({
    queryKey: ['open-day-stats', year],
    queryFn: () => call(api.GET('/api/open-days/statistics', { params: { query: { year } } })),
  });
  const kind = (k: FacilityKind) => t(`fac.kind.${k}` as MessageKey);
  return (
    <>
      <section className="panel" aria-labelledby="fac-h">
        <h1 id="fac-h">{t('fac.title')}</h1>
        <p className="muted">{t('fac.text')}</p>
        <div className="toolbar">
          <Button type="primary" onClick={() => navigate('/admin/facilities/new')}>
            {t('fac.add')}
          </Button>
        </div>
        {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
        <Table<Item>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('fac.none') }}
          pagination={false}
          columns={[
            {
              title: t('fac.name'),
              dataIndex: 'name',
              render: (v: string, f) => <Link to={`/admin/facilities/${f.id}`}>{v}</Link>,
            },
            { title: t('fac.kind'), dataIndex: 'kind', render: (k: FacilityKind) => kind(k) },
            { title: t('fac.unit'), dataIndex: 'organisationName' },
            {
              title: t('fac.published'),
              dataIndex: 'published',
              render: (p: boolean) => (
                <Tag className={`state-tag state-tag-${p ? 'ok' : 'plain'}`}>
                  {t(p ? 'fac.publishedYes' : 'fac.publishedNo')}
                </Tag>
              ),
            },
            { title: t('fac.partnersCount'), dataIndex: 'partners', align: 'right' },
            { title: t('fac.upcoming'), dataIndex: 'upcomingSlots', align: 'right' },
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="fac-stats-h">
        <h2 id="fac-stats-h">{t('fac.stats')}</h2>
        <p className="muted">{t('fac.statsText')}</p>
        <Form layout="inline" className="filters" name="fac-stats">
          <Form.Item label={t('fac.year')} htmlFor="fac-year">
            <Select<number>
              id="fac-year"
              style={{ width: 120 }}
              value={year}
              onChange={(y) =>
                setParams(y === thisYear ? {} : { year: String(y) }, { replace: true })
              }
              options={[0, 1, 2, 3, 4].map((d) => ({
                value: thisYear - d,
                label: String(thisYear - d),
              }))}
            />
          </Form.Item>
        </Form>
        {stats.isError && <Alert type="error" showIcon title={errorMessage(stats.error)} />}
        <Table<StatRow & { key: string }>
          rowKey="key"
          loading={stats.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={
            stats.data
              ? [
                  ...stats.data.byProvince.map((r) => ({ ...r, key: r.province || '-' })),
                  {
                    ...stats.data.total,
                    province: '',
                    provinceName: t('fac.total'),
                    key: 'total',
                  },
                ]
              : []
          }
          columns={[
            { title: t('fac.province'), dataIndex: 'provinceName' },
            { title: t('fac.statFacilities'), dataIndex: 'facilities', align: 'right' },
            { title: t('fac.statSlots'), dataIndex: 'slots', align: 'right' },
            { title: t('fac.statRegistered'), dataIndex: 'registered', align: 'right' },
            { title: t('fac.statVisitors'), dataIndex: 'visitors', align: 'right' },
          ]}
        />
      </section>
    </>
  );
}
