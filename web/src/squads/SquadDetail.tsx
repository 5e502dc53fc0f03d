import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ConfirmButton } from '../lib/confirm.tsx';
import { formatCalendarDate, formatTime, todayInChina } from '../lib/dates.ts';
import { applyServerError, errorMessage } from '../lib/forms.ts';
import {
  GRADES,
  type Grade,
  SQUADS_KEY,
  type Squad,
  type SquadActivity,
  type SquadMember,
  STATUS_TONE,
  stateTag,
} from './shared.ts';

const squadKey = (id: string) => [...SQUADS_KEY, 'one', id] as const;

/** Refreshes the squad and the lists after a change. */
function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: SQUADS_KEY });
}

function RejectDialog({ squad, onClose }: { squad: Squad; onClose: () => void }) {
  const { t } = usePrefs();
  const refresh = useRefresh();
  const [form] = Form.useForm<{ note: string }>();
  const [error, setError] = useState<string | null>(null);
  const reject = useMutation({
    mutationFn: (v: { note: string }) =>
      call(
        api.POST('/api/squads/{id}/decision', {
          params: { path: { id: squad.id } },
          body: { approve: false, note: v.note.trim() },
        }),
      ),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      open
      title={t('squad.rejectTitle', { name: squad.name })}
      okText={t('squad.reject')}
      okButtonProps={{ danger: true, loading: reject.isPending }}
      cancelText={t('form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form form={form} name="squad-reject" layout="vertical" onFinish={reject.mutate}>
        <Form.Item
          label={t('squad.rejectReason')}
          name="note"
          extra={t('squad.rejectHelp')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('form.required', { field: t('squad.rejectReason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The actions the person may take on the squad now: decide, apply again, dissolve. */
function SquadActions({ squad }: { squad: Squad }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async (what: 'approve' | 'resubmit' | 'dissolve') => {
      const path = { id: squad.id };
      if (what === 'approve')
        return call(
          api.POST('/api/squads/{id}/decision', { params: { path }, body: { approve: true } }),
        );
      if (what === 'resubmit')
        return call(api.POST('/api/squads/{id}/resubmit', { params: { path } }));
      return call(api.POST('/api/squads/{id}/dissolve', { params: { path } }));
    },
    onSuccess: async (_, what) => {
      message.success(
        t(
          what === 'approve'
            ? 'squad.approved'
            : what === 'resubmit'
              ? 'squad.resubmitted'
              : 'squad.dissolved',
        ),
      );
      setError(null);
      await refresh();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const buttons: ReactNode[] = [];
  if (squad.canDecide)
    buttons.push(
      <ConfirmButton
        key="approve"
        type="primary"
        loading={act.isPending}
        step={{
          title: t('squad.approveStep', { name: squad.name }),
          body: t('squad.approveBody'),
          action: t('squad.approve'),
        }}
        onConfirm={() => act.mutate('approve')}
      >
        {t('squad.approve')}
      </ConfirmButton>,
      <Button key="reject" danger onClick={() => setRejecting(true)}>
        {t('squad.reject')}
      </Button>,
    );
  if (squad.canManage && squad.status === 'REJECTED')
    buttons.push(
      <Button key="resubmit" type="primary" onClick={() => act.mutate('resubmit')}>
        {t('squad.resubmit')}
      </Button>,
    );
  if (squad.canManage && squad.status === 'APPROVED')
    buttons.push(
      <ConfirmButton
        key="dissolve"
        danger
        step={{
          title: t('squad.dissolveStep', { name: squad.name }),
          body: t('squad.dissolveBody'),
          action: t('squad.dissolve'),
          danger: true,
        }}
        onConfirm={() => act.mutate('dissolve')}
      >
        {t('squad.dissolve')}
      </ConfirmButton>,
    );
  if (buttons.length === 0) return null;
  return (
    <>
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <div className="toolbar">
        <Space wrap>{buttons}</Space>
      </div>
      {rejecting && <RejectDialog squad={squad} onClose={() => setRejecting(false)} />}
    </>
  );
}

interface MemberValues {
  name: string;
  grade: Grade;
  guardianName: string;
  guardianContact: string;
  guardianConsent: boolean;
}

function AddMemberDialog({ squad, onClose }: { squad: Squad; onClose: () => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<MemberValues>();
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (v: MemberValues) =>
      call(
        api.POST('/api/squads/{id}/members', {
          params: { path: { id: squad.id } },
          body: {
            name: v.name.trim(),
            grade: v.grade,
            guardianName: v.guardianName.trim(),
            guardianContact: v.guardianContact.trim(),
            guardianConsent: v.guardianConsent as true,
          },
        }),
      ),
    onSuccess: async (m) => {
      message.success(t('squad.memberAdded', { name: m.name }));
      await refresh();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const req = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('form.required', { field }),
  });
  return (
    <Modal
      open
      title={t('squad.addMember')}
      okText={t('squad.addMember')}
      okButtonProps={{ loading: add.isPending }}
      cancelText={t('form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form form={form} name="squad-member" layout="vertical" onFinish={add.mutate}>
        <Form.Item label={t('squad.memberName')} name="name" rules={[req(t('squad.memberName'))]}>
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('squad.grade')}
          name="grade"
          rules={[{ required: true, message: t('form.required', { field: t('squad.grade') }) }]}
        >
          <Select
            options={GRADES.map((g) => ({ value: g, label: t(`squad.grade.${g}`) }))}
            style={{ maxWidth: 200 }}
          />
        </Form.Item>
        <Form.Item
          label={t('squad.guardianName')}
          name="guardianName"
          rules={[req(t('squad.guardianName'))]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('squad.guardianContact')}
          name="guardianContact"
          extra={t('squad.guardianContactHelp')}
          rules={[req(t('squad.guardianContact'))]}
        >
          <Input inputMode="tel" maxLength={20} autoComplete="off" style={{ maxWidth: 240 }} />
        </Form.Item>
        <Form.Item
          name="guardianConsent"
          valuePropName="checked"
          extra={t('squad.guardianConsentHelp')}
          rules={[
            {
              validator: (_, v) =>
                v ? Promise.resolve() : Promise.reject(new Error(t('squad.guardianConsentHelp'))),
            },
          ]}
        >
          <Checkbox>{t('squad.guardianConsent')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MembersTab({ squad }: { squad: Squad }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const members = useQuery({
    queryKey: [...squadKey(squad.id), 'members'],
    queryFn: () =>
      call(api.GET('/api/squads/{id}/members', { params: { path: { id: squad.id } } })),
    enabled: squad.canSeeMembers,
  });
  const change = useMutation({
    mutationFn: async ({ m, what }: { m: SquadMember; what: 'leave' | 'erase' }) => {
      if (what === 'leave')
        await call(api.POST('/api/squad-members/{id}/leave', { params: { path: { id: m.id } } }));
      else await call(api.DELETE('/api/squad-members/{id}', { params: { path: { id: m.id } } }));
    },
    onSuccess: async (_, { what }) => {
      if (what === 'erase') message.success(t('squad.erased'));
      setError(null);
      await refresh();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  if (!squad.canSeeMembers) return <p>{t('squad.membersHidden', { n: squad.members })}</p>;
  const active = squad.status === 'APPROVED' || squad.status === 'PENDING';
  return (
    <>
      {active && (
        <div className="toolbar">
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('squad.addMember')}
          </Button>
        </div>
      )}
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      {members.isError && <Alert type="error" showIcon title={errorMessage(members.error)} />}
      <Table<SquadMember>
        rowKey="id"
        loading={members.isPending}
        dataSource={members.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('squad.noMembers') }}
        pagination={false}
        columns={[
          { title: t('squad.memberName'), dataIndex: 'name' },
          {
            title: t('squad.grade'),
            dataIndex: 'grade',
            render: (g: Grade) => t(`squad.grade.${g}`),
          },
          { title: t('squad.guardianName'), dataIndex: 'guardianName' },
          {
            title: t('squad.guardianContact'),
            dataIndex: 'guardianContact',
            render: (v: string | null) => v ?? '',
          },
          {
            title: t('squad.consentAt'),
            dataIndex: 'guardianConsentAt',
            render: (v: string) => formatTime(v, lang),
          },
          {
            title: t('squad.joinedOn'),
            dataIndex: 'joinedOn',
            render: (v: string) => formatCalendarDate(v, lang),
          },
          {
            title: t('squad.leftOn'),
            dataIndex: 'leftOn',
            render: (v: string | null) => (v ? formatCalendarDate(v, lang) : t('squad.current')),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, m) => (
              <Space wrap>
                {!m.leftOn && (
                  <ConfirmButton
                    size="small"
                    step={{
                      title: t('squad.leaveStep', { name: m.name }),
                      body: t('squad.leaveBody'),
                      action: t('squad.leave'),
                      danger: true,
                    }}
                    onConfirm={() => change.mutate({ m, what: 'leave' })}
                  >
                    {t('squad.leave')}
                  </ConfirmButton>
                )}
                <ConfirmButton
                  size="small"
                  danger
                  step={{
                    title: t('squad.eraseStep', { name: m.name }),
                    body: t('squad.eraseBody'),
                    action: t('squad.erase'),
                    danger: true,
                  }}
                  onConfirm={() => change.mutate({ m, what: 'erase' })}
                >
                  {t('squad.erase')}
                </ConfirmButton>
              </Space>
            ),
          },
        ]}
      />
      {adding && <AddMemberDialog squad={squad} onClose={() => setAdding(false)} />}
    </>
  );
}

interface ActivityValues {
  kind: 'kepu' | 'elsewhere';
  activityId?: string;
  title?: string;
  heldOn: dayjs.Dayjs;
  participants: number;
  note?: string;
}

/** A published activity on the platform, found by name. */
function ActivityPicker({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
}) {
  const { t } = usePrefs();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['squad-activity-pick', q],
    queryFn: () =>
      call(
        api.GET('/api/public/activities', {
          params: { query: { ...(q ? { q } : {}), pageSize: 20 } },
        }),
      ),
  });
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={list.isPending}
      placeholder={t('squad.searchActivity')}
      options={(list.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
      style={{ maxWidth: 420 }}
    />
  );
}

function AddActivityDialog({ squad, onClose }: { squad: Squad; onClose: () => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<ActivityValues>();
  const kind = Form.useWatch('kind', form) ?? 'kepu';
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (v: ActivityValues) =>
      call(
        api.POST('/api/squads/{id}/activities', {
          params: { path: { id: squad.id } },
          body: {
            activityId: v.kind === 'kepu' ? (v.activityId ?? null) : null,
            title: v.kind === 'elsewhere' ? (v.title?.trim() ?? '') : '',
            heldOn: v.heldOn.format('YYYY-MM-DD'),
            participants: v.participants,
            note: v.note?.trim() ?? '',
          },
        }),
      ),
    onSuccess: async () => {
      message.success(t('squad.activityAdded'));
      await refresh();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const today = dayjs(todayInChina());
  return (
    <Modal
      open
      title={t('squad.addActivity')}
      okText={t('squad.addActivity')}
      okButtonProps={{ loading: add.isPending }}
      cancelText={t('form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form<ActivityValues>
        form={form}
        name="squad-activity"
        layout="vertical"
        initialValues={{ kind: 'kepu', heldOn: today }}
        onFinish={add.mutate}
      >
        <Form.Item label={t('squad.activityKind')} name="kind">
          <Radio.Group
            options={[
              { value: 'kepu', label: t('squad.fromKepu') },
              { value: 'elsewhere', label: t('squad.elsewhere') },
            ]}
          />
        </Form.Item>
        {kind === 'kepu' ? (
          <Form.Item
            label={t('squad.pickActivity')}
            name="activityId"
            rules={[
              { required: true, message: t('form.required', { field: t('squad.pickActivity') }) },
            ]}
          >
            <ActivityPicker />
          </Form.Item>
        ) : (
          <Form.Item
            label={t('squad.activityTitle')}
            name="title"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('form.required', { field: t('squad.activityTitle') }),
              },
            ]}
          >
            <Input maxLength={120} />
          </Form.Item>
        )}
        <Form.Item
          label={t('squad.heldOn')}
          name="heldOn"
          rules={[{ required: true, message: t('form.required', { field: t('squad.heldOn') }) }]}
        >
          <DatePicker disabledDate={(d) => d.isAfter(today, 'day')} />
        </Form.Item>
        <Form.Item
          label={t('squad.participants')}
          name="participants"
          rules={[
            { required: true, message: t('form.required', { field: t('squad.participants') }) },
          ]}
        >
          <InputNumber min={1} max={500} precision={0} />
        </Form.Item>
        <Form.Item label={t('squad.note')} name="note">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActivitiesTab({ squad }: { squad: Squad }) {
  const { t, lang } = usePrefs();
  const refresh = useRefresh();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: [...squadKey(squad.id), 'activities'],
    queryFn: () =>
      call(api.GET('/api/squads/{id}/activities', { params: { path: { id: squad.id } } })),
  });
  const remove = useMutation({
    mutationFn: (a: SquadActivity) =>
      call(api.DELETE('/api/squad-activities/{id}', { params: { path: { id: a.id } } })),
    onSuccess: async () => {
      setError(null);
      await refresh();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <>
      {squad.canManage && squad.status === 'APPROVED' && (
        <div className="toolbar">
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('squad.addActivity')}
          </Button>
        </div>
      )}
      {squad.canManage && squad.status === 'PENDING' && <p>{t('squad.notYetApproved')}</p>}
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Table<SquadActivity>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('squad.noActivities') }}
        pagination={false}
        columns={[
          {
            title: t('squad.activityTitle'),
            dataIndex: 'title',
            render: (v: string, a) =>
              a.activityId ? <Link to={`/activities/${a.activityId}`}>{v}</Link> : v,
          },
          {
            title: t('squad.heldOn'),
            dataIndex: 'heldOn',
            render: (v: string) => formatCalendarDate(v, lang),
          },
          { title: t('squad.participants'), dataIndex: 'participants', align: 'right' },
          { title: t('squad.note'), dataIndex: 'note' },
          ...(squad.canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, a: SquadActivity) => (
                    <ConfirmButton
                      size="small"
                      step={{
                        title: t('squad.removeActivityStep', { title: a.title }),
                        body: t('squad.removeActivityBody'),
                        action: t('squad.removeActivity'),
                        danger: true,
                      }}
                      onConfirm={() => remove.mutate(a)}
                    >
                      {t('squad.removeActivity')}
                    </ConfirmButton>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && <AddActivityDialog squad={squad} onClose={() => setAdding(false)} />}
    </>
  );
}

function YearTab({ squad }: { squad: Squad }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const thisYear = Number(todayInChina().slice(0, 4));
  const first = Number(squad.createdAt.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [draft, setDraft] = useState<string | null>(null);
  const key = [...squadKey(squad.id), 'year', year];
  const record = useQuery({
    queryKey: key,
    queryFn: () =>
      call(
        api.GET('/api/squads/{id}/years/{year}', {
          params: { path: { id: squad.id, year } },
        }),
      ),
  });
  const save = useMutation({
    mutationFn: (summary: string) =>
      call(
        api.PUT('/api/squads/{id}/years/{year}', {
          params: { path: { id: squad.id, year } },
          body: { summary },
        }),
      ),
    onSuccess: async () => {
      message.success(t('squad.saved'));
      setDraft(null);
      await qc.invalidateQueries({ queryKey: key });
    },
  });
  const years = Array.from({ length: Math.max(1, thisYear - first + 1) }, (_, i) => thisYear - i);
  const r = record.data;
  return (
    <>
      <Form layout="inline" className="filters" name="squad-year">
        <Form.Item label={t('squad.year')} htmlFor="squad-year-pick">
          <Select
            id="squad-year-pick"
            value={year}
            onChange={(y) => {
              setYear(y);
              setDraft(null);
            }}
            options={years.map((y) => ({ value: y, label: lang === 'zh-CN' ? `${y} 年` : y }))}
            style={{ width: 120 }}
          />
        </Form.Item>
      </Form>
      {record.isError && <Alert type="error" showIcon title={errorMessage(record.error)} />}
      {r && (
        <>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, md: 3 }}
            items={[
              { key: 'end', label: t('squad.membersAtEnd'), children: r.membersAtEnd },
              { key: 'joined', label: t('squad.joined'), children: r.joined },
              { key: 'left', label: t('squad.left'), children: r.left },
              { key: 'acts', label: t('squad.activities'), children: r.activities },
              { key: 'times', label: t('squad.participantTimes'), children: r.participantTimes },
              {
                key: 'grades',
                label: t('squad.byGrade'),
                children: r.byGrade
                  .map(
                    (g) => `${t(`squad.grade.${g.grade}`)} ${t('squad.people', { n: g.members })}`,
                  )
                  .join('，'),
              },
            ]}
          />
          <h2 className="section-title">{t('squad.summary')}</h2>
          {squad.canManage ? (
            <Form layout="vertical" name="squad-summary">
              <Form.Item
                label={t('squad.summary')}
                htmlFor="squad-summary-text"
                extra={t('squad.summaryHelp')}
              >
                <Input.TextArea
                  id="squad-summary-text"
                  rows={5}
                  maxLength={5000}
                  value={draft ?? r.summary}
                  onChange={(e) => setDraft(e.target.value)}
                />
              </Form.Item>
              <Button
                type="primary"
                loading={save.isPending}
                disabled={draft === null}
                onClick={() => save.mutate((draft ?? '').trim())}
              >
                {t('squad.saveSummary')}
              </Button>
            </Form>
          ) : (
            <p className="prewrap">{r.summary || '—'}</p>
          )}
        </>
      )}
    </>
  );
}

/** One squad: its facts, the actions open to the person, members, activities and yearly record. */
export function SquadDetailPage() {
  const { t, lang } = usePrefs();
  const { id = '' } = useParams();
  const squad = useQuery({
    queryKey: squadKey(id),
    queryFn: () => call(api.GET('/api/squads/{id}', { params: { path: { id } } })),
  });
  usePageTitle(squad.data?.name ?? t('squad.title'));
  const s = squad.data;
  return (
    <section className="panel" aria-labelledby="squad-h">
      <p>
        <Link to="/admin/squads">{t('squad.back')}</Link>
      </p>
      {squad.isError && <Alert type="error" showIcon title={errorMessage(squad.error)} />}
      {s && (
        <>
          <h1 id="squad-h">{s.name}</h1>
          <p>
            <Tag className={stateTag(STATUS_TONE[s.status])}>{t(`squad.status.${s.status}`)}</Tag>
          </p>
          <SquadActions squad={s} />
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              { key: 'school', label: t('squad.school'), children: s.organisationName },
              { key: 'province', label: t('squad.province'), children: s.provinceName ?? '—' },
              { key: 'counsellor', label: t('squad.counsellor'), children: s.counsellorName },
              { key: 'phone', label: t('squad.counsellorPhone'), children: s.counsellorPhone },
              { key: 'approver', label: t('squad.approver'), children: s.approverName },
              {
                key: 'created',
                label: t('squad.createdAt'),
                children: formatTime(s.createdAt, lang),
              },
              ...(s.decidedAt
                ? [
                    {
                      key: 'decided',
                      label: t('squad.decidedAt'),
                      children: formatTime(s.decidedAt, lang),
                    },
                  ]
                : []),
              ...(s.decisionNote
                ? [{ key: 'note', label: t('squad.decisionNote'), children: s.decisionNote }]
                : []),
              ...(s.description
                ? [{ key: 'about', label: t('squad.description'), children: s.description }]
                : []),
            ]}
          />
          <Tabs
            className="squad-tabs"
            items={[
              { key: 'members', label: t('squad.tab.members'), children: <MembersTab squad={s} /> },
              {
                key: 'activities',
                label: t('squad.tab.activities'),
                children: <ActivitiesTab squad={s} />,
              },
              { key: 'year', label: t('squad.tab.year'), children: <YearTab squad={s} /> },
            ]}
          />
        </>
      )}
    </section>
  );
}
