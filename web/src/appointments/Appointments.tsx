import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import type { Answer, Me } from '../api/types.ts';
import { ExpertPicker } from '../experts/ExpertPicker.tsx';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { useConfirm } from '../lib/confirm.tsx';
import { formatCalendarDate, todayInChina } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';

type Appointment = Answer<'/api/appointments', 'get'>['items'][number];
type Scheme = Answer<'/api/appointment-schemes', 'get'>['items'][number];
type Query = NonNullable<paths['/api/appointments']['get']['parameters']['query']>;
type Status = Appointment['status'];
type Standing = Appointment['duty']['standing'];
const STATUSES: Status[] = ['ACTIVE', 'EXPIRED', 'RENEWED', 'WITHDRAWN'];
const STANDINGS: Standing[] = ['MET', 'ON_TRACK', 'BEHIND'];
const RANKS = ['SENIOR', 'ASSOCIATE', 'INTERMEDIATE', 'JUNIOR'] as const;
const PAGE_SIZE = 20;

const STATUS_TAG: Record<Status, string> = {
  ACTIVE: 'state-tag-ok',
  EXPIRED: 'state-tag-plain',
  RENEWED: 'state-tag-info',
  WITHDRAWN: 'state-tag-danger',
};
const STANDING_TAG: Record<Standing, string> = {
  MET: 'state-tag-ok',
  ON_TRACK: 'state-tag-info',
  BEHIND: 'state-tag-warn',
};

export function StatusTag({ status }: { status: Status }) {
  const { t } = usePrefs();
  return (
    <Tag className={`state-tag ${STATUS_TAG[status]}`}>
      {t(`appt.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function StandingTag({ standing }: { standing: Standing }) {
  const { t } = usePrefs();
  return (
    <Tag className={`state-tag ${STANDING_TAG[standing]}`}>
      {t(`appt.standing.${standing}` as MessageKey)}
    </Tag>
  );
}

function useSchemes() {
  return useQuery({
    queryKey: ['appointment-schemes'],
    queryFn: () => call(api.GET('/api/appointment-schemes')),
  });
}

/** 首席科学传播专家: the appointments with their duty standing, and the schemes. */
export function AppointmentsPage() {
  const { t } = usePrefs();
  usePageTitle(t('appt.title'));
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'schemes' ? 'schemes' : 'list';
  return (
    <>
      <h1>{t('appt.title')}</h1>
      <p className="muted">{t('appt.text')}</p>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'schemes' ? { tab: k } : {})}
        items={[
          { key: 'list', label: t('appt.tabList'), children: me && <AppointmentList me={me} /> },
          { key: 'schemes', label: t('appt.tabSchemes'), children: me && <SchemeList me={me} /> },
        ]}
      />
    </>
  );
}

function AppointmentList({ me }: { me: Me }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const year = Number(get('year')) || Number(todayInChina().slice(0, 4));
  const query: Query = {
    ...(get('schemeId') ? { schemeId: get('schemeId') } : {}),
    ...(get('status') ? { status: get('status') as Status } : {}),
    ...(get('standing') ? { standing: get('standing') as Standing } : {}),
    ...(get('q') ? { q: get('q') } : {}),
    year,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: ['appointments', params.toString()],
    queryFn: () => call(api.GET('/api/appointments', { params: { query } })),
    placeholderData: (prev) => prev,
  });
  const schemes = useSchemes();
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('page');
    setParams(next);
  };
  const refresh = () => qc.invalidateQueries({ queryKey: ['appointments'] });
  const [adding, setAdding] = useState(false);
  const [renewing, setRenewing] = useState<Appointment | null>(null);
  const [studioFor, setStudioFor] = useState<Appointment | null>(null);
  const { confirm, dialog } = useConfirm();
  const reason = useRef('');
  async function withdraw(a: Appointment) {
    reason.current = '';
    const yes = await confirm({
      title: t('appt.withdrawTitle', { name: a.personName, honorific: a.honorific }),
      body: (
        <>
          <p>{t('appt.withdrawBody')}</p>
          <label htmlFor="withdraw-reason">{t('appt.withdrawReason')}</label>
          <Input.TextArea
            id="withdraw-reason"
            maxLength={500}
            rows={3}
            onChange={(e) => {
              reason.current = e.target.value;
            }}
          />
        </>
      ),
      action: t('appt.withdraw'),
      danger: true,
    });
    if (!yes) return;
    if (!reason.current.trim()) {
      message.error(t('appt.reasonRequired'));
      return;
    }
    try {
      await call(
        api.POST('/api/appointments/{id}/withdraw', {
          params: { path: { id: a.id } },
          body: { reason: reason.current.trim() },
        }),
      );
      message.success(t('appt.withdrawn'));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  const thisYear = Number(todayInChina().slice(0, 4));
  const manages =
    (schemes.data?.items ?? []).some((s) => s.canManage) || me.abilities.platformAdmin;
  return (
    <>
      {dialog}
      <div className="filter-bar">
        <Input.Search
          aria-label={t('appt.find')}
          placeholder={t('appt.findPlaceholder')}
          defaultValue={get('q')}
          allowClear
          maxLength={40}
          onSearch={(v) => set('q', v.trim())}
          style={{ maxWidth: 240 }}
        />
        <Select
          aria-label={t('appt.scheme')}
          value={get('schemeId')}
          onChange={(v) => set('schemeId', v)}
          options={[
            { value: '', label: t('appt.allSchemes') },
            ...(schemes.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
          style={{ minWidth: 200 }}
        />
        <Select
          aria-label={t('appt.status')}
          value={get('status')}
          onChange={(v) => set('status', v)}
          options={[
            { value: '', label: t('appt.allStatuses') },
            ...STATUSES.map((s) => ({ value: s, label: t(`appt.status.${s}` as MessageKey) })),
          ]}
          style={{ minWidth: 120 }}
        />
        <Select
          aria-label={t('appt.standing')}
          value={get('standing')}
          onChange={(v) => set('standing', v)}
          options={[
            { value: '', label: `${t('appt.standing')}：${t('appt.allStandings')}` },
            ...STANDINGS.map((s) => ({ value: s, label: t(`appt.standing.${s}` as MessageKey) })),
          ]}
          style={{ minWidth: 140 }}
        />
        <Select
          aria-label={t('appt.year')}
          value={String(year)}
          onChange={(v) => set('year', v === String(thisYear) ? undefined : v)}
          options={[0, 1, 2, 3, 4].map((d) => ({
            value: String(thisYear - d),
            label: lang === 'zh-CN' ? `${thisYear - d}年` : String(thisYear - d),
          }))}
          style={{ minWidth: 100 }}
        />
        {manages && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('appt.add')}
          </Button>
        )}
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && <p className="muted">{t('appt.total', { n: list.data.total })}</p>}
      <Table<Appointment>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('appt.none') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            setParams(next);
          },
        }}
        columns={[
          {
            title: t('appt.person'),
            key: 'person',
            render: (_, a) => (
              <>
                <strong>{a.personName}</strong>
                <div className="muted">
                  {[a.personTitle, a.personOrganisation].filter(Boolean).join(' · ')}
                </div>
              </>
            ),
          },
          {
            title: t('appt.scheme'),
            key: 'scheme',
            render: (_, a) => (
              <>
                {a.honorific}
                <div className="muted">
                  {a.nominatingOrgName
                    ? t('appt.nominatedBy', { name: a.nominatingOrgName })
                    : a.batch}
                </div>
              </>
            ),
          },
          { title: t('appt.batch'), dataIndex: 'batch' },
          { title: t('appt.docNo'), dataIndex: 'docNo', render: (v: string | null) => v ?? '—' },
          {
            title: t('appt.term'),
            key: 'term',
            render: (_, a) =>
              `${formatCalendarDate(a.startDate, lang)} – ${formatCalendarDate(a.endDate, lang)}`,
          },
          {
            title: t('appt.status'),
            dataIndex: 'status',
            render: (s: Status) => <StatusTag status={s} />,
          },
          {
            title: t('appt.duty', { year }),
            key: 'duty',
            render: (_, a) =>
              a.status === 'WITHDRAWN' ? (
                '—'
              ) : (
                <>
                  <StandingTag standing={a.duty.standing} />
                  <div className="muted">
                    {t('appt.dutyLine', { led: a.duty.led, required: a.duty.required })}
                    {a.duty.standing === 'BEHIND' && a.duty.expectedByNow < a.duty.required
                      ? `；${t('appt.dutyExpected', { n: a.duty.expectedByNow })}`
                      : ''}
                  </div>
                </>
              ),
          },
          {
            title: t('appt.studio'),
            key: 'studio',
            render: (_, a) => a.studio?.name ?? '—',
          },
          {
            title: t('appt.actions'),
            key: 'actions',
            render: (_, a) => (
              <Space wrap>
                {a.canManage && (a.status === 'ACTIVE' || a.status === 'EXPIRED') && (
                  <Button size="small" onClick={() => setRenewing(a)}>
                    {t('appt.renew')}
                  </Button>
                )}
                {a.status === 'ACTIVE' && !a.studio && (
                  <Button size="small" onClick={() => setStudioFor(a)}>
                    {t('appt.setStudio')}
                  </Button>
                )}
                {a.canManage && a.status === 'ACTIVE' && (
                  <Button size="small" danger onClick={() => withdraw(a)}>
                    {t('appt.withdraw')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {adding && (
        <AddAppointment
          schemes={(schemes.data?.items ?? []).filter((s) => s.canManage && s.active)}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            message.success(t('appt.created'));
            void refresh();
          }}
        />
      )}
      {renewing && (
        <RenewAppointment
          a={renewing}
          onClose={() => setRenewing(null)}
          onDone={() => {
            setRenewing(null);
            message.success(t('appt.renewed'));
            void refresh();
          }}
        />
      )}
      {studioFor && (
        <SetUpStudio
          me={me}
          a={studioFor}
          onClose={() => setStudioFor(null)}
          onDone={() => {
            setStudioFor(null);
            message.success(t('appt.studioCreated'));
            void refresh();
          }}
        />
      )}
    </>
  );
}

function AddAppointment({
  schemes,
  onClose,
  onDone,
}: {
  schemes: Scheme[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = usePrefs();
  const [form] = Form.useForm();
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const save = useFormMutation(form, {
    mutationFn: (v: {
      schemeId: string;
      userId: string;
      batch: string;
      docNo?: string;
      startDate: string;
    }) =>
      call(
        api.POST('/api/appointments', {
          body: { ...v, docNo: v.docNo?.trim() || null },
        }),
      ),
    onSuccess: onDone,
  });
  return (
    <FormModal
      open
      title={t('appt.addTitle')}
      okText={t('appt.save')}
      submit={save}
      onCancel={onClose}
    >
      <p className="muted">{t('appt.addText')}</p>
      <Form
        form={form}
        layout="vertical"
        name="add-appointment"
        initialValues={{
          schemeId: schemes.length === 1 ? schemes[0]?.id : undefined,
          startDate: todayInChina(),
        }}
      >
        <Form.Item label={t('appt.scheme')} name="schemeId" rules={[req(t('appt.scheme'))]}>
          <Select options={schemes.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item label={t('appt.expert')} name="userId" rules={[req(t('appt.expert'))]}>
          <ExpertPicker />
        </Form.Item>
        <div className="form-grid">
          <Form.Item label={t('appt.batch')} name="batch" rules={[req(t('appt.batch'))]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item label={t('appt.docNo')} name="docNo">
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            label={t('appt.startDate')}
            name="startDate"
            rules={[req(t('appt.startDate'))]}
          >
            <Input type="date" />
          </Form.Item>
        </div>
      </Form>
    </FormModal>
  );
}

function RenewAppointment({
  a,
  onClose,
  onDone,
}: {
  a: Appointment;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = usePrefs();
  const [form] = Form.useForm();
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const save = useFormMutation(form, {
    mutationFn: (v: { batch: string; docNo?: string }) =>
      call(
        api.POST('/api/appointments/{id}/renew', {
          params: { path: { id: a.id } },
          body: { batch: v.batch, docNo: v.docNo?.trim() || null },
        }),
      ),
    onSuccess: onDone,
  });
  return (
    <FormModal
      open
      title={t('appt.renewTitle', { name: a.personName })}
      okText={t('appt.renew')}
      submit={save}
      onCancel={onClose}
    >
      <p className="muted">{t('appt.renewText')}</p>
      <Form form={form} layout="vertical" name="renew-appointment">
        <Form.Item label={t('appt.batch')} name="batch" rules={[req(t('appt.batch'))]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item label={t('appt.docNo')} name="docNo">
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

const ADMINS = ['ORG_ADMIN'] as const;

function SetUpStudio({
  me,
  a,
  onClose,
  onDone,
}: {
  me: Me;
  a: Appointment;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = usePrefs();
  const [form] = Form.useForm();
  const units = useUnitsWithRole(me, ADMINS);
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const save = useFormMutation(form, {
    mutationFn: (v: { parentId: string; name: string; description?: string }) =>
      call(
        api.POST('/api/appointments/{id}/studio', {
          params: { path: { id: a.id } },
          body: { parentId: v.parentId, name: v.name, description: v.description ?? '' },
        }),
      ),
    onSuccess: onDone,
  });
  return (
    <FormModal
      open
      title={t('appt.studioTitle', { name: a.personName })}
      okText={t('appt.setStudio')}
      submit={save}
      onCancel={onClose}
    >
      <p className="muted">{t('appt.studioText')}</p>
      <Form
        form={form}
        layout="vertical"
        name="studio"
        initialValues={{
          parentId: units.length === 1 ? units[0]?.value : undefined,
          name: `${a.personName}科学传播专家工作室`,
        }}
      >
        <Form.Item
          label={t('appt.studioParent')}
          name="parentId"
          rules={[req(t('appt.studioParent'))]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={units} />
        </Form.Item>
        <Form.Item label={t('appt.studioName')} name="name" rules={[req(t('appt.studioName'))]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('appt.studioDescription')} name="description">
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

// ---------------------------------------------------------------------------------------------
// Schemes

function SchemeList({ me }: { me: Me }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const schemes = useSchemes();
  const [editing, setEditing] = useState<Scheme | 'new' | null>(null);
  const admins = useUnitsWithRole(me, ADMINS);
  const rankText = (r: string | null) =>
    r
      ? t('schemes.rankAtLeast', { rank: t(`expert.rank.${r}` as MessageKey) })
      : t('schemes.anyRank');
  return (
    <>
      {admins.length > 0 && (
        <div className="filter-bar">
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('schemes.add')}
          </Button>
        </div>
      )}
      {schemes.isError && <Alert type="error" showIcon title={errorMessage(schemes.error)} />}
      <Table<Scheme>
        rowKey="id"
        loading={schemes.isPending}
        dataSource={schemes.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('schemes.none') }}
        columns={[
          {
            title: t('schemes.name'),
            key: 'name',
            render: (_, s) => (
              <>
                <strong>{s.name}</strong>{' '}
                {!s.active && (
                  <Tag className="state-tag state-tag-plain">{t('schemes.inactive')}</Tag>
                )}
                <div className="muted">{s.organisationName}</div>
              </>
            ),
          },
          { title: t('schemes.honorific'), dataIndex: 'honorific' },
          {
            title: t('schemes.termYears'),
            key: 'term',
            render: (_, s) => `${s.termYears}${s.renewable ? `（${t('schemes.renewable')}）` : ''}`,
          },
          { title: t('schemes.minLed'), dataIndex: 'minLedPerYear' },
          { title: t('schemes.minRank'), key: 'rank', render: (_, s) => rankText(s.minRank) },
          { title: t('schemes.minYears'), dataIndex: 'minYearsPopularising' },
          {
            title: t('appt.status'),
            key: 'count',
            render: (_, s) => t('schemes.activeCount', { n: s.activeCount }),
          },
          {
            title: t('appt.actions'),
            key: 'actions',
            render: (_, s) =>
              s.canManage && (
                <Button size="small" onClick={() => setEditing(s)}>
                  {t('schemes.edit')}
                </Button>
              ),
          },
        ]}
      />
      {editing && (
        <SchemeForm
          scheme={editing === 'new' ? null : editing}
          units={admins}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            message.success(t('schemes.saved'));
            void qc.invalidateQueries({ queryKey: ['appointment-schemes'] });
          }}
        />
      )}
    </>
  );
}

type SchemeValues = Omit<Scheme, 'id' | 'organisationName' | 'activeCount' | 'canManage'>;

function SchemeForm({
  scheme,
  units,
  onClose,
  onDone,
}: {
  scheme: Scheme | null;
  units: { value: string; label: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = usePrefs();
  const [form] = Form.useForm<SchemeValues>();
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const save = useFormMutation(form, {
    mutationFn: (v: SchemeValues) => {
      const body = { ...v, minRank: v.minRank ?? null, duties: v.duties ?? '' };
      return scheme
        ? call(
            api.PUT('/api/appointment-schemes/{id}', { params: { path: { id: scheme.id } }, body }),
          )
        : call(api.POST('/api/appointment-schemes', { body }));
    },
    onSuccess: onDone,
  });
  const unitOptions =
    scheme && !units.some((u) => u.value === scheme.organisationId)
      ? [{ value: scheme.organisationId, label: scheme.organisationName }, ...units]
      : units;
  return (
    <FormModal
      open
      title={t(scheme ? 'schemes.editTitle' : 'schemes.addTitle')}
      submit={save}
      onCancel={onClose}
    >
      <Form<SchemeValues>
        form={form}
        layout="vertical"
        name="scheme"
        initialValues={
          scheme ?? {
            termYears: 5,
            renewable: true,
            minLedPerYear: 2,
            minRank: 'SENIOR',
            minYearsPopularising: 3,
            active: true,
            organisationId: units.length === 1 ? units[0]?.value : undefined,
          }
        }
      >
        <Form.Item label={t('schemes.name')} name="name" rules={[req(t('schemes.name'))]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          label={t('schemes.honorific')}
          name="honorific"
          rules={[req(t('schemes.honorific'))]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          label={t('schemes.code')}
          name="code"
          rules={[req(t('schemes.code'))]}
          extra={t('schemes.codeHelp')}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          label={t('schemes.organisation')}
          name="organisationId"
          rules={[req(t('schemes.organisation'))]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item
            label={t('schemes.termYears')}
            name="termYears"
            rules={[req(t('schemes.termYears'))]}
          >
            <InputNumber min={1} max={10} />
          </Form.Item>
          <Form.Item
            label={t('schemes.minLed')}
            name="minLedPerYear"
            rules={[req(t('schemes.minLed'))]}
          >
            <InputNumber min={0} max={50} />
          </Form.Item>
          <Form.Item
            label={t('schemes.minYears')}
            name="minYearsPopularising"
            rules={[req(t('schemes.minYears'))]}
          >
            <InputNumber min={0} max={50} />
          </Form.Item>
          <Form.Item label={t('schemes.minRank')} name="minRank">
            <Select
              allowClear
              placeholder={t('schemes.anyRank')}
              options={RANKS.map((r) => ({
                value: r,
                label: t('schemes.rankAtLeast', { rank: t(`expert.rank.${r}` as MessageKey) }),
              }))}
            />
          </Form.Item>
        </div>
        <Form.Item label={t('schemes.duties')} name="duties">
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        <Space size="large">
          <Form.Item label={t('schemes.renewable')} name="renewable" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item label={t('schemes.active')} name="active" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </FormModal>
  );
}
