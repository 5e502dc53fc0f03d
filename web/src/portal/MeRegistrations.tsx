import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Skeleton, Tag } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { api, call, postBytes } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { ConfirmButton } from '../lib/confirm.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { sessionTime } from './ActivityCards.tsx';
import { FeedbackBox } from './ActivityFeedback.tsx';

type Registration = Answer<'/api/me/registrations', 'get'>['items'][number];

/** The shared status palette (styles.css `state-tag-*`). */
const TONE: Record<Registration['status'], string> = {
  CONFIRMED: 'ok',
  OFFERED: 'warn',
  WAITLISTED: 'info',
  PENDING_APPROVAL: 'info',
  CANCELLED: 'plain',
  DECLINED: 'plain',
  EXPIRED: 'plain',
};
const LIVE: Registration['status'][] = ['CONFIRMED', 'OFFERED', 'WAITLISTED', 'PENDING_APPROVAL'];

export function useMyRegistrations(enabled = true) {
  return useQuery({
    queryKey: ['my-registrations'],
    queryFn: () => call(api.GET('/api/me/registrations')),
    enabled,
  });
}

function StatusTag({ r }: { r: Registration }) {
  const { t } = usePrefs();
  return (
    <Tag className={`state-tag state-tag-${TONE[r.status]}`}>
      {r.status === 'WAITLISTED' && r.position
        ? t('act.status.WAITLISTED_N', { n: r.position })
        : t(`act.status.${r.status}` as MessageKey)}
    </Tag>
  );
}

/** The ticket's QR code, drawn here from the signed code (never sent anywhere else). */
export function TicketQr({ code, size = 160 }: { code: string; size?: number }) {
  const { t } = usePrefs();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(code, { margin: 1, width: size, errorCorrectionLevel: 'M' })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [code, size]);
  return src ? (
    <img className="ticket-qr" src={src} width={size} height={size} alt={t('act.qrAlt')} />
  ) : (
    <Skeleton.Image active style={{ width: size, height: size }} />
  );
}

function RegistrationItem({ r }: { r: Registration }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['my-registrations'] });
    void qc.invalidateQueries({ queryKey: ['public-activity', r.activityId] });
  };
  const confirm = useMutation({
    mutationFn: () =>
      call(api.POST('/api/registrations/{id}/confirm', { params: { path: { id: r.id } } })),
    onSuccess: () => {
      message.success(t('act.confirmed'));
      refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: () =>
      call(api.POST('/api/registrations/{id}/cancel', { params: { path: { id: r.id } } })),
    onSuccess: () => {
      message.success(t('act.cancelDone'));
      refresh();
    },
  });
  const now = Date.now();
  const started = Date.parse(r.startsAt) <= now;
  const cutoff = Date.parse(r.startsAt) - r.cancelCutoffHours * 3_600_000;
  const canCancel = LIVE.includes(r.status) && !started && now < cutoff;
  const heldPlace = r.status === 'CONFIRMED' || r.status === 'OFFERED';
  const error = confirm.error ?? cancel.error;
  return (
    <li className="registration">
      <div className="registration-main">
        <p className="card-kicker">
          <StatusTag r={r} />
          {r.quantity > 1 && t('act.places', { n: r.quantity })}
        </p>
        <h3 className="card-title">
          <Link to={`/activities/${r.activityId}`}>{r.activityTitle}</Link>
        </h3>
        <p className="card-meta">{sessionTime(r.startsAt, r.endsAt, lang)}</p>
        {r.place && <p className="card-meta">{r.place}</p>}
        {r.status === 'OFFERED' && r.offerExpiresAt && (
          <Alert
            type="warning"
            showIcon
            title={t('act.offered', { at: formatDayTime(r.offerExpiresAt, lang) })}
          />
        )}
        {error && <Alert type="error" showIcon role="alert" title={errorMessage(error)} />}
        {r.mayGiveFeedback && <FeedbackBox r={r} />}
        <div className="button-row">
          {r.status === 'OFFERED' && (
            <Button type="primary" loading={confirm.isPending} onClick={() => confirm.mutate()}>
              {t('act.takePlace')}
            </Button>
          )}
          {r.ticketCode && <Link to={`/me/tickets/${r.id}`}>{t('act.printTicket')}</Link>}
          {canCancel && (
            <ConfirmButton
              danger
              loading={cancel.isPending}
              step={{
                title: t('act.cancelTitle', { title: r.activityTitle }),
                body: heldPlace ? t('act.cancelBodyPlace') : t('act.cancelBodyWaiting'),
                action: t('act.cancelAction'),
                danger: true,
              }}
              onConfirm={() => cancel.mutateAsync().catch(() => undefined)}
            >
              {t('act.cancel')}
            </ConfirmButton>
          )}
        </div>
      </div>
      {r.ticketCode && (
        <div className="registration-ticket">
          <TicketQr code={r.ticketCode} size={128} />
        </div>
      )}
    </li>
  );
}

/** 我的活动报名: tickets, places on waiting lists, offers to take, and the past. */
export function MyRegistrations() {
  const { t } = usePrefs();
  const list = useMyRegistrations();
  const items = list.data?.items ?? [];
  const live = items.filter((r) => LIVE.includes(r.status));
  const past = items.filter((r) => !LIVE.includes(r.status));
  const heading = useRef<HTMLHeadingElement>(null);
  const { hash } = useLocation();
  const loaded = !!list.data;
  // Arriving from a message (/me/registrations): the list, once loaded, in view and in focus.
  useEffect(() => {
    if (loaded && hash === '#my-registrations-panel') {
      heading.current?.scrollIntoView({ block: 'start' });
      heading.current?.focus({ preventScroll: true });
    }
  }, [loaded, hash]);
  return (
    <section className="panel" aria-labelledby="my-registrations" id="my-registrations-panel">
      <h2 id="my-registrations" ref={heading} tabIndex={-1}>
        {t('act.mine')}
      </h2>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.isPending && <Skeleton active aria-busy />}
      {list.data && items.length === 0 && (
        <p>
          {t('act.mineNone')} <Link to="/activities">{t('act.browse')}</Link>
        </p>
      )}
      {live.length > 0 && (
        <ul className="registrations">
          {live.map((r) => (
            <RegistrationItem key={r.id} r={r} />
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details>
          <summary>{t('act.minePast', { n: past.length })}</summary>
          <ul className="registrations">
            {past.map((r) => (
              <RegistrationItem key={r.id} r={r} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** One ticket, to print or show at the door: the QR code, the activity and the person. */
export function TicketPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const me = useMe();
  const list = useMyRegistrations(!!me.data?.user);
  usePageTitle(t('act.ticket'));
  if (me.isPending || (me.data?.user && list.isPending)) return <Skeleton active aria-busy />;
  if (!me.data?.user) return <Navigate to={`/login?next=/me/tickets/${id}`} replace />;
  if (list.isError) return <Alert type="error" showIcon title={errorMessage(list.error)} />;
  const r = list.data?.items.find((x) => x.id === id);
  if (!r?.ticketCode)
    return (
      <div className="stack">
        <h1 className="page-title">{t('act.ticket')}</h1>
        <Alert type="info" showIcon title={t('act.noTicket')} />
        <Link to="/me">{t('act.toMine')}</Link>
      </div>
    );
  return (
    <article className="ticket-page">
      <p className="no-print">
        <Link to="/me">{t('act.toMine')}</Link>
      </p>
      <h1 className="page-title">{t('act.ticket')}</h1>
      <div className="ticket">
        <TicketQr code={r.ticketCode} size={220} />
        <div>
          <h2>{r.activityTitle}</h2>
          <dl className="call-facts">
            <dt>{t('act.when')}</dt>
            <dd>{sessionTime(r.startsAt, r.endsAt, lang)}</dd>
            {r.place && (
              <>
                <dt>{t('act.where')}</dt>
                <dd>{r.place}</dd>
              </>
            )}
            <dt>{t('act.holder')}</dt>
            <dd>{me.data.user.displayName}</dd>
            <dt>{t('act.placesLabel')}</dt>
            <dd>{r.quantity}</dd>
          </dl>
          <p className="muted">{t('act.ticketHelp')}</p>
        </div>
      </div>
      <p className="no-print">
        <Button type="primary" onClick={() => window.print()}>
          {t('act.print')}
        </Button>
      </p>
    </article>
  );
}

type Group = Answer<'/api/me/groups', 'get'>['items'][number];

function GroupItem({ g }: { g: Group }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['my-groups'] });
  const cancel = useMutation({
    mutationFn: () => call(api.POST('/api/groups/{id}/cancel', { params: { path: { id: g.id } } })),
    onSuccess: () => {
      message.success(t('act.cancelDone'));
      void refresh();
    },
  });
  async function upload(file: File) {
    setError(null);
    try {
      await postBytes(`/api/groups/${g.id}/roster`, file);
    } catch (e) {
      setError(e);
      return;
    }
    message.success(t('act.rosterDone'));
    await refresh();
  }
  const live = g.status === 'APPROVED' || g.status === 'PARTIAL';
  return (
    <li className="registration registration-group">
      <div className="registration-main">
        <p className="card-kicker">
          <Tag>{t(`act.group.${g.status}` as MessageKey)}</Tag>
          {t('act.groupPlaces', { approved: g.approved, requested: g.requested })}
        </p>
        <h3 className="card-title">
          <Link to={`/activities/${g.activityId}`}>{g.activityTitle}</Link>
        </h3>
        <p className="card-meta">
          {g.schoolName} {g.gradeClass}
        </p>
        <p className="card-meta">{sessionTime(g.startsAt, g.endsAt, lang)}</p>
        {g.place && <p className="card-meta">{g.place}</p>}
        {g.note && <p className="muted">{t('act.groupNote', { note: g.note })}</p>}
        {error ? <Alert type="error" showIcon role="alert" title={errorMessage(error)} /> : null}
        {cancel.error && (
          <Alert type="error" showIcon role="alert" title={errorMessage(cancel.error)} />
        )}
        {(g.status === 'PENDING' || live) && (
          <div className="button-row">
            <input
              ref={fileRef}
              type="file"
              accept=".xlsx,.csv"
              hidden
              aria-label={t('act.rosterUpload')}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void upload(f);
              }}
            />
            <Button onClick={() => fileRef.current?.click()}>{t('act.rosterUpload')}</Button>
            <ConfirmButton
              danger
              loading={cancel.isPending}
              step={{
                title: t('act.groupCancelTitle', { title: g.activityTitle }),
                body: t('act.groupCancelBody'),
                action: t('act.cancelAction'),
                danger: true,
              }}
              onConfirm={() => cancel.mutateAsync().catch(() => undefined)}
            >
              {t('act.groupCancel')}
            </ConfirmButton>
          </div>
        )}
        <details>
          <summary>{t('act.groupRoster', { n: g.members.length })}</summary>
          <ol className="group-roster">
            {g.members.map((m) => (
              <li key={m.id}>
                {m.name || t('act.unnamed')}
                {live && m.ticketCode && (
                  <div className="registration-ticket">
                    <TicketQr code={m.ticketCode} size={96} />
                  </div>
                )}
              </li>
            ))}
          </ol>
        </details>
      </div>
      {live && g.ticketCode && (
        <div className="registration-ticket">
          <TicketQr code={g.ticketCode} size={128} />
        </div>
      )}
    </li>
  );
}

/** 我的团体预约: the classes a teacher booked, their places, names and tickets. */
export function MyGroups() {
  const { t } = usePrefs();
  const list = useQuery({
    queryKey: ['my-groups'],
    queryFn: () => call(api.GET('/api/me/groups')),
  });
  const items = list.data?.items ?? [];
  if (!list.isError && items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="my-groups">
      <h2 id="my-groups">{t('act.myGroups')}</h2>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <ul className="registrations">
        {items.map((g) => (
          <GroupItem key={g.id} g={g} />
        ))}
      </ul>
    </section>
  );
}
