import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Select, Table, Tag } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import {
  SQUAD_STATUSES,
  SQUADS_KEY,
  type Squad,
  type SquadStatus,
  STATUS_TONE,
  stateTag,
} from './shared.ts';

/** 李四光中队: the squads a person keeps, counsels or approves; pending first. */
export function SquadsListPage() {
  const { t } = usePrefs();
  usePageTitle(t('squad.title'));
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const toDecide = params.get('toDecide') === '1';
  const status = (params.get('status') as SquadStatus | null) ?? undefined;
  const list = useQuery({
    queryKey: [...SQUADS_KEY, status ?? null, toDecide],
    queryFn: () =>
      call(
        api.GET('/api/squads', {
          params: { query: { ...(status ? { status } : {}), ...(toDecide ? { toDecide } : {}) } },
        }),
      ),
  });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <section className="panel" aria-labelledby="squads-h">
      <h1 id="squads-h">{t('squad.title')}</h1>
      <p className="muted">{t('squad.text')}</p>
      <div className="toolbar">
        <Button type="primary" onClick={() => navigate('/admin/squads/new')}>
          {t('squad.apply')}
        </Button>
      </div>
      <Form layout="inline" className="filters" name="squad-filters">
        <Form.Item label={t('squad.status')} htmlFor="squad-status">
          <Select<SquadStatus | undefined>
            id="squad-status"
            allowClear
            style={{ width: 160 }}
            placeholder={t('squad.allStatuses')}
            value={status}
            disabled={toDecide}
            onChange={(v) => set('status', v ?? null)}
            options={SQUAD_STATUSES.map((s) => ({ value: s, label: t(`squad.status.${s}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox
            checked={toDecide}
            onChange={(e) => set('toDecide', e.target.checked ? '1' : null)}
          >
            {t('squad.toDecide')}
          </Checkbox>
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Squad>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('squad.none') }}
        pagination={false}
        columns={[
          {
            title: t('squad.name'),
            dataIndex: 'name',
            render: (v: string, s) => <Link to={`/admin/squads/${s.id}`}>{v}</Link>,
          },
          { title: t('squad.school'), dataIndex: 'organisationName' },
          { title: t('squad.province'), dataIndex: 'provinceName', render: (v) => v ?? '' },
          { title: t('squad.counsellor'), dataIndex: 'counsellorName' },
          {
            title: t('squad.status'),
            dataIndex: 'status',
            render: (s: SquadStatus) => (
              <Tag className={stateTag(STATUS_TONE[s])}>{t(`squad.status.${s}`)}</Tag>
            ),
          },
          { title: t('squad.members'), dataIndex: 'members', align: 'right' },
          { title: t('squad.activitiesThisYear'), dataIndex: 'activitiesThisYear', align: 'right' },
        ]}
      />
    </section>
  );
}
