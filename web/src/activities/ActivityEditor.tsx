import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Me, Media } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { todayInChina } from '../lib/dates.ts';
import { CoordinatesInput, DivisionCascader, OrganisationPicker } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { RichTextEditor } from '../lib/LazyRichTextEditor.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { useRefOptions } from '../lib/reference.ts';
import { MediaPicker } from '../media/MediaPicker.tsx';
import {
  type Activity,
  buildRrule,
  chinaInstant,
  chinaWhen,
  EDITORS,
  expandDates,
  type Recurrence,
  useCampaigns,
  WEEKDAYS,
} from './shared.ts';

type Mode = 'ONE' | 'LIST' | 'RECUR';
interface SessionDraft {
  date: string;
  start: string;
  end: string;
}
interface Values {
  organisationId: string;
  title: string;
  typeCode: string;
  coOrganiserIds: (string | undefined)[];
  audiences: string[];
  sectors: string[];
  topics: string[];
  campaignId: string | null;
  summary: string;
  body: string;
  cover: Media[];
  placeKind: 'OFFLINE' | 'ONLINE';
  divisionCode?: string;
  address?: string;
  coordinates?: { lng?: number; lat?: number };
  onlineUrl?: string;
  mode: Mode;
  sessions: SessionDraft[];
  recurrence: Recurrence & { first: string; start: string; end: string };
  exdates: (string | undefined)[];
  capacity: number | null;
  opensDays: number | null;
  closesHours: number | null;
  approvalRequired: boolean;
  perPersonLimit: number;
  holdHours: number;
  cancelCutoffHours: number;
}

/** The fields an activity shares between creating and editing. */
function fieldsOf(v: Values) {
  const online = v.placeKind === 'ONLINE';
  return {
    title: v.title,
    typeCode: v.typeCode,
    coOrganiserIds: v.coOrganiserIds.filter((x): x is string => !!x),
    audiences: v.audiences ?? [],
    sectors: v.sectors ?? [],
    topics: v.topics ?? [],
    campaignId: v.campaignId ?? null,
    summary: v.summary ?? '',
    body: v.body ?? '',
    coverMediaId: v.cover?.[0]?.id ?? null,
    divisionCode: online ? null : (v.divisionCode ?? null),
    address: online ? '' : (v.address ?? ''),
    lat: online ? null : (v.coordinates?.lat ?? null),
    lng: online ? null : (v.coordinates?.lng ?? null),
    onlineUrl: online ? v.onlineUrl || null : null,
  };
}

/** The sessions as the server takes them: each time a Beijing wall-clock time. */
function sessionsOf(v: Values) {
  const settings = (startsAt: string) => ({
    capacity: v.capacity ?? null,
    registrationOpensAt: v.opensDays
      ? new Date(Date.parse(startsAt) - v.opensDays * 86_400_000).toISOString()
      : null,
    registrationClosesAt:
      v.closesHours !== null && v.closesHours !== undefined
        ? new Date(Date.parse(startsAt) - v.closesHours * 3_600_000).toISOString()
        : null,
    approvalRequired: !!v.approvalRequired,
    perPersonLimit: v.perPersonLimit ?? 1,
    holdHours: v.holdHours ?? 24,
    cancelCutoffHours: v.cancelCutoffHours ?? 0,
  });
  if (v.mode === 'RECUR') {
    const r = v.recurrence;
    const startsAt = chinaInstant(r.first, r.start);
    return {
      sessions: [{ startsAt, endsAt: chinaInstant(r.first, r.end), ...settings(startsAt) }],
      recurrence: {
        rrule: buildRrule(r),
        exdates: v.exdates.filter((d): d is string => !!d).map((d) => chinaInstant(d, r.start)),
      },
    };
  }
  const list = v.mode === 'ONE' ? v.sessions.slice(0, 1) : v.sessions;
  return {
    sessions: list.map((s) => {
      const startsAt = chinaInstant(s.date, s.start);
      return { startsAt, endsAt: chinaInstant(s.date, s.end), ...settings(startsAt) };
    }),
  };
}

function SessionRows({ mode }: { mode: Mode }) {
  const { t } = usePrefs();
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  return (
    <Form.List name="sessions">
      {(rows, { add, remove }) => (
        <>
          {rows.map((row, i) => (
            <fieldset key={row.key} className="session-row">
              <legend>{t('act.sessionN', { n: String(i + 1) })}</legend>
              <div className="form-grid">
                <Form.Item
                  label={t('act.date')}
                  name={[row.name, 'date']}
                  rules={[req(t('act.date'))]}
                >
                  <Input type="date" />
                </Form.Item>
                <Form.Item
                  label={t('act.startTime')}
                  name={[row.name, 'start']}
                  rules={[req(t('act.startTime'))]}
                >
                  <Input type="time" />
                </Form.Item>
                <Form.Item
                  label={t('act.endTime')}
                  name={[row.name, 'end']}
                  rules={[req(t('act.endTime'))]}
                >
                  <Input type="time" />
                </Form.Item>
              </div>
              {mode === 'LIST' && rows.length > 1 && (
                <Button onClick={() => remove(row.name)}>{t('act.remove')}</Button>
              )}
            </fieldset>
          ))}
          {mode === 'LIST' && (
            <Button onClick={() => add({ date: todayInChina(), start: '09:30', end: '11:30' })}>
              {t('act.addSession')}
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}

function RecurrenceFields() {
  const { t } = usePrefs();
  const form = Form.useFormInstance<Values>();
  const r = Form.useWatch('recurrence', form);
  const exdates = Form.useWatch('exdates', form) ?? [];
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const dates =
    r?.first && (r.count || r.until)
      ? expandDates(
          r.first,
          r,
          exdates.filter((d): d is string => !!d),
        )
      : [];
  return (
    <>
      <div className="form-grid">
        <Form.Item label={t('act.freq')} name={['recurrence', 'freq']}>
          <Radio.Group
            options={(['WEEKLY', 'MONTHLY'] as const).map((f) => ({
              value: f,
              label: t(`act.freq.${f}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('act.firstDate')}
          name={['recurrence', 'first']}
          rules={[req(t('act.firstDate'))]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item label={t('act.startTime')} name={['recurrence', 'start']}>
          <Input type="time" />
        </Form.Item>
        <Form.Item label={t('act.endTime')} name={['recurrence', 'end']}>
          <Input type="time" />
        </Form.Item>
      </div>
      {r?.freq === 'MONTHLY' ? (
        <Form.Item label={t('act.monthDay')} name={['recurrence', 'monthDay']}>
          <InputNumber min={1} max={28} />
        </Form.Item>
      ) : (
        <Form.Item label={t('act.weekdays')} name={['recurrence', 'weekdays']}>
          <Checkbox.Group
            options={WEEKDAYS.map((d) => ({ value: d, label: t(`act.wd.${d}` as MessageKey) }))}
          />
        </Form.Item>
      )}
      <div className="form-grid">
        <Form.Item label={t('act.count')} name={['recurrence', 'count']} extra={t('act.untilHelp')}>
          <InputNumber min={1} max={200} />
        </Form.Item>
        <Form.Item label={t('act.until')} name={['recurrence', 'until']}>
          <Input type="date" />
        </Form.Item>
      </div>
      <Form.List name="exdates">
        {(rows, { add, remove }) => (
          <fieldset className="session-row">
            <legend>{t('act.exdates')}</legend>
            {rows.map((row, i) => (
              <Space key={row.key} align="baseline">
                <Form.Item
                  label={`${t('act.date')} ${i + 1}`}
                  name={row.name}
                  rules={[req(t('act.date'))]}
                >
                  <Input type="date" />
                </Form.Item>
                <Button onClick={() => remove(row.name)}>{t('act.remove')}</Button>
              </Space>
            ))}
            <Button onClick={() => add(undefined)}>{t('act.addExdate')}</Button>
          </fieldset>
        )}
      </Form.List>
      {dates.length > 0 && (
        <p role="status" className="recurrence-preview">
          {t('act.preview', { n: String(dates.length), list: dates.slice(0, 12).join('、') })}
          {dates.length > 12 ? '…' : ''}
        </p>
      )}
    </>
  );
}

/** New activity (with its sessions) or an existing one (its fields; sessions read-only). */
export function ActivityEditorPage({ me }: { me: Me }) {
  const { id } = useParams();
  const existing = useQuery({
    queryKey: ['activity', id],
    queryFn: () => call(api.GET('/api/activities/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  const cover = useQuery({
    queryKey: ['media', existing.data?.coverMediaId],
    queryFn: () =>
      call(api.GET('/api/media/{id}', { params: { path: { id: existing.data!.coverMediaId! } } })),
    enabled: !!existing.data?.coverMediaId,
  });
  if (id && (existing.isPending || (existing.data?.coverMediaId && cover.isPending)))
    return <div role="status" aria-busy className="page-loading" />;
  if (id && existing.isError)
    return <Alert type="error" showIcon title={errorMessage(existing.error)} />;
  return (
    <Editor
      me={me}
      activity={existing.data ?? null}
      cover={cover.data ? [cover.data as Media] : []}
    />
  );
}

function Editor({ me, activity, cover }: { me: Me; activity: Activity | null; cover: Media[] }) {
  const { t } = usePrefs();
  usePageTitle(activity ? activity.title : t('act.new'));
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const [form] = Form.useForm<Values>();
  const units = useUnitsWithRole(me, EDITORS);
  const types = useRefOptions('ACTIVITY_TYPE');
  const audiences = useRefOptions('AUDIENCE');
  const sectors = useRefOptions('SECTOR');
  const topics = useRefOptions('TOPIC');
  const campaigns = useCampaigns().data?.items ?? [];
  const mode = Form.useWatch('mode', form) ?? 'ONE';
  const placeKind = Form.useWatch('placeKind', form) ?? 'OFFLINE';
  const orgId = Form.useWatch('organisationId', form) ?? activity?.organisationId;
  const reasonRef = useRef('');
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const editable = !activity || activity.status === 'DRAFT' || activity.status === 'PENDING_REVIEW';

  const save = useFormMutation(form, {
    mutationFn: (v: Values) =>
      activity
        ? call(
            api.PATCH('/api/activities/{id}', {
              params: { path: { id: activity.id } },
              body: fieldsOf(v),
            }),
          )
        : call(
            api.POST('/api/activities', {
              body: { organisationId: v.organisationId, ...fieldsOf(v), ...sessionsOf(v) },
            }),
          ),
    onSuccess: async (a) => {
      message.success(t(activity ? 'act.saved' : 'act.created'));
      await qc.invalidateQueries({ queryKey: ['activities'] });
      qc.setQueryData(['activity', a.id], a);
      if (!activity) navigate(`/admin/activities/${a.id}`);
    },
  });

  async function act(kind: 'publish' | 'cancel') {
    if (!activity) return;
    reasonRef.current = '';
    const yes = await confirm(
      kind === 'publish'
        ? {
            title: t('act.publishTitle', { title: activity.title }),
            body: t('act.publishBody'),
            action: t('act.publish'),
          }
        : {
            title: t('act.cancelTitle', { title: activity.title }),
            body: (
              <>
                <p>{t('act.cancelBody')}</p>
                <label htmlFor="cancel-reason">{t('act.cancelReason')}</label>
                <Input.TextArea
                  id="cancel-reason"
                  maxLength={500}
                  onChange={(e) => {
                    reasonRef.current = e.target.value;
                  }}
                  autoSize={{ minRows: 2 }}
                />
              </>
            ),
            action: t('act.cancel'),
            danger: true,
          },
    );
    if (!yes) return;
    try {
      const a =
        kind === 'publish'
          ? await call(
              api.POST('/api/activities/{id}/publish', { params: { path: { id: activity.id } } }),
            )
          : await call(
              api.POST('/api/activities/{id}/cancel', {
                params: { path: { id: activity.id } },
                body: { reason: reasonRef.current.trim() || t('act.cancelled') },
              }),
            );
      qc.setQueryData(['activity', a.id], a);
      await qc.invalidateQueries({ queryKey: ['activities'] });
      message.success(
        t(
          kind === 'cancel'
            ? 'act.cancelled'
            : a.status === 'PENDING_REVIEW'
              ? 'act.submitted'
              : 'act.published',
        ),
      );
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function cancelSession(s: Activity['sessions'][number]) {
    if (!activity) return;
    const yes = await confirm({
      title: t('act.cancelSessionTitle', { when: chinaWhen(s.startsAt) }),
      body: t('act.cancelSessionBody'),
      action: t('act.cancelSession'),
      danger: true,
    });
    if (!yes) return;
    try {
      await call(
        api.POST('/api/activities/{id}/sessions/{sessionId}/cancel', {
          params: { path: { id: activity.id, sessionId: s.id } },
          body: { reason: t('act.sessionCancelled') },
        }),
      );
      await qc.invalidateQueries({ queryKey: ['activity', activity.id] });
      message.success(t('act.sessionCancelled'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const today = todayInChina();
  const initial: Partial<Values> = activity
    ? {
        organisationId: activity.organisationId,
        title: activity.title,
        typeCode: activity.typeCode,
        coOrganiserIds: activity.coOrganiserIds,
        audiences: activity.audiences,
        sectors: activity.sectors,
        topics: activity.topics,
        campaignId: activity.campaignId,
        summary: activity.summary,
        body: activity.body,
        cover,
        placeKind: activity.onlineUrl && !activity.address ? 'ONLINE' : 'OFFLINE',
        ...(activity.divisionCode ? { divisionCode: activity.divisionCode } : {}),
        address: activity.address,
        ...(activity.lat !== null && activity.lng !== null
          ? { coordinates: { lat: activity.lat, lng: activity.lng } }
          : {}),
        onlineUrl: activity.onlineUrl ?? '',
      }
    : {
        organisationId: units.length === 1 ? units[0]?.value : undefined,
        coOrganiserIds: [],
        audiences: [],
        sectors: [],
        topics: [],
        campaignId: null,
        summary: '',
        body: '',
        cover: [],
        placeKind: 'OFFLINE',
        mode: 'ONE',
        sessions: [{ date: today, start: '09:30', end: '11:30' }],
        recurrence: { freq: 'WEEKLY', first: today, start: '09:30', end: '11:30', count: 4 },
        exdates: [],
        capacity: null,
        opensDays: null,
        closesHours: null,
        approvalRequired: false,
        perPersonLimit: 1,
        holdHours: 24,
        cancelCutoffHours: 0,
      };

  return (
    <>
      <h1>{activity ? activity.title : t('act.new')}</h1>
      {activity && (
        <div className="toolbar">
          <Tag className={`activity-status activity-status-${activity.status}`}>
            {t(`act.status.${activity.status}` as MessageKey)}
          </Tag>
          <Link to={`/admin/activities/${activity.id}/registrations`}>
            {t('act.registrations')}
          </Link>
          {activity.status === 'DRAFT' && (
            <Button type="primary" onClick={() => act('publish')}>
              {t('act.publish')}
            </Button>
          )}
          {activity.status !== 'CANCELLED' && (
            <Button danger onClick={() => act('cancel')}>
              {t('act.cancel')}
            </Button>
          )}
        </div>
      )}
      {activity?.status === 'PENDING_REVIEW' && (
        <Alert type="info" showIcon title={t('act.pendingNote')} />
      )}
      {activity?.status === 'DRAFT' && activity.reviewNote && (
        <Alert type="warning" showIcon title={t('act.reviewNote', { note: activity.reviewNote })} />
      )}
      <FormAlert text={save.alert} />
      <Form<Values>
        form={form}
        name="activity"
        layout="vertical"
        requiredMark={false}
        disabled={!editable}
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label={t('act.host')} name="organisationId" rules={[req(t('act.host'))]}>
          <Select
            showSearch={{ optionFilterProp: 'name' }}
            options={
              activity
                ? [{ value: activity.organisationId, label: activity.host, name: activity.host }]
                : units
            }
            disabled={!!activity}
          />
        </Form.Item>
        <Form.Item label={t('act.titleField')} name="title" rules={[req(t('act.titleField'))]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item label={t('act.type')} name="typeCode" rules={[req(t('act.type'))]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={types.options}
            loading={types.loading}
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
        <Form.List name="coOrganiserIds">
          {(rows, { add, remove }) => (
            <fieldset className="session-row">
              <legend>{t('act.coOrganisers')}</legend>
              {rows.map((row, i) => (
                <Space key={row.key} align="baseline" wrap>
                  <Form.Item label={`${t('act.coOrganisers')} ${i + 1}`} name={row.name}>
                    <OrganisationPicker />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('act.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add(undefined)}>{t('act.addCoOrganiser')}</Button>
            </fieldset>
          )}
        </Form.List>
        <div className="form-grid">
          <Form.Item label={t('act.audiences')} name="audiences">
            <Select mode="multiple" options={audiences.options} style={{ minWidth: 220 }} />
          </Form.Item>
          <Form.Item label={t('act.sectors')} name="sectors">
            <Select mode="multiple" options={sectors.options} style={{ minWidth: 220 }} />
          </Form.Item>
          <Form.Item label={t('act.topics')} name="topics">
            <Select mode="multiple" options={topics.options} style={{ minWidth: 220 }} />
          </Form.Item>
        </div>
        <Form.Item label={t('act.campaign')} name="campaignId" extra={t('act.campaignHelp')}>
          <Select
            allowClear
            placeholder={t('act.noCampaign')}
            style={{ maxWidth: 420 }}
            options={campaigns.map((c) => ({
              value: c.id,
              label: `${c.year} ${c.themeDayName}${c.theme ? `：${c.theme}` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('act.summary')} name="summary">
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item label={t('act.body')} name="body">
          <RichTextEditor label={t('act.body')} organisationId={orgId} />
        </Form.Item>
        <Form.Item label={t('act.cover')} name="cover">
          <MediaPicker organisationId={orgId} kind="IMAGE" max={1} label={t('act.cover')} />
        </Form.Item>
        <Form.Item label={t('act.placeKind')} name="placeKind">
          <Radio.Group
            options={[
              { value: 'OFFLINE', label: t('act.offline') },
              { value: 'ONLINE', label: t('act.online') },
            ]}
          />
        </Form.Item>
        {placeKind === 'ONLINE' ? (
          <Form.Item
            label={t('act.onlineUrl')}
            name="onlineUrl"
            rules={[req(t('act.onlineUrl')), { type: 'url', message: t('act.onlineUrl') }]}
          >
            <Input maxLength={500} inputMode="url" />
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('act.division')} name="divisionCode">
              <DivisionCascader f={{ minLevel: 1, maxLevel: 3 }} />
            </Form.Item>
            <Form.Item label={t('act.address')} name="address" rules={[req(t('act.address'))]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label={t('act.coordinates')} name="coordinates">
              <CoordinatesInput label={t('act.coordinates')} />
            </Form.Item>
          </>
        )}
        {!activity && (
          <>
            <h2>{t('act.schedule')}</h2>
            <Form.Item label={t('act.schedule')} name="mode">
              <Radio.Group
                options={(['ONE', 'LIST', 'RECUR'] as const).map((m) => ({
                  value: m,
                  label: t(`act.mode.${m}` as MessageKey),
                }))}
              />
            </Form.Item>
            {mode === 'RECUR' ? <RecurrenceFields /> : <SessionRows mode={mode} />}
            <h2>{t('act.registration')}</h2>
            <div className="form-grid">
              <Form.Item label={t('act.capacity')} name="capacity" extra={t('act.capacityHelp')}>
                <InputNumber min={1} max={100000} />
              </Form.Item>
              <Form.Item label={t('act.opensDays')} name="opensDays" extra={t('act.opensHelp')}>
                <InputNumber min={1} max={365} />
              </Form.Item>
              <Form.Item label={t('act.closesHours')} name="closesHours">
                <InputNumber min={0} max={720} />
              </Form.Item>
              <Form.Item label={t('act.perPerson')} name="perPersonLimit">
                <InputNumber min={1} max={100} />
              </Form.Item>
              <Form.Item label={t('act.holdHours')} name="holdHours">
                <InputNumber min={1} max={168} />
              </Form.Item>
              <Form.Item label={t('act.cutoffHours')} name="cancelCutoffHours">
                <InputNumber min={0} max={720} />
              </Form.Item>
            </div>
            <Form.Item label={t('act.approval')} name="approvalRequired" valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {activity ? t('act.save') : t('act.saveDraft')}
          </Button>
        )}
      </Form>
      {activity && (
        <>
          <h2>{t('act.sessions')}</h2>
          <p>{t('act.sessionsLocked')}</p>
          <Table
            rowKey="id"
            dataSource={activity.sessions}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('act.startTime'),
                dataIndex: 'startsAt',
                render: (v: string) => chinaWhen(v),
              },
              { title: t('act.endTime'), dataIndex: 'endsAt', render: (v: string) => chinaWhen(v) },
              {
                title: t('act.capacity'),
                dataIndex: 'capacity',
                render: (v: number | null) => v ?? '—',
              },
              {
                title: t('common.status'),
                key: 'status',
                render: (_: unknown, s) =>
                  s.status === 'CANCELLED' ? (
                    t('act.status.CANCELLED')
                  ) : activity.status === 'CANCELLED' ? (
                    '—'
                  ) : (
                    <Button size="small" danger onClick={() => cancelSession(s)}>
                      {t('act.cancelSession')}
                    </Button>
                  ),
              },
            ]}
          />
        </>
      )}
      {dialog}
    </>
  );
}
