import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Radio, Select, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { ConfirmButton } from '../lib/confirm.tsx';
import { todayInChina } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';

type SiteInfo = Answer<'/api/site-info', 'get'>;
type CalendarDay = Answer<'/api/calendar-days', 'get'>[number];

/** 网站信息: the footer's 备案号 and the contact page, as the portal shows them. */
function SiteInfoForm() {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<SiteInfo>();
  const info = useQuery({
    queryKey: ['site-info'],
    queryFn: () => call(api.GET('/api/site-info')),
  });
  const save = useFormMutation(form, {
    mutationFn: (v: SiteInfo) => call(api.PUT('/api/site-info', { body: v })),
    onSuccess: (s) => {
      qc.setQueryData(['site-info'], s);
      message.success(t('common.saved'));
    },
  });
  if (info.isPending) return <Skeleton active />;
  if (info.isError) return <Alert type="error" showIcon title={errorMessage(info.error)} />;
  const field = (name: keyof SiteInfo['contact'], max: number, extra?: string) => (
    <Form.Item label={t(`siteAdmin.contact.${name}`)} name={['contact', name]} extra={extra}>
      <Input maxLength={max} />
    </Form.Item>
  );
  return (
    <section className="panel" aria-labelledby="site-info-h">
      <h2 id="site-info-h">{t('siteAdmin.info')}</h2>
      <FormAlert text={save.alert} />
      <Form<SiteInfo>
        form={form}
        name="site-info"
        layout="vertical"
        requiredMark={false}
        initialValues={info.data}
        onFinish={(v) => save.mutate(v)}
        style={{ maxWidth: 640 }}
      >
        <Form.Item label={t('siteAdmin.icp')} name="icpNumber" extra={t('siteAdmin.icpHelp')}>
          <Input maxLength={60} placeholder="京ICP备12345678号-1" />
        </Form.Item>
        <Form.Item label={t('siteAdmin.psb')} name="psbNumber" extra={t('siteAdmin.psbHelp')}>
          <Input maxLength={60} placeholder="京公网安备11010502000001号" />
        </Form.Item>
        <h3>{t('siteAdmin.contact')}</h3>
        <p className="muted">{t('siteAdmin.contactHelp')}</p>
        {field('organisation', 120)}
        {field('address', 200)}
        {field('postcode', 6)}
        {field('phone', 60)}
        {field('email', 120)}
        {field('hours', 120, t('siteAdmin.contact.hoursHelp'))}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('form.save')}
        </Button>
      </Form>
    </section>
  );
}

interface DayValues {
  date: string;
  kind: 'HOLIDAY' | 'WORKDAY';
  name: string;
}

/** 工作日历: holidays on weekdays and weekend workdays (调休), by year; notices count over it. */
function CalendarPanel() {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const thisYear = Number(todayInChina().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [form] = Form.useForm<DayValues>();
  const days = useQuery({
    queryKey: ['calendar-days', year],
    queryFn: () => call(api.GET('/api/calendar-days', { params: { query: { year } } })),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['calendar-days'] });
  const add = useFormMutation(form, {
    mutationFn: (v: DayValues) =>
      call(
        api.PUT('/api/calendar-days/{date}', {
          params: { path: { date: v.date } },
          body: { kind: v.kind, name: v.name },
        }),
      ),
    onSuccess: async (d) => {
      message.success(t('siteAdmin.daySaved', { date: d.date }));
      form.resetFields(['date']);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (d: CalendarDay) =>
      call(api.DELETE('/api/calendar-days/{date}', { params: { path: { date: d.date } } })),
    onSuccess: refresh,
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <section className="panel" aria-labelledby="calendar-h">
      <h2 id="calendar-h">{t('siteAdmin.calendar')}</h2>
      <p>{t('siteAdmin.calendarHelp')}</p>
      <FormAlert text={add.alert} />
      <Form<DayValues>
        form={form}
        name="calendar-day"
        layout="inline"
        initialValues={{ kind: 'HOLIDAY' }}
        onFinish={(v) => add.mutate(v)}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item
          label={t('siteAdmin.date')}
          name="date"
          rules={[{ required: true, message: t('form.required', { field: t('siteAdmin.date') }) }]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item label={t('siteAdmin.kind')} name="kind">
          <Radio.Group
            options={[
              { value: 'HOLIDAY', label: t('siteAdmin.kind.HOLIDAY') },
              { value: 'WORKDAY', label: t('siteAdmin.kind.WORKDAY') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('siteAdmin.dayName')}
          name="name"
          rules={[
            { required: true, message: t('form.required', { field: t('siteAdmin.dayName') }) },
          ]}
        >
          <Input maxLength={40} placeholder={t('siteAdmin.dayNamePlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('siteAdmin.addDay')}
        </Button>
      </Form>
      <Select
        aria-label={t('siteAdmin.year')}
        value={year}
        onChange={setYear}
        options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({
          value: y,
          label: t('siteAdmin.yearOption', { year: y }),
        }))}
        style={{ width: 140, marginBottom: 12 }}
      />
      {days.isError ? (
        <Alert type="error" showIcon title={errorMessage(days.error)} />
      ) : (
        <Table<CalendarDay>
          rowKey="date"
          size="small"
          loading={days.isPending}
          dataSource={days.data ?? []}
          pagination={false}
          locale={{ emptyText: t('siteAdmin.noDays', { year }) }}
          columns={[
            { title: t('siteAdmin.date'), dataIndex: 'date' },
            {
              title: t('siteAdmin.kind'),
              key: 'kind',
              render: (_, d) => (
                <Tag color={d.kind === 'HOLIDAY' ? 'red' : 'blue'}>
                  {t(`siteAdmin.kind.${d.kind}`)}
                </Tag>
              ),
            },
            { title: t('siteAdmin.dayName'), dataIndex: 'name' },
            {
              title: t('siteAdmin.actions'),
              key: 'actions',
              render: (_, d) => (
                <ConfirmButton
                  size="small"
                  danger
                  loading={remove.isPending && remove.variables?.date === d.date}
                  step={{
                    title: t('siteAdmin.removeDayTitle', { date: d.date }),
                    body: t('siteAdmin.removeDayBody'),
                    action: t('siteAdmin.removeDay'),
                    danger: true,
                  }}
                  onConfirm={() => remove.mutate(d)}
                  aria-label={t('siteAdmin.removeDayOf', { date: d.date })}
                >
                  {t('siteAdmin.removeDay')}
                </ConfirmButton>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}

/** 网站设置 (platform administrators): the portal footer's details and the working calendar. */
export function SiteSettingsPage() {
  const t = useT();
  usePageTitle(t('admin.site'));
  return (
    <div className="stack">
      <h1 className="page-title">{t('admin.site')}</h1>
      <SiteInfoForm />
      <CalendarPanel />
    </div>
  );
}
