import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { todayInChina } from '../lib/dates.ts';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { useFormMutation } from '../lib/mutations.tsx';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import { BlindItem, ReviewerFields, StageChoices } from './CallFields.tsx';
import { type CallListItem, canOrganise, STAGES, type StageKind } from './shared.ts';
import { type ReviewSubject, useReviewSubjects } from './subjects.ts';

const CURATORS = ['EDITOR', 'ORG_ADMIN'] as const;
const CALL_STATUSES: CallListItem['status'][] = ['DRAFT', 'OPEN', 'CLOSED'];

interface NewCall {
  organisationId: string;
  subjectKind: string;
  title: string;
  docNo?: string;
  opensAt: string;
  closesAt: string;
  stages: StageKind[];
  reviewersPerItem: number;
  aggregation: 'MEAN' | 'TRIMMED_MEAN';
  normalize: boolean;
  blind: boolean;
  /** A nomination call (首席科学传播专家): the scheme it appoints under and the batch. */
  schemeId?: string;
  batch?: string;
}

/** The subject whose calls nominate people for an appointment scheme. */
const NOMINATION_KIND = 'CHIEF_COMMUNICATOR';

/** The active appointment schemes, as choices. */
function SchemeSelect(props: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const schemes = useQuery({
    queryKey: ['appointment-schemes'],
    queryFn: () => call(api.GET('/api/appointment-schemes')),
  });
  return (
    <Select
      {...props}
      loading={schemes.isPending}
      options={(schemes.data?.items ?? [])
        .filter((x) => x.active)
        .map((x) => ({ value: x.id, label: `${x.name}（${x.organisationName}）` }))}
    />
  );
}

function CreateCall({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const units = useUnitsWithRole(me, CURATORS);
  const [form] = Form.useForm<NewCall>();
  const subjects = useReviewSubjects().data ?? [];
  const kind = Form.useWatch('subjectKind', form);
  const templateOf = (kind: string) => subjects.find((s) => s.kind === kind)?.template;
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });

  const save = useFormMutation(form, {
    mutationFn: ({ v, template }: { v: NewCall; template: ReviewSubject['template'] }) =>
      call(
        api.POST('/api/review-calls', {
          body: {
            organisationId: v.organisationId,
            subjectKind: v.subjectKind,
            title: v.title,
            opensAt: v.opensAt,
            closesAt: v.closesAt,
            reviewersPerItem: v.reviewersPerItem,
            aggregation: v.aggregation,
            normalize: v.normalize,
            blind: v.blind,
            docNo: v.docNo?.trim() || null,
            description: '',
            form: template.form,
            rubric: v.stages.includes('EXPERT_REVIEW') ? template.rubric : [],
            settings: {
              ...template.settings,
              ...(v.subjectKind === NOMINATION_KIND
                ? { schemeId: v.schemeId, ...(v.batch?.trim() ? { batch: v.batch.trim() } : {}) }
                : {}),
            },
            stages: STAGES.filter((s) => v.stages.includes(s)).map((kind) => ({
              kind,
              deadline: null,
            })),
          },
        }),
      ),
    onSuccess: async (created) => {
      message.success(t('rv.callCreated'));
      await qc.invalidateQueries({ queryKey: ['review-calls'] });
      navigate(`/admin/reviews/${created.id}`);
    },
  });

  return (
    <Modal
      open
      title={t('rv.newCall')}
      onCancel={onClose}
      okText={t('rv.createCall')}
      cancelText={t('form.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      width={640}
    >
      <p>{t('rv.templateText')}</p>
      {save.alert && <Alert type="error" showIcon title={save.alert} role="alert" />}
      <Form<NewCall>
        form={form}
        name="new-call"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => {
          const template = templateOf(v.subjectKind);
          if (template) save.mutate({ v, template });
        }}
        initialValues={{
          organisationId: units.length === 1 ? units[0]?.value : undefined,
          subjectKind: 'BASE',
          opensAt: todayInChina(),
          closesAt: `${new Date().getFullYear() + 1}-06-30`,
          stages: STAGES,
          reviewersPerItem: 3,
          aggregation: 'TRIMMED_MEAN',
          normalize: false,
          blind: false,
        }}
      >
        <Form.Item label={t('rv.organiser')} name="organisationId" rules={[req(t('rv.organiser'))]}>
          <Select showSearch={{ optionFilterProp: 'name' }} options={units} />
        </Form.Item>
        <Form.Item label={t('rv.subjectKind')} name="subjectKind" extra={t('rv.templateHelp')}>
          <Select
            options={subjects.map((s) => ({ value: s.kind, label: s.label }))}
            onChange={(k: string) => form.setFieldValue('stages', templateOf(k)?.stages ?? [])}
          />
        </Form.Item>
        {kind === NOMINATION_KIND && (
          <div className="form-grid">
            <Form.Item label={t('rv.scheme')} name="schemeId" rules={[req(t('rv.scheme'))]}>
              <SchemeSelect />
            </Form.Item>
            <Form.Item label={t('rv.batch')} name="batch" extra={t('rv.batchHelp')}>
              <Input maxLength={40} />
            </Form.Item>
          </div>
        )}
        <Form.Item label={t('rv.callTitle')} name="title" rules={[req(t('rv.callTitle'))]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item label={t('rv.docNo')} name="docNo" extra={t('rv.docNoHelp')}>
          <Input maxLength={60} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item label={t('rv.opensAt')} name="opensAt" rules={[req(t('rv.opensAt'))]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item label={t('rv.closesAt')} name="closesAt" rules={[req(t('rv.closesAt'))]}>
            <Input type="date" />
          </Form.Item>
        </div>
        <Form.Item label={t('rv.stages')} name="stages" extra={t('rv.stagesHelp')}>
          <StageChoices />
        </Form.Item>
        <div className="form-grid">
          <ReviewerFields />
        </div>
        <Form.Item
          label={t('rv.normalize')}
          name="normalize"
          valuePropName="checked"
          extra={t('rv.normalizeHelp')}
        >
          <Switch />
        </Form.Item>
        <BlindItem />
      </Form>
    </Modal>
  );
}

interface Filters {
  q?: string;
  status?: CallListItem['status'];
  subjectKind?: string;
}

/** The filters as the list and its export take them (blank search text is no filter). */
function queryOf(f: Filters) {
  return { status: f.status, subjectKind: f.subjectKind, q: f.q?.trim() || undefined };
}

export function CallsListPage({ me }: { me: Me }) {
  const { t } = usePrefs();
  usePageTitle(t('rv.calls'));
  const [creating, setCreating] = useState(false);
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const subjects = useReviewSubjects().data ?? [];
  const calls = useQuery({
    queryKey: ['review-calls', filters, page],
    queryFn: () =>
      call(api.GET('/api/review-calls', { params: { query: { ...page, ...queryOf(filters) } } })),
  });
  return (
    <>
      <h1>{t('rv.calls')}</h1>
      <p>{t('rv.callsText')}</p>
      <FilterForm<Filters> name="call-filters" onFilter={filter}>
        <Form.Item label={t('rv.callsQ')} name="q">
          <Input allowClear style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            allowClear
            placeholder={t('rv.allCallStatuses')}
            style={{ width: 160 }}
            options={CALL_STATUSES.map((s) => ({
              value: s,
              label: t(`rv.callStatus.${s}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('rv.subjectKind')} name="subjectKind">
          <Select
            allowClear
            placeholder={t('rv.allSubjectKinds')}
            style={{ width: 200 }}
            options={subjects.map((s) => ({ value: s.kind, label: s.label }))}
          />
        </Form.Item>
      </FilterForm>
      <div className="toolbar">
        {canOrganise(me) && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('rv.newCall')}
          </Button>
        )}
        <ExportButton
          path="/api/review-calls/export"
          query={queryOf(filters)}
          filename="征集与评审.xlsx"
        />
      </div>
      {calls.isError && <Alert type="error" showIcon title={errorMessage(calls.error)} />}
      <Table<CallListItem>
        rowKey="id"
        loading={calls.isPending}
        dataSource={calls.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rv.noCalls') }}
        pagination={pagination(calls.data?.total)}
        columns={[
          {
            title: t('rv.callTitle'),
            dataIndex: 'title',
            render: (v: string, c) => <Link to={`/admin/reviews/${c.id}`}>{v}</Link>,
          },
          { title: t('rv.docNo'), dataIndex: 'docNo', render: (v: string | null) => v ?? '—' },
          { title: t('rv.organiser'), dataIndex: 'organisationName' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: CallListItem['status']) => (
              <Tag className={`call-status call-status-${s}`}>
                {t(`rv.callStatus.${s}` as MessageKey)}
              </Tag>
            ),
          },
          {
            title: t('rv.period'),
            key: 'period',
            render: (_: unknown, c) => `${c.opensAt} ~ ${c.closesAt}`,
          },
          {
            title: t('rv.applications'),
            key: 'n',
            render: (_: unknown, c) =>
              Object.entries(c.counts)
                .filter(([s]) => s !== 'DRAFT')
                .reduce((n, [, v]) => n + v, 0),
          },
        ]}
      />
      {creating && <CreateCall me={me} onClose={() => setCreating(false)} />}
    </>
  );
}
