import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { DivisionCascader, OrganisationPicker } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';
import { useRefOptions } from '../lib/reference.ts';
import { type Campaign, useCampaigns, useIsOffice } from './shared.ts';

interface Values {
  themeDayCode: string;
  year: number;
  startDate: string;
  endDate: string;
  theme: string;
  noticeDocNo?: string;
  hostDivision?: string;
  organiserIds: (string | undefined)[];
  ordinalOverride?: number | null;
  requiresApproval: boolean;
}

function CampaignForm({ editing, onClose }: { editing: Campaign | null; onClose: () => void }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const themeDays = useRefOptions('THEME_DAY');
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const save = useFormMutation(form, {
    mutationFn: (v: Values) => {
      const common = {
        startDate: v.startDate,
        endDate: v.endDate,
        theme: v.theme ?? '',
        noticeDocNo: v.noticeDocNo?.trim() || null,
        hostDivision: v.hostDivision ?? null,
        organiserIds: (v.organiserIds ?? []).filter((x): x is string => !!x),
        ordinalOverride: v.ordinalOverride ?? null,
        requiresApproval: !!v.requiresApproval,
      };
      return editing
        ? call(
            api.PATCH('/api/campaigns/{id}', {
              params: { path: { id: editing.id } },
              body: common,
            }),
          )
        : call(
            api.POST('/api/campaigns', {
              body: { themeDayCode: v.themeDayCode, year: v.year, ...common },
            }),
          );
    },
    onSuccess: async () => {
      message.success(t('act.campaignSaved'));
      await qc.invalidateQueries({ queryKey: ['campaigns'] });
      onClose();
    },
  });
  const year = new Date().getFullYear();
  return (
    <FormModal
      open
      title={editing ? t('act.editCampaign') : t('act.newCampaign')}
      submit={save}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        name="campaign"
        layout="vertical"
        requiredMark={false}
        initialValues={
          editing
            ? {
                ...editing,
                noticeDocNo: editing.noticeDocNo ?? '',
                hostDivision: editing.hostDivision ?? undefined,
              }
            : { year, organiserIds: [], requiresApproval: false, theme: '' }
        }
      >
        <Form.Item label={t('act.themeDay')} name="themeDayCode" rules={[req(t('act.themeDay'))]}>
          <Select options={themeDays.options} loading={themeDays.loading} disabled={!!editing} />
        </Form.Item>
        <Form.Item label={t('act.year')} name="year" rules={[req(t('act.year'))]}>
          <InputNumber min={1970} max={2100} disabled={!!editing} />
        </Form.Item>
        <fieldset className="session-row">
          <legend>{t('act.weekDates')}</legend>
          <div className="form-grid">
            <Form.Item
              label={t('act.startDate')}
              name="startDate"
              rules={[req(t('act.startDate'))]}
            >
              <Input type="date" />
            </Form.Item>
            <Form.Item label={t('act.endDate')} name="endDate" rules={[req(t('act.endDate'))]}>
              <Input type="date" />
            </Form.Item>
          </div>
        </fieldset>
        <Form.Item label={t('act.theme')} name="theme">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('act.docNo')} name="noticeDocNo">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t('act.hostCity')} name="hostDivision">
          <DivisionCascader f={{ minLevel: 2, maxLevel: 2 }} />
        </Form.Item>
        <Form.List name="organiserIds">
          {(rows, { add, remove }) => (
            <fieldset className="session-row">
              <legend>{t('act.organisers')}</legend>
              {rows.map((row, i) => (
                <Space key={row.key} align="baseline" wrap>
                  <Form.Item label={`${t('act.organisers')} ${i + 1}`} name={row.name}>
                    <OrganisationPicker />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('act.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add(undefined)}>{t('act.addCoOrganiser')}</Button>
            </fieldset>
          )}
        </Form.List>
        <Form.Item
          label={t('act.ordinalOverride')}
          name="ordinalOverride"
          extra={t('act.ordinalHelp')}
        >
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item
          label={t('act.requiresApproval')}
          name="requiresApproval"
          valuePropName="checked"
          extra={t('act.requiresApprovalHelp')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** 主题日活动: each theme day's campaign of a year, entered by the office from its notice. */
export function CampaignsPage({ me }: { me: Me }) {
  const { t } = usePrefs();
  usePageTitle(t('act.menu.campaigns'));
  const office = useIsOffice(me);
  const list = useCampaigns();
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  return (
    <>
      <h1>{t('act.menu.campaigns')}</h1>
      <p>{t('act.campaignsText')}</p>
      {office ? (
        <div className="toolbar">
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('act.newCampaign')}
          </Button>
        </div>
      ) : (
        <p>{t('act.officeOnly')}</p>
      )}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Campaign>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('act.noCampaigns') }}
        columns={[
          { title: t('act.year'), dataIndex: 'year' },
          { title: t('act.themeDay'), dataIndex: 'themeDayName' },
          {
            title: t('act.ordinal'),
            dataIndex: 'ordinal',
            render: (n: number | null) => (n ? t('act.nth', { n: String(n) }) : '—'),
          },
          {
            title: t('act.weekDates'),
            key: 'dates',
            render: (_: unknown, c) => `${c.startDate} ~ ${c.endDate}`,
          },
          { title: t('act.theme'), dataIndex: 'theme', render: (v: string) => v || '—' },
          {
            title: t('act.docNo'),
            dataIndex: 'noticeDocNo',
            render: (v: string | null) => v ?? '—',
          },
          ...(office
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, c: Campaign) => (
                    <Button
                      size="small"
                      onClick={() => setEditing(c)}
                      aria-label={`${t('act.edit')} ${c.year} ${c.themeDayName}`}
                    >
                      {t('act.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <CampaignForm
          editing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
