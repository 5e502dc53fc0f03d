import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Radio, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Answer, Me } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { chinaInstant, formatDayTime, todayInChina } from '../lib/dates.ts';
import { DivisionCascader } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';
import { useRefOptions } from '../lib/reference.ts';
import { durationText, key, STATUS_CLASS } from './shared.ts';

type Incident = Answer<'/api/incidents', 'get'>['items'][number];
type Status = Incident['status'];
const PAGE_SIZE = 20;
const GRADES = ['SMALL', 'MEDIUM', 'LARGE', 'HUGE'] as const;
const LEVELS = ['I', 'II', 'III', 'IV'] as const;

export const mayOpen = (me: Me) =>
  me.abilities.platformAdmin ||
  me.grants.some((g) => g.role === 'ORG_ADMIN' || g.role === 'EDITOR');

/** 应急响应: the incidents I run or am on duty for, this year's time to first explainer, opening one. */
export function IncidentsPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('inc.title'));
  const me = useMe().data;
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | undefined>();
  const [hazard, setHazard] = useState<string | undefined>();
  const [opening, setOpening] = useState(false);
  const hazards = useRefOptions('HAZARD_TYPE');
  const list = useQuery({
    queryKey: ['incidents', page, status ?? null, hazard ?? null],
    queryFn: () =>
      call(
        api.GET('/api/incidents', {
          params: {
            query: {
              page,
              pageSize: PAGE_SIZE,
              ...(status ? { status } : {}),
              ...(hazard ? { hazard } : {}),
            },
          },
        }),
      ),
  });
  const stats = useQuery({
    queryKey: ['incident-stats'],
    queryFn: () => call(api.GET('/api/incidents/stats')),
  });
  return (
    <section className="panel" aria-labelledby="inc-h">
      <h1 id="inc-h" className="page-title">
        {t('inc.title')}
      </h1>
      <p className="muted">{t('inc.text')}</p>
      {stats.data && (
        <p className="inc-stats">
          {t('inc.stats', {
            year: stats.data.year,
            n: stats.data.incidents,
            withExplainer: stats.data.withExplainer,
          })}
          {stats.data.medianMinutes !== null && (
            <>
              {lang === 'en-US' ? '; ' : '；'}
              {t('inc.median', { time: durationText(stats.data.medianMinutes, lang) })}
              {lang === 'en-US' ? '; ' : '；'}
              {t('inc.p90', { time: durationText(stats.data.p90Minutes ?? 0, lang) })}
            </>
          )}
        </p>
      )}
      {me && mayOpen(me) && (
        <p className="button-row">
          <Button type="primary" danger onClick={() => setOpening(true)}>
            {t('inc.open')}
          </Button>
        </p>
      )}
      <Form layout="inline" className="filters" name="incident-filters">
        <Form.Item label={t('inc.statusFilter')} htmlFor="inc-status">
          <Select<Status | undefined>
            id="inc-status"
            allowClear
            style={{ width: 140 }}
            placeholder={t('inc.allStatuses')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={(['ACTIVE', 'CLOSED'] as const).map((s) => ({
              value: s,
              label: t(key(`inc.status.${s}`)),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('inc.hazard')} htmlFor="inc-hazard">
          <Select<string | undefined>
            id="inc-hazard"
            allowClear
            style={{ width: 160 }}
            placeholder={t('inc.allHazards')}
            value={hazard}
            onChange={(v) => {
              setHazard(v);
              setPage(1);
            }}
            options={hazards.options}
          />
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Incident>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('inc.none') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('inc.event'),
            dataIndex: 'title',
            render: (v: string, i) => (
              <>
                <Link to={`/admin/incidents/${i.id}`}>{v}</Link>{' '}
                <Tag className={STATUS_CLASS[i.status]}>{t(key(`inc.status.${i.status}`))}</Tag>
              </>
            ),
          },
          { title: t('inc.hazard'), dataIndex: 'hazardName' },
          { title: t('inc.where'), dataIndex: 'divisionName' },
          {
            title: t('inc.openedAt'),
            dataIndex: 'openedAt',
            render: (v: string) => formatDayTime(v, lang),
          },
          {
            title: t('inc.duty'),
            key: 'duty',
            render: (_, i) => t('inc.dutyCount', { ack: i.acknowledgedCount, n: i.dutyCount }),
          },
          {
            title: t('inc.firstExplainer'),
            dataIndex: 'minutesToFirstExplainer',
            render: (m: number | null) =>
              m === null ? t('inc.noExplainer') : durationText(m, lang),
          },
        ]}
      />
      {me && opening && <OpenDialog me={me} onClose={() => setOpening(false)} />}
    </section>
  );
}

interface OpenValues {
  organisationId: string;
  hazard: string;
  gradeKind: 'DISASTER' | 'DANGER';
  grade: (typeof GRADES)[number];
  responseLevel: (typeof LEVELS)[number] | 'NONE';
  divisionCode: string;
  place: string;
  date: string;
  time: string;
  source: string;
  description: string;
}

function OpenDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<OpenValues>();
  const units = useUnitsWithRole(me, ['ORG_ADMIN', 'EDITOR']);
  const hazards = useRefOptions('HAZARD_TYPE');
  const now = new Date(Date.now() + 8 * 3_600_000).toISOString();
  const submit = useFormMutation<OpenValues, Answer<'/api/incidents', 'post'>>(form, {
    mutationFn: ({ date, time, responseLevel, ...v }) =>
      call(
        api.POST('/api/incidents', {
          body: {
            ...v,
            responseLevel: responseLevel === 'NONE' ? null : responseLevel,
            occurredAt: chinaInstant(date, time),
          },
        }),
      ),
    onSuccess: (board) => {
      message.success(
        board.duty.length ? t('inc.opened', { n: board.duty.length }) : t('inc.openedNone'),
      );
      void qc.invalidateQueries({ queryKey: ['incidents'] });
      void qc.invalidateQueries({ queryKey: ['incident-stats'] });
      navigate(`/admin/incidents/${board.id}`);
    },
  });
  return (
    <FormModal open title={t('inc.open')} okText={t('inc.open')} submit={submit} onCancel={onClose}>
      <Form
        form={form}
        layout="vertical"
        name="open-incident"
        initialValues={{
          organisationId: units.length === 1 ? units[0]!.value : undefined,
          gradeKind: 'DANGER',
          grade: 'SMALL',
          responseLevel: 'NONE',
          date: todayInChina(),
          time: now.slice(11, 16),
          place: '',
          source: '',
          description: '',
        }}
      >
        <Form.Item
          name="organisationId"
          label={t('inc.organisation')}
          extra={t('inc.organisationHelp')}
          rules={[{ required: true, message: t('inc.organisationRequired') }]}
        >
          <Select options={units} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item
          name="hazard"
          label={t('inc.hazard')}
          rules={[{ required: true, message: t('inc.hazardRequired') }]}
        >
          <Select options={hazards.options} loading={hazards.loading} />
        </Form.Item>
        <Form.Item name="gradeKind" label={t('inc.gradeKind')}>
          <Radio.Group
            options={(['DANGER', 'DISASTER'] as const).map((k) => ({
              value: k,
              label: t(key(`inc.gradeKind.${k}`)),
            }))}
          />
        </Form.Item>
        <Form.Item name="grade" label={t('inc.grade')}>
          <Radio.Group
            options={GRADES.map((g) => ({ value: g, label: t(key(`inc.grade.${g}`)) }))}
          />
        </Form.Item>
        <Form.Item name="responseLevel" label={t('inc.responseLevel')}>
          <Select
            options={[
              { value: 'NONE', label: t('inc.responseNone') },
              ...LEVELS.map((l) => ({ value: l, label: t(key(`inc.response.${l}`)) })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('inc.division')}
          rules={[{ required: true, message: t('inc.divisionRequired') }]}
        >
          <DivisionCascader f={{}} />
        </Form.Item>
        <Form.Item name="place" label={t('inc.place')} extra={t('inc.placeHelp')}>
          <Input maxLength={100} />
        </Form.Item>
        <div className="form-row">
          <Form.Item
            name="date"
            label={t('inc.date')}
            rules={[{ required: true, message: t('inc.dateRequired') }]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="time"
            label={t('inc.time')}
            rules={[{ required: true, message: t('inc.dateRequired') }]}
          >
            <Input type="time" />
          </Form.Item>
        </div>
        <Form.Item name="source" label={t('inc.source')} extra={t('inc.sourceHelp')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('inc.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
