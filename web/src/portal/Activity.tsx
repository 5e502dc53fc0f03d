import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Radio, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { useRefName } from '../lib/reference.ts';
import { safeHtml } from '../lib/richtext.ts';
import { campaignName, useCampaigns } from './Activities.tsx';
import { PlacesLeft, sessionTime } from './ActivityCards.tsx';
import { PublicFeedback } from './ActivityFeedback.tsx';
import { GroupBooking } from './GroupBooking.tsx';
import { NotFound } from './NotFound.tsx';
import { RegFields } from './RegFields.tsx';
import { useMetaDescription } from './Work.tsx';

type Activity = Answer<'/api/public/activities/{id}', 'get'>;
type Result = Answer<'/api/activities/{id}/registrations', 'post'>;
interface RegValues {
  answers?: Record<string, unknown>;
  minor?: boolean;
  guardian?: { name?: string; contact?: string; consent?: boolean };
}

/** 报名: pick a session and how many places (up to the per-person limit), and the outcome. */
function Register({ a }: { a: Activity }) {
  const { t, lang } = usePrefs();
  const me = useMe();
  const qc = useQueryClient();
  const location = useLocation();
  const now = new Date().toISOString();
  const bookable = a.sessions.filter(
    (s) =>
      s.status === 'ACTIVE' &&
      s.startsAt > now &&
      (!s.registrationOpensAt || s.registrationOpensAt <= now) &&
      (!s.registrationClosesAt || s.registrationClosesAt > now),
  );
  // An open day's slot in its partners-first period takes partner schools' group bookings only.
  const open = bookable.filter((s) => !s.partnersUntil || s.partnersUntil <= now);
  const partnersOnly = bookable
    .map((s) => s.partnersUntil)
    .filter((u): u is string => !!u && u > now)
    .sort()[0];
  const [sessionId, setSessionId] = useState<string | undefined>(open[0]?.id);
  const [quantity, setQuantity] = useState(1);
  const [result, setResult] = useState<Result | null>(null);
  const [form] = Form.useForm<RegValues>();
  const minor = Form.useWatch('minor', form);
  const session = open.find((s) => s.id === sessionId) ?? open[0];
  const register = useFormMutation(form, {
    mutationFn: (v: RegValues) =>
      call(
        api.POST('/api/activities/{id}/registrations', {
          params: { path: { id: a.id } },
          body: {
            sessionId: session?.id,
            quantity,
            answers: Object.fromEntries(
              Object.entries(v.answers ?? {}).filter(([, x]) => x !== undefined && x !== null),
            ) as Record<string, string | number | boolean | string[]>,
            minor: !!v.minor,
            ...(v.minor
              ? {
                  guardian: {
                    name: v.guardian?.name ?? '',
                    contact: v.guardian?.contact ?? '',
                    consent: !!v.guardian?.consent,
                  },
                }
              : {}),
          },
        }),
      ),
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: ['public-activity', a.id] });
      void qc.invalidateQueries({ queryKey: ['my-registrations'] });
    },
  });
  const here = encodeURIComponent(location.pathname);
  if (a.status === 'CANCELLED')
    return (
      <Alert
        type="warning"
        showIcon
        title={t('act.cancelled')}
        description={a.cancelReason ?? undefined}
      />
    );
  return (
    <section className="call-apply" aria-labelledby="act-register-h">
      <h2 id="act-register-h">{t('act.register')}</h2>
      {result ? (
        <>
          <Alert
            type={result.status === 'CONFIRMED' ? 'success' : 'info'}
            showIcon
            role="status"
            title={
              result.status === 'CONFIRMED'
                ? t('act.result.CONFIRMED')
                : result.status === 'WAITLISTED'
                  ? t('act.result.WAITLISTED', { n: result.position ?? 1 })
                  : t('act.result.PENDING_APPROVAL')
            }
          />
          <p style={{ marginTop: 12, marginBottom: 0 }}>
            <Link to="/me">{t('act.toMine')}</Link>
          </p>
        </>
      ) : open.length === 0 && partnersOnly ? (
        <p>{t('act.partnersOnly', { at: formatDayTime(partnersOnly, lang) })}</p>
      ) : open.length === 0 ? (
        <p>{t('act.closed')}</p>
      ) : me.isPending ? (
        <Skeleton.Button active />
      ) : !me.data?.user ? (
        <>
          <p>{t('act.signInFirst')}</p>
          <Link className="ant-btn ant-btn-primary ant-btn-lg" to={`/login?next=${here}`}>
            {t('act.signInToRegister')}
          </Link>{' '}
          <Link to={`/register?next=${here}`}>{t('act.registerAccount')}</Link>
        </>
      ) : (
        <div className="stack">
          {open.length > 1 && (
            <fieldset className="act-sessions-pick">
              <legend>{t('act.pickSession')}</legend>
              <Radio.Group
                value={session?.id}
                onChange={(e) => setSessionId(e.target.value as string)}
                options={open.map((s) => ({
                  value: s.id,
                  label: sessionTime(s.startsAt, s.endsAt, lang),
                }))}
              />
            </fieldset>
          )}
          {session && session.perPersonLimit > 1 && (
            <div>
              <label htmlFor="act-quantity">
                {t('act.quantity', { max: session.perPersonLimit })}
              </label>{' '}
              <InputNumber
                id="act-quantity"
                min={1}
                max={session.perPersonLimit}
                value={quantity}
                onChange={(v) => setQuantity(v ?? 1)}
              />
            </div>
          )}
          {session && (
            <p className="muted">
              {session.placesLeft === 0
                ? t('act.willWait')
                : session.approvalRequired
                  ? t('act.needsApproval')
                  : t('act.instant')}
            </p>
          )}
          <FormAlert text={register.alert} />
          <Form<RegValues>
            form={form}
            name="act-register"
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => register.mutate(v)}
          >
            {a.registrationForm && a.registrationForm.length > 0 && (
              <RegFields fields={a.registrationForm} />
            )}
            {a.admitsMinors ? (
              <>
                <Form.Item name="minor" valuePropName="checked">
                  <Checkbox>{t('act.isMinor', { age: a.guardianAge })}</Checkbox>
                </Form.Item>
                {minor && (
                  <fieldset className="form-fieldset">
                    <legend>{t('act.guardian')}</legend>
                    <Form.Item
                      label={t('act.guardianName')}
                      name={['guardian', 'name']}
                      rules={[{ required: true, message: t('act.guardianNameRequired') }]}
                    >
                      <Input maxLength={40} autoComplete="off" />
                    </Form.Item>
                    <Form.Item
                      label={t('act.guardianContact')}
                      name={['guardian', 'contact']}
                      rules={[{ required: true, message: t('act.guardianContactRequired') }]}
                    >
                      <Input maxLength={40} inputMode="tel" autoComplete="off" />
                    </Form.Item>
                    <Form.Item
                      name={['guardian', 'consent']}
                      valuePropName="checked"
                      rules={[
                        {
                          validator: (_, v) =>
                            v
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('act.consentRequired'))),
                        },
                      ]}
                    >
                      <Checkbox>{t('act.guardianConsent', { age: a.guardianAge })}</Checkbox>
                    </Form.Item>
                  </fieldset>
                )}
              </>
            ) : (
              <p className="muted">{t('act.adultsOnly', { age: a.guardianAge })}</p>
            )}
            <Button type="primary" size="large" htmlType="submit" loading={register.isPending}>
              {session?.placesLeft === 0 ? t('act.joinWaitlist') : t('act.registerNow')}
            </Button>
          </Form>
        </div>
      )}
    </section>
  );
}

/** One activity: what, who, where, its sessions with places left, 报名 and add-to-calendar. */
export function ActivityPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const q = useQuery({
    queryKey: ['public-activity', id],
    queryFn: () => call(api.GET('/api/public/activities/{id}', { params: { path: { id } } })),
    retry: (n, e) => !(e instanceof ApiError && (e.status === 404 || e.status === 400)) && n < 2,
  });
  const typeName = useRefName('ACTIVITY_TYPE');
  const audienceName = useRefName('AUDIENCE');
  const campaigns = useCampaigns();
  usePageTitle(q.data?.title ?? t('act.title'));
  useMetaDescription(q.data?.summary);
  if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400))
    return <NotFound />;
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!q.data) return <Skeleton active aria-busy />;
  const a = q.data;
  const campaign = campaigns.data?.items.find((c) => c.id === a.campaignId);
  return (
    <article className="call-page activity-page">
      <p>
        <Link to="/activities">{t('act.back')}</Link>
      </p>
      <header>
        <p className="card-kicker">
          <Tag>{typeName(a.typeCode)}</Tag>
          {a.status === 'CANCELLED' && (
            <Tag className="state-tag state-tag-plain">{t('act.cancelledTag')}</Tag>
          )}
        </p>
        <h1>{a.title}</h1>
        {a.summary && <p className="lead">{a.summary}</p>}
        <dl className="call-facts">
          <dt>{t('act.host')}</dt>
          <dd>{a.host}</dd>
          {a.facility && (
            <>
              <dt>{t('act.facility')}</dt>
              <dd>
                <Link to={`/facilities/${a.facility.id}`}>{a.facility.name}</Link>
              </dd>
            </>
          )}
          {a.leaders.length > 0 && (
            <>
              <dt>{t('act.leaders')}</dt>
              <dd>
                {a.leaders.map((l, i) => (
                  <span key={`${l.role}-${l.expertId ?? i}`}>
                    {i > 0 && '；'}
                    {t(`act.leaderRole.${l.role}` as MessageKey)}：
                    {l.name && l.expertId ? (
                      <Link to={`/experts/${l.expertId}`}>{l.name}</Link>
                    ) : (
                      t('act.leaderUnnamed')
                    )}
                    {l.title ? `（${l.title}）` : ''}
                  </span>
                ))}
              </dd>
            </>
          )}
          <dt>{t('act.where')}</dt>
          <dd>
            {a.address || t('act.online')}
            {a.onlineUrl && (
              <>
                {a.address ? ' · ' : '：'}
                <a href={a.onlineUrl} rel="noopener noreferrer" target="_blank">
                  {t('act.onlineLink')}
                </a>
              </>
            )}
          </dd>
          {a.audiences.length > 0 && (
            <>
              <dt>{t('act.audience')}</dt>
              <dd>{a.audiences.map(audienceName).join('、')}</dd>
            </>
          )}
          {campaign && (
            <>
              <dt>{t('act.campaign')}</dt>
              <dd>
                <Link to={`/activities?campaign=${campaign.id}`}>{campaignName(campaign, t)}</Link>
              </dd>
            </>
          )}
        </dl>
        <p className="button-row">
          <a href={`/api/public/activities/${a.id}.ics`} download={`activity-${a.id}.ics`}>
            {t('act.addToCalendar')}
          </a>
        </p>
      </header>
      <Register a={a} />
      {a.groupsAllowed && a.status === 'PUBLISHED' && <GroupBooking a={a} />}
      <section aria-labelledby="act-sessions">
        <h2 id="act-sessions">{t('act.sessions')}</h2>
        <ul className="act-plain-list">
          {a.sessions.map((s) => (
            <li key={s.id} className="act-plain-item">
              <span>{sessionTime(s.startsAt, s.endsAt, lang)}</span>{' '}
              {s.status === 'CANCELLED' ? (
                <Tag className="state-tag state-tag-plain">{t('act.sessionCancelled')}</Tag>
              ) : (
                <PlacesLeft capacity={s.capacity} placesLeft={s.placesLeft} waitlist={s.waitlist} />
              )}
              {s.registrationClosesAt && (
                <span className="muted">
                  {' '}
                  {t('act.closesAt', { at: formatDayTime(s.registrationClosesAt, lang) })}
                </span>
              )}
              {s.partnersUntil && s.partnersUntil > new Date().toISOString() && (
                <span className="muted">
                  {' '}
                  {t('act.partnersUntil', { at: formatDayTime(s.partnersUntil, lang) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      {a.body && (
        <section aria-labelledby="act-body">
          <h2 id="act-body">{t('act.about')}</h2>
          <div
            className="rich-text"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server and again here
            dangerouslySetInnerHTML={{ __html: safeHtml(a.body) }}
          />
        </section>
      )}
      <PublicFeedback activityId={a.id} />
    </article>
  );
}
