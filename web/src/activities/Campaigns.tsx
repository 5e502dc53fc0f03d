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
      message.success(t('acto.campaignSaved'));
      await qc.invalidateQueries({ queryKey: ['campaigns'] });
      onClose();
    },
  });
  const year = new Date().getFullYear();
  return (
    <FormModal
      open
      title={editing ? t('acto.editCampaign') : t('acto.newCampaign')}
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
        <Form.Item label={t('acto.themeDay')} name="themeDayCode" rules={[req(t('acto.themeDay'))]}>
          <Select options={themeDays.options} loading={themeDays.loading} disabled={!!editing} />
        </Form.Item>
        <Form.Item label={t('acto.year')} name="year" rules={[req(t('acto.year'))]}>
          <InputNumber min={1970} max={2100} disabled={!!editing} />
        </Form.Item>
        <fieldset className="session-row">
          <legend>{t('acto.weekDates')}</legend>
          <div className="form-grid">
            <Form.Item
              label={t('acto.startDate')}
              name="startDate"
              rules={[req(t('acto.startDate'))]}
            >
              <Input type="date" />
            </Form.Item>
            <Form.Item label={t('acto.endDate')} name="endDate" rules={[req(t('acto.endDate'))]}>
              <Input type="date" />
            </Form.Item>
          </div>
        </fieldset>
        <Form.Item label={t('acto.theme')} name="theme">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('acto.docNo')} name="noticeDocNo">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t('acto.hostCity')} name="hostDivision">
          <DivisionCascader f={{ minLevel: 2, maxLevel: 2 }} />
        </Form.Item>
        <Form.List name="organiserIds">
          {(rows, { add, remove }) => (
            <fieldset className="session-row">
              <legend>{t('acto.organisers')}</legend>
              {rows.map((row, i) => (
                <Space key={row.key} align="baseline" wrap>
                  <Form.Item label={`${t('acto.organisers')} ${i + 1}`} name={row.name}>
                    <OrganisationPicker />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('acto.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add(undefined)}>{t('acto.addCoOrganiser')}</Button>
            </fieldset>
          )}
        </Form.List>
        <Form.Item
          label={t('acto.ordinalOverride')}
          name="ordinalOverride"
          extra={t('acto.ordinalHelp')}
        >
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item
          label={t('acto.requiresApproval')}
          name="requiresApproval"
          valuePropName="checked"
          extra={t('acto.requiresApprovalHelp')}
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
      <p>{t('acto.campaignsText')}</p>
      {office ? (
        <div className="toolbar">
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('acto.newCampaign')}
          </Button>
        </div>
      ) : (
        <p>{t('acto.officeOnly')}</p>
      )}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Campaign>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('acto.noCampaigns') }}
        columns={[
          { title: t('acto.year'), dataIndex: 'year' },
          { title: t('acto.themeDay'), dataIndex: 'themeDayName' },
          {
            title: t('acto.ordinal'),
            dataIndex: 'ordinal',
            render: (n: number | null) => (n ? t('acto.nth', { n: String(n) }) : '—'),
          },
          {
            title: t('acto.weekDates'),
            key: 'dates',
            render: (_: unknown, c) => `${c.startDate} ~ ${c.endDate}`,
          },
          { title: t('acto.theme'), dataIndex: 'theme', render: (v: string) => v || '—' },
          {
            title: t('acto.docNo'),
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
                      aria-label={`${t('acto.edit')} ${c.year} ${c.themeDayName}`}
                    >
                      {t('acto.edit')}
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
