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
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Answer, Me, Media } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { chinaInstant, chinaWhen, todayInChina } from '../lib/dates.ts';
import { CoordinatesInput, DivisionCascader, OrganisationPicker } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { RichTextEditor } from '../lib/LazyRichTextEditor.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { useRefOptions } from '../lib/reference.ts';
import { MediaPicker } from '../media/MediaPicker.tsx';
import { type LeaderDraft, LeaderRows } from './LeaderRows.tsx';
import { type RegFieldDraft, RegFormEditor, regDrafts, regFields } from './RegFormEditor.tsx';
import {
  type Activity,
  buildRrule,
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
  leaders?: LeaderDraft[];
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
  checkInMode: 'ONCE' | 'DAILY' | 'EVERY';
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
  regFields?: RegFieldDraft[];
  admitsMinors?: boolean;
  groupsAllowed?: boolean;
  /** An open day's facility, and until which Beijing day its partner schools book first. */
  facilityId?: string | null;
  partnersUntilDate?: string;
}

/** The fields an activity shares between creating and editing. */
function fieldsOf(v: Values, before: Activity | null) {
  const online = v.placeKind === 'ONLINE';
  return {
    registrationForm: regFields(v.regFields, before?.registrationForm ?? null),
    admitsMinors: !!v.admitsMinors,
    groupsAllowed: !!v.groupsAllowed,
    title: v.title,
    typeCode: v.typeCode,
    coOrganiserIds: v.coOrganiserIds.filter((x): x is string => !!x),
    leaders: (v.leaders ?? [])
      .filter((l): l is Required<LeaderDraft> => !!l?.userId)
      .map((l) => ({ userId: l.userId, role: l.role })),
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
    checkInMode: v.checkInMode ?? 'ONCE',
    facilityId: v.facilityId ?? null,
  };
}

/**
 * Partners book first until the end of the chosen Beijing day, and every slot opens to everyone
 * at least a day before it starts (a slot too soon has no partners-first period).
 */
function partnersUntilFor(v: Values, startsAt: string): string | null {
  if (!v.facilityId || !v.partnersUntilDate) return null;
  const until = Math.min(
    Date.parse(chinaInstant(v.partnersUntilDate, '23:59')),
    Date.parse(startsAt) - 86_400_000,
  );
  return until > Date.now() ? new Date(until).toISOString() : null;
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
    partnersUntil: partnersUntilFor(v, startsAt),
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
              <legend>{t('acto.sessionN', { n: String(i + 1) })}</legend>
              <div className="form-grid">
                <Form.Item
                  label={t('acto.date')}
                  name={[row.name, 'date']}
                  rules={[req(t('acto.date'))]}
                >
                  <Input type="date" />
                </Form.Item>
                <Form.Item
                  label={t('acto.startTime')}
                  name={[row.name, 'start']}
                  rules={[req(t('acto.startTime'))]}
                >
                  <Input type="time" />
                </Form.Item>
                <Form.Item
                  label={t('acto.endTime')}
                  name={[row.name, 'end']}
                  rules={[req(t('acto.endTime'))]}
                >
                  <Input type="time" />
                </Form.Item>
              </div>
              {mode === 'LIST' && rows.length > 1 && (
                <Button onClick={() => remove(row.name)}>{t('acto.remove')}</Button>
              )}
            </fieldset>
          ))}
          {mode === 'LIST' && (
            <Button onClick={() => add({ date: todayInChina(), start: '09:30', end: '11:30' })}>
              {t('acto.addSession')}
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
        <Form.Item label={t('acto.freq')} name={['recurrence', 'freq']}>
          <Radio.Group
            options={(['WEEKLY', 'MONTHLY'] as const).map((f) => ({
              value: f,
              label: t(`acto.freq.${f}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('acto.firstDate')}
          name={['recurrence', 'first']}
          rules={[req(t('acto.firstDate'))]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item label={t('acto.startTime')} name={['recurrence', 'start']}>
          <Input type="time" />
        </Form.Item>
        <Form.Item label={t('acto.endTime')} name={['recurrence', 'end']}>
          <Input type="time" />
        </Form.Item>
      </div>
      {r?.freq === 'MONTHLY' ? (
        <Form.Item label={t('acto.monthDay')} name={['recurrence', 'monthDay']}>
          <InputNumber min={1} max={28} />
        </Form.Item>
      ) : (
        <Form.Item label={t('acto.weekdays')} name={['recurrence', 'weekdays']}>
          <Checkbox.Group
            options={WEEKDAYS.map((d) => ({ value: d, label: t(`acto.wd.${d}` as MessageKey) }))}
          />
        </Form.Item>
      )}
      <div className="form-grid">
        <Form.Item
          label={t('acto.count')}
          name={['recurrence', 'count']}
          extra={t('acto.untilHelp')}
        >
          <InputNumber min={1} max={200} />
        </Form.Item>
        <Form.Item label={t('acto.until')} name={['recurrence', 'until']}>
          <Input type="date" />
        </Form.Item>
      </div>
      <Form.List name="exdates">
        {(rows, { add, remove }) => (
          <fieldset className="session-row">
            <legend>{t('acto.exdates')}</legend>
            {rows.map((row, i) => (
              <Space key={row.key} align="baseline">
                <Form.Item
                  label={`${t('acto.date')} ${i + 1}`}
                  name={row.name}
                  rules={[req(t('acto.date'))]}
                >
                  <Input type="date" />
                </Form.Item>
                <Button onClick={() => remove(row.name)}>{t('acto.remove')}</Button>
              </Space>
            ))}
            <Button onClick={() => add(undefined)}>{t('acto.addExdate')}</Button>
          </fieldset>
        )}
      </Form.List>
      {dates.length > 0 && (
        <p role="status" className="recurrence-preview">
          {t('acto.preview', { n: String(dates.length), list: dates.slice(0, 12).join('、') })}
          {dates.length > 12 ? '…' : ''}
        </p>
      )}
    </>
  );
}

/** New activity (with its sessions) or an existing one (its fields; sessions read-only). */
type FacilityPreset = Answer<'/api/facilities/{id}', 'get'>;

export function ActivityEditorPage({ me }: { me: Me }) {
  const { id } = useParams();
  const [params] = useSearchParams();
  const presetId = id ? null : params.get('facility');
  const preset = useQuery({
    queryKey: ['facilities', presetId],
    queryFn: () => call(api.GET('/api/facilities/{id}', { params: { path: { id: presetId! } } })),
    enabled: !!presetId,
  });
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
  if (
    (id && (existing.isPending || (existing.data?.coverMediaId && cover.isPending))) ||
    (presetId && preset.isPending)
  )
    return <div role="status" aria-busy className="page-loading" />;
  if (id && existing.isError)
    return <Alert type="error" showIcon title={errorMessage(existing.error)} />;
  return (
    <Editor
      me={me}
      activity={existing.data ?? null}
      cover={cover.data ? [cover.data as Media] : []}
      preset={preset.data ?? null}
    />
  );
}

function Editor({
  me,
  activity,
  cover,
  preset,
}: {
  me: Me;
  activity: Activity | null;
  cover: Media[];
  preset: FacilityPreset | null;
}) {
  const { t } = usePrefs();
  usePageTitle(activity ? activity.title : t('acto.new'));
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
  const typeCode = Form.useWatch('typeCode', form) ?? activity?.typeCode;
  const facilityId = Form.useWatch('facilityId', form) ?? activity?.facility?.id ?? null;
  const facilities = useQuery({
    queryKey: ['facilities'],
    queryFn: () => call(api.GET('/api/facilities', {})),
  });
  const facilityOptions = (facilities.data?.items ?? [])
    .filter((f) => f.organisationId === orgId || f.id === facilityId)
    .map((f) => ({ value: f.id, label: f.name }));
  const reasonRef = useRef('');
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const editable = !activity || activity.status === 'DRAFT' || activity.status === 'PENDING_REVIEW';

  const save = useFormMutation(form, {
    mutationFn: (v: Values) =>
      activity
        ? call(
            api.PATCH('/api/activities/{id}', {
              params: { path: { id: activity.id } },
              body: fieldsOf(v, activity),
            }),
          )
        : call(
            api.POST('/api/activities', {
              body: { organisationId: v.organisationId, ...fieldsOf(v, null), ...sessionsOf(v) },
            }),
          ),
    onSuccess: async (a) => {
      message.success(t(activity ? 'acto.saved' : 'acto.created'));
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
            title: t('acto.publishTitle', { title: activity.title }),
            body: t('acto.publishBody'),
            action: t('acto.publish'),
          }
        : {
            title: t('acto.cancelTitle', { title: activity.title }),
            body: (
              <>
                <p>{t('acto.cancelBody')}</p>
                <label htmlFor="cancel-reason">{t('acto.cancelReason')}</label>
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
            action: t('acto.cancel'),
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
                body: { reason: reasonRef.current.trim() || t('acto.cancelled') },
              }),
            );
      qc.setQueryData(['activity', a.id], a);
      await qc.invalidateQueries({ queryKey: ['activities'] });
      message.success(
        t(
          kind === 'cancel'
            ? 'acto.cancelled'
            : a.status === 'PENDING_REVIEW'
              ? 'acto.submitted'
              : 'acto.published',
        ),
      );
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function cancelSession(s: Activity['sessions'][number]) {
    if (!activity) return;
    const yes = await confirm({
      title: t('acto.cancelSessionTitle', { when: chinaWhen(s.startsAt) }),
      body: t('acto.cancelSessionBody'),
      action: t('acto.cancelSession'),
      danger: true,
    });
    if (!yes) return;
    try {
      await call(
        api.POST('/api/activities/{id}/sessions/{sessionId}/cancel', {
          params: { path: { id: activity.id, sessionId: s.id } },
          body: { reason: t('acto.sessionCancelled') },
        }),
      );
      await qc.invalidateQueries({ queryKey: ['activity', activity.id] });
      message.success(t('acto.sessionCancelled'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const today = todayInChina();
  const knownLeaders = new Map(
    (activity?.leaders ?? []).map((l) => [
      l.userId ?? '',
      [l.name, l.title].filter(Boolean).join(' · '),
    ]),
  );
  const initial: Partial<Values> = activity
    ? {
        organisationId: activity.organisationId,
        title: activity.title,
        typeCode: activity.typeCode,
        coOrganiserIds: activity.coOrganiserIds,
        leaders: activity.leaders.map((l) => ({ userId: l.userId, role: l.role })),
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
        checkInMode: activity.checkInMode,
        regFields: regDrafts(activity.registrationForm),
        admitsMinors: activity.admitsMinors,
        groupsAllowed: activity.groupsAllowed,
        facilityId: activity.facility?.id ?? null,
      }
    : {
        organisationId: units.length === 1 ? units[0]?.value : undefined,
        coOrganiserIds: [],
        leaders: [],
        audiences: [],
        sectors: [],
        topics: [],
        campaignId: null,
        summary: '',
        body: '',
        cover: [],
        placeKind: 'OFFLINE',
        checkInMode: 'ONCE',
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
        regFields: [
          { label: t('acto.defaultName'), type: 'text', required: true },
          { label: t('acto.defaultPhone'), type: 'phone', required: true },
        ],
        admitsMinors: false,
        groupsAllowed: false,
        facilityId: null,
        ...(preset
          ? {
              organisationId: preset.organisationId,
              facilityId: preset.id,
              typeCode: 'OPEN_DAY',
              title: t('acto.openDayTitle', { name: preset.name }),
              summary: preset.summary,
              ...(preset.divisionCode ? { divisionCode: preset.divisionCode } : {}),
              address: preset.address,
              ...(preset.lat !== null && preset.lng !== null
                ? { coordinates: { lat: preset.lat, lng: preset.lng } }
                : {}),
              audiences: ['YOUTH', 'GENERAL_PUBLIC'],
              groupsAllowed: true,
              approvalRequired: true,
              ...(preset.partnerDays > 0 && preset.partners.length > 0
                ? {
                    partnersUntilDate: new Date(
                      Date.now() + 8 * 3_600_000 + preset.partnerDays * 86_400_000,
                    )
                      .toISOString()
                      .slice(0, 10),
                  }
                : {}),
            }
          : {}),
      };

  return (
    <>
      <h1>{activity ? activity.title : t('acto.new')}</h1>
      {activity && (
        <div className="toolbar">
          <Tag className={`activity-status activity-status-${activity.status}`}>
            {t(`acto.status.${activity.status}` as MessageKey)}
          </Tag>
          <Link to={`/admin/activities/${activity.id}/registrations`}>
            {t('acto.registrations')}
          </Link>
          {activity.status === 'PUBLISHED' && (
            <Link to={`/admin/check-in?activity=${activity.id}`}>{t('acto.checkInLink')}</Link>
          )}
          {activity.status === 'DRAFT' && (
            <Button type="primary" onClick={() => act('publish')}>
              {t('acto.publish')}
            </Button>
          )}
          {activity.status !== 'CANCELLED' && (
            <Button danger onClick={() => act('cancel')}>
              {t('acto.cancel')}
            </Button>
          )}
        </div>
      )}
      {activity?.status === 'PENDING_REVIEW' && (
        <Alert type="info" showIcon title={t('acto.pendingNote')} />
      )}
      {activity?.status === 'DRAFT' && activity.reviewNote && (
        <Alert
          type="warning"
          showIcon
          title={t('acto.reviewNote', { note: activity.reviewNote })}
        />
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
        <Form.Item label={t('acto.host')} name="organisationId" rules={[req(t('acto.host'))]}>
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
        <Form.Item label={t('acto.titleField')} name="title" rules={[req(t('acto.titleField'))]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item label={t('acto.type')} name="typeCode" rules={[req(t('acto.type'))]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={types.options}
            loading={types.loading}
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
        {(typeCode === 'OPEN_DAY' || facilityId) && (
          <Form.Item label={t('acto.facility')} name="facilityId" extra={t('acto.facilityHelp')}>
            <Select
              allowClear
              style={{ maxWidth: 420 }}
              placeholder={t('acto.noFacility')}
              loading={facilities.isPending}
              options={facilityOptions}
            />
          </Form.Item>
        )}
        <Form.List name="coOrganiserIds">
          {(rows, { add, remove }) => (
            <fieldset className="session-row">
              <legend>{t('acto.coOrganisers')}</legend>
              {rows.map((row, i) => (
                <Space key={row.key} align="baseline" wrap>
                  <Form.Item label={`${t('acto.coOrganisers')} ${i + 1}`} name={row.name}>
                    <OrganisationPicker />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('acto.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add(undefined)}>{t('acto.addCoOrganiser')}</Button>
            </fieldset>
          )}
        </Form.List>
        <LeaderRows known={knownLeaders} />
        <div className="form-grid">
          <Form.Item label={t('acto.audiences')} name="audiences">
            <Select mode="multiple" options={audiences.options} style={{ minWidth: 220 }} />
          </Form.Item>
          <Form.Item label={t('acto.sectors')} name="sectors">
            <Select mode="multiple" options={sectors.options} style={{ minWidth: 220 }} />
          </Form.Item>
          <Form.Item label={t('acto.topics')} name="topics">
            <Select mode="multiple" options={topics.options} style={{ minWidth: 220 }} />
          </Form.Item>
        </div>
        <Form.Item label={t('acto.campaign')} name="campaignId" extra={t('acto.campaignHelp')}>
          <Select
            allowClear
            placeholder={t('acto.noCampaign')}
            style={{ maxWidth: 420 }}
            options={campaigns.map((c) => ({
              value: c.id,
              label: `${c.year} ${c.themeDayName}${c.theme ? `：${c.theme}` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('acto.summary')} name="summary">
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item label={t('acto.body')} name="body">
          <RichTextEditor label={t('acto.body')} organisationId={orgId} />
        </Form.Item>
        <Form.Item label={t('acto.cover')} name="cover">
          <MediaPicker organisationId={orgId} kind="IMAGE" max={1} label={t('acto.cover')} />
        </Form.Item>
        <Form.Item label={t('acto.placeKind')} name="placeKind">
          <Radio.Group
            options={[
              { value: 'OFFLINE', label: t('acto.offline') },
              { value: 'ONLINE', label: t('acto.online') },
            ]}
          />
        </Form.Item>
        {placeKind === 'ONLINE' ? (
          <Form.Item
            label={t('acto.onlineUrl')}
            name="onlineUrl"
            rules={[req(t('acto.onlineUrl')), { type: 'url', message: t('acto.onlineUrl') }]}
          >
            <Input maxLength={500} inputMode="url" />
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('acto.division')} name="divisionCode">
              <DivisionCascader f={{ minLevel: 1, maxLevel: 3 }} />
            </Form.Item>
            <Form.Item label={t('acto.address')} name="address" rules={[req(t('acto.address'))]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label={t('acto.coordinates')} name="coordinates">
              <CoordinatesInput label={t('acto.coordinates')} />
            </Form.Item>
          </>
        )}
        <Form.Item
          label={t('acto.checkInModeField')}
          name="checkInMode"
          extra={t('acto.checkInModeHelp')}
        >
          <Radio.Group
            options={(['ONCE', 'DAILY', 'EVERY'] as const).map((m) => ({
              value: m,
              label: t(`acto.checkInOpt.${m}` as MessageKey),
            }))}
          />
        </Form.Item>
        {!activity && (
          <>
            <h2>{t('acto.schedule')}</h2>
            <Form.Item label={t('acto.schedule')} name="mode">
              <Radio.Group
                options={(['ONE', 'LIST', 'RECUR'] as const).map((m) => ({
                  value: m,
                  label: t(`acto.mode.${m}` as MessageKey),
                }))}
              />
            </Form.Item>
            {mode === 'RECUR' ? <RecurrenceFields /> : <SessionRows mode={mode} />}
            <h2>{t('acto.registration')}</h2>
            <div className="form-grid">
              <Form.Item label={t('acto.capacity')} name="capacity" extra={t('acto.capacityHelp')}>
                <InputNumber min={1} max={100000} />
              </Form.Item>
              <Form.Item label={t('acto.opensDays')} name="opensDays" extra={t('acto.opensHelp')}>
                <InputNumber min={1} max={365} />
              </Form.Item>
              <Form.Item label={t('acto.closesHours')} name="closesHours">
                <InputNumber min={0} max={720} />
              </Form.Item>
              <Form.Item label={t('acto.perPerson')} name="perPersonLimit">
                <InputNumber min={1} max={100} />
              </Form.Item>
              <Form.Item label={t('acto.holdHours')} name="holdHours">
                <InputNumber min={1} max={168} />
              </Form.Item>
              <Form.Item label={t('acto.cutoffHours')} name="cancelCutoffHours">
                <InputNumber min={0} max={720} />
              </Form.Item>
            </div>
            <Form.Item label={t('acto.approval')} name="approvalRequired" valuePropName="checked">
              <Switch />
            </Form.Item>
            {facilityId && (
              <Form.Item
                label={t('acto.partnersUntil')}
                name="partnersUntilDate"
                extra={t('acto.partnersUntilHelp')}
              >
                <Input type="date" style={{ maxWidth: 200 }} />
              </Form.Item>
            )}
          </>
        )}
        <RegFormEditor />
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {activity ? t('acto.save') : t('acto.saveDraft')}
          </Button>
        )}
      </Form>
      {activity && (
        <>
          <h2>{t('acto.sessions')}</h2>
          <p>{t('acto.sessionsLocked')}</p>
          <Table
            rowKey="id"
            dataSource={activity.sessions}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('acto.startTime'),
                dataIndex: 'startsAt',
                render: (v: string) => chinaWhen(v),
              },
              {
                title: t('acto.endTime'),
                dataIndex: 'endsAt',
                render: (v: string) => chinaWhen(v),
              },
              {
                title: t('acto.capacity'),
                dataIndex: 'capacity',
                render: (v: number | null) => v ?? '—',
              },
              {
                title: t('common.status'),
                key: 'status',
                render: (_: unknown, s) =>
                  s.status === 'CANCELLED' ? (
                    t('acto.status.CANCELLED')
                  ) : activity.status === 'CANCELLED' ? (
                    '—'
                  ) : (
                    <Button size="small" danger onClick={() => cancelSession(s)}>
                      {t('acto.cancelSession')}
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
