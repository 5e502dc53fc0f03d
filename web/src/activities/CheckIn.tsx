import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { chinaWhen } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useRefOptions } from '../lib/reference.ts';
import {
  beijingDay,
  checkedInNow,
  type DoorList,
  decodeQr,
  judge,
  memberName,
  type Outcome,
  type QueuedScan,
  registrationIdOf,
} from './checkin-logic.ts';
import * as store from './checkin-store.ts';

/** The longest ticket code the server takes; anything longer is no ticket. */
const CODE_MAX = 80;
/** How often the page tries to send its queue while there is a network. */
const RETRY_MS = 15_000;

const TONE: Record<Outcome, 'ok' | 'warn' | 'bad'> = {
  CHECKED_IN: 'ok',
  ALREADY: 'warn',
  WRONG_SESSION: 'bad',
  WRONG_ACTIVITY: 'bad',
  CANCELLED: 'bad',
  NOT_CONFIRMED: 'bad',
  INVALID: 'bad',
  NOT_LISTED: 'warn',
};

interface Shown {
  key: number;
  outcome: Outcome;
  name: string | null;
  /** Judged on this device; the server has not answered yet. */
  pending: boolean;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/**
 * Registers the check-in service worker for this page's scope and hands it the files this visit
 * loaded, so the page opens offline next time. True once they are kept.
 */
function useOfflinePage(): boolean {
  const [kept, setKept] = useState(false);
  useEffect(() => {
    const sw = navigator.serviceWorker;
    if (!sw || !window.isSecureContext) return;
    let live = true;
    const onMessage = (e: MessageEvent) => {
      if ((e.data as { type?: string })?.type === 'cached' && live) setKept(true);
    };
    sw.addEventListener('message', onMessage);
    sw.register('/checkin-sw.js', { scope: '/admin/check-in' })
      .then((reg) => {
        const worker = reg.active ?? reg.waiting ?? reg.installing;
        const send = (w: ServiceWorker) => {
          const urls = [
            location.href,
            '/api/auth/me',
            ...performance
              .getEntriesByType('resource')
              .map((r) => r.name)
              .filter((u) => u.startsWith(location.origin) && !u.includes('/api/')),
          ];
          w.postMessage({ type: 'cache', urls });
        };
        if (worker?.state === 'activated') send(worker);
        else
          worker?.addEventListener('statechange', () => {
            if (worker.state === 'activated') send(worker);
          });
      })
      .catch(() => {});
    return () => {
      live = false;
      sw.removeEventListener('message', onMessage);
    };
  }, []);
  return kept;
}

/** 现场签到: the host's staff check tickets in at the door, by camera, code or name, offline too. */
export function CheckInPage() {
  const { t } = usePrefs();
  usePageTitle(t('acto.checkInTitle'));
  const qc = useQueryClient();
  const online = useOnline();
  const offlineReady = useOfflinePage();
  const [params, setParams] = useSearchParams();
  const activityId = params.get('activity') ?? '';
  const sessionParam = params.get('session') ?? '';
  const [list, setList] = useState<DoorList | null>(null);
  const [kept, setKept] = useState<DoorList[]>([]);
  const [scans, setScans] = useState<QueuedScan[]>([]);
  const [shown, setShown] = useState<Shown | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm<{ code: string }>();
  const syncing = useRef(false);
  const lastKey = useRef(0);
  const audiences = useRefOptions('AUDIENCE');

  const activities = useQuery({
    queryKey: ['activities', 'check-in'],
    queryFn: () =>
      call(
        api.GET('/api/activities', { params: { query: { status: 'PUBLISHED', pageSize: 100 } } }),
      ),
    networkMode: 'offlineFirst',
  });
  const attendance = useQuery({
    queryKey: ['activity-attendance', activityId],
    queryFn: () =>
      call(api.GET('/api/activities/{id}/attendance', { params: { path: { id: activityId } } })),
    enabled: !!activityId && online,
  });

  const refreshScans = useCallback(async () => {
    if (activityId) setScans(await store.scansOf(activityId));
  }, [activityId]);

  /** Reads the door list from the server (when there is a network) and keeps it on the device. */
  const fetchList = useCallback(async () => {
    if (!activityId || !navigator.onLine) return;
    const fresh = await call(
      api.GET('/api/activities/{id}/check-in-list', { params: { path: { id: activityId } } }),
    );
    await store.saveList(fresh);
    await store.pruneSynced(activityId, fresh.generatedAt);
    setList(fresh);
    setKept(await store.keptLists());
  }, [activityId]);

  /** Sends every queued scan (each activity and session a batch); the server's outcome replaces ours. */
  const sync = useCallback(async () => {
    if (syncing.current || !navigator.onLine) return;
    syncing.current = true;
    try {
      let sent = 0;
      for (const l of await store.keptLists()) {
        const queued = (await store.scansOf(l.activity.id)).filter((s) => !s.synced);
        const bySession = new Map<string, QueuedScan[]>();
        for (const s of queued)
          bySession.set(s.sessionId, [...(bySession.get(s.sessionId) ?? []), s]);
        for (const [sessionId, all] of bySession)
          for (let i = 0; i < all.length; i += 500) {
            const batch = all.slice(i, i + 500);
            const res = await call(
              api.POST('/api/activities/{id}/check-ins', {
                params: { path: { id: l.activity.id } },
                body: {
                  sessionId,
                  scans: batch.map((s) => ({
                    code: s.code,
                    scannedAt: s.scannedAt,
                    deviceId: s.deviceId,
                  })),
                },
              }),
            );
            sent += batch.length;
            for (const [j, s] of batch.entries()) {
              const r = res.results[j];
              if (!r) continue;
              await store.putScan({ ...s, outcome: r.outcome, synced: true });
              if (s.id === lastKey.current)
                setShown({ key: s.id, outcome: r.outcome, name: r.userName, pending: false });
            }
          }
      }
      setProblem(null);
      // The list again after sending, or once a minute (other devices' check-ins).
      const had = await store.loadList(activityId);
      if (sent > 0 || !had || Date.now() - Date.parse(had.savedAt) > 60_000) await fetchList();
      await refreshScans();
      await qc.invalidateQueries({ queryKey: ['activity-attendance'] });
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      syncing.current = false;
    }
  }, [activityId, fetchList, refreshScans, qc]);

  // The kept list first (it works offline), then a fresh one; then whatever waits is sent.
  useEffect(() => {
    let live = true;
    (async () => {
      setKept(await store.keptLists());
      if (!activityId) return;
      const had = await store.loadList(activityId);
      if (live) setList(had ?? null);
      await refreshScans();
      try {
        await fetchList();
      } catch (e) {
        if (live && !had) setProblem(errorMessage(e));
      }
      await sync();
    })();
    return () => {
      live = false;
    };
  }, [activityId, fetchList, refreshScans, sync]);

  useEffect(() => {
    const onOnline = () => {
      void sync();
      // What failed while offline (a page reloaded with no network) is asked again.
      void qc.refetchQueries({ type: 'active', predicate: (q) => q.state.status === 'error' });
    };
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => void sync(), RETRY_MS);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [sync, qc]);

  const sessions = list?.sessions ?? [];
  const today = beijingDay(new Date().toISOString());
  const sessionId =
    sessions.find((s) => s.id === sessionParam)?.id ??
    sessions.find((s) => beijingDay(s.endsAt) >= today)?.id ??
    sessions[sessions.length - 1]?.id ??
    '';

  const choose = (next: { activity?: string; session?: string }) => {
    const p = new URLSearchParams(params);
    if (next.activity !== undefined) {
      p.set('activity', next.activity);
      p.delete('session');
      setList(null);
      setShown(null);
    }
    if (next.session !== undefined) p.set('session', next.session);
    setParams(p, { replace: true });
  };

  /** A scan or a tap on a name; `name` says who was meant (a member checked in by the group's QR). */
  async function checkIn(raw: string, name?: string) {
    const code = raw.trim();
    if (!code || !activityId || !sessionId) return;
    const at = new Date().toISOString();
    const own = await store.scansOf(activityId);
    const j =
      code.length > CODE_MAX
        ? { outcome: 'INVALID' as const, name: null }
        : list
          ? judge(list, sessionId, code, at, own)
          : { outcome: 'NOT_LISTED' as const, name: null };
    const key =
      code.length > CODE_MAX
        ? Date.now()
        : await store.addScan({
            activityId,
            sessionId,
            code,
            scannedAt: at,
            deviceId: await store.deviceId(),
            registrationId: registrationIdOf(code),
            outcome: j.outcome,
            synced: false,
          });
    lastKey.current = key;
    setShown({ key, outcome: j.outcome, name: name ?? j.name, pending: true });
    await refreshScans();
    await sync();
  }

  const mode = list?.activity.checkInMode ?? 'ONCE';
  const inSession = (list?.items ?? []).filter((i) => i.sessionId === sessionId);
  const present = list ? checkedInNow(list, sessionId, scans) : [];
  const queued = scans.filter((s) => !s.synced).length;
  const registered = inSession.reduce((n, i) => n + i.quantity, 0);
  const checkedIn = present.reduce((n, p) => n + p.places, 0);
  const q = search.trim().toLowerCase();
  const found = q ? inSession.filter((i) => i.userName.toLowerCase().includes(q)).slice(0, 20) : [];
  // Group members by their name or their group (school and class); a child is found by name.
  const foundMembers = q
    ? (list?.members ?? [])
        .filter(
          (m) =>
            m.sessionId === sessionId &&
            (m.name.toLowerCase().includes(q) || m.groupLabel.toLowerCase().includes(q)),
        )
        .slice(0, 20)
    : [];
  const activityOptions = new Map<string, string>();
  for (const l of kept) activityOptions.set(l.activity.id, l.activity.title);
  for (const a of activities.data?.items ?? []) activityOptions.set(a.id, a.title);
  const audienceName = (c: string) => audiences.options.find((o) => o.value === c)?.label ?? '';

  return (
    <div className="checkin">
      <h1>{t('acto.checkInTitle')}</h1>
      <p className="checkin-net" role="status">
        <span className={online ? 'checkin-dot checkin-dot-on' : 'checkin-dot'} aria-hidden />
        {online ? t('acto.online.now') : t('acto.offline.now')}
        {offlineReady ? ` · ${t('acto.pageKept')}` : ''}
      </p>
      <div className="checkin-pick">
        <label htmlFor="checkin-activity">{t('acto.pickActivity')}</label>
        <Select
          id="checkin-activity"
          showSearch={{ optionFilterProp: 'label' }}
          value={activityId || undefined}
          placeholder={t('acto.pickActivity')}
          options={[...activityOptions].map(([value, label]) => ({ value, label }))}
          onChange={(v: string) => choose({ activity: v })}
          style={{ width: '100%' }}
        />
        {sessions.length > 0 && (
          <>
            <label htmlFor="checkin-session">{t('acto.pickSession')}</label>
            <Select
              id="checkin-session"
              value={sessionId || undefined}
              options={sessions.map((s) => ({ value: s.id, label: chinaWhen(s.startsAt) }))}
              onChange={(v: string) => choose({ session: v })}
              style={{ width: '100%' }}
            />
          </>
        )}
      </div>
      {problem && <Alert type="warning" showIcon title={problem} />}
      {list && (
        <>
          <p className="checkin-kept">
            {t('acto.listKept', {
              n: inSession.length,
              when: chinaWhen(list.generatedAt),
            })}{' '}
            {t(`acto.checkInMode.${mode}` as MessageKey)}
          </p>
          <div className={`checkin-result checkin-result-${shown ? TONE[shown.outcome] : 'none'}`}>
            <div role="status" aria-live="assertive" aria-atomic="true">
              {shown ? (
                <>
                  <strong className="checkin-outcome">
                    {t(`acto.outcome.${shown.outcome}` as MessageKey)}
                  </strong>
                  {shown.name && <span className="checkin-name">{shown.name}</span>}
                  {shown.pending && (
                    <span className="checkin-note">
                      {online ? t('acto.sending') : t('acto.queuedNote')}
                    </span>
                  )}
                </>
              ) : (
                <span className="checkin-note">{t('acto.readyToScan')}</span>
              )}
            </div>
          </div>
          <p className="checkin-counts" aria-live="polite">
            {t('acto.countsLine', { registered, checkedIn })}
            {queued > 0 && (
              <strong className="checkin-queued"> · {t('acto.queued', { n: queued })}</strong>
            )}
          </p>
          {queued > 0 && online && <Button onClick={() => void sync()}>{t('acto.syncNow')}</Button>}
          <Scanner onCode={(c) => void checkIn(c)} />
          <Form
            form={form}
            layout="vertical"
            className="checkin-code"
            onFinish={async (v) => {
              await checkIn(v.code ?? '');
              form.resetFields();
            }}
          >
            <Form.Item label={t('acto.ticketCode')} name="code">
              <Input autoComplete="off" autoCapitalize="off" spellCheck={false} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('acto.checkInAction')}
            </Button>
          </Form>
          <div className="checkin-search">
            <label htmlFor="checkin-name">{t('acto.searchName')}</label>
            <Input
              id="checkin-name"
              value={search}
              allowClear
              onChange={(e) => setSearch(e.target.value)}
            />
            {q && found.length === 0 && foundMembers.length === 0 && <p>{t('acto.noSuchName')}</p>}
            <ul className="checkin-found">
              {found.map((i) => (
                <li key={i.registrationId}>
                  <span>
                    {i.userName}
                    {i.quantity > 1 ? ` ×${i.quantity}` : ''}
                  </span>
                  <Button
                    size="small"
                    disabled={!i.ticketCode}
                    onClick={() => i.ticketCode && void checkIn(i.ticketCode)}
                    aria-label={t('acto.checkInPerson', { name: i.userName })}
                  >
                    {t('acto.checkInAction')}
                  </Button>
                </li>
              ))}
              {foundMembers.map((m) => (
                <li key={m.memberId}>
                  <span>
                    {memberName(m)}
                    <span className="checkin-group">
                      {t('acto.memberOf', { group: m.groupLabel, seq: m.seq })}
                      {m.ownTicket ? '' : ` · ${t('acto.groupTicket')}`}
                    </span>
                  </span>
                  <Button
                    size="small"
                    disabled={!m.ticketCode}
                    onClick={() => m.ticketCode && void checkIn(m.ticketCode, memberName(m))}
                    aria-label={t('acto.checkInPerson', { name: memberName(m) })}
                  >
                    {t('acto.checkInAction')}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
          <h2>{t('acto.presentTitle', { n: present.length })}</h2>
          {present.length === 0 ? (
            <p>{t('acto.nobodyYet')}</p>
          ) : (
            <ul className="checkin-present">
              {present.map((p) => (
                <li key={p.key}>
                  <span>
                    {p.name}
                    {p.group && <span className="checkin-group">{p.group}</span>}
                  </span>
                  <span className="checkin-when">
                    {chinaWhen(p.at)}
                    {p.pending ? ` · ${t('acto.waitingSync')}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {attendance.data && (
            <>
              <h2>{t('acto.attendanceTitle')}</h2>
              <p>
                {t('acto.countsLine', {
                  registered: attendance.data.total.registered,
                  checkedIn: attendance.data.total.checkedIn,
                })}
                {mode !== 'ONCE' &&
                  ` · ${t('acto.entriesLine', {
                    today: attendance.data.total.checkedInToday,
                    entries: attendance.data.total.entries,
                  })}`}
              </p>
              {attendance.data.byAudience.length > 0 && audiences.options.length > 0 && (
                <ul className="checkin-audiences">
                  {attendance.data.byAudience.map((a) => (
                    <li key={a.audience}>
                      {t('acto.audienceLine', {
                        audience: audienceName(a.audience),
                        registered: a.registered,
                        checkedIn: a.checkedIn,
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </>
      )}
      {!activityId && <p>{t('acto.pickFirst')}</p>}
    </div>
  );
}

/** The phone's camera, read frame by frame for a QR code (jsqr); the same code is read once a while. */
function Scanner({ onCode }: { onCode: (code: string) => void }) {
  const { t } = usePrefs();
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const frame = useRef(0);
  const last = useRef({ code: '', at: 0 });
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const handler = useRef(onCode);
  handler.current = onCode;

  const stop = useCallback(() => {
    cancelAnimationFrame(frame.current);
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    setOn(false);
  }, []);
  useEffect(() => stop, [stop]);

  async function start() {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError(t('acto.noCamera'));
      return;
    }
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' } },
        audio: false,
      });
    } catch (e) {
      setError(
        (e as DOMException).name === 'NotAllowedError'
          ? t('acto.cameraDenied')
          : t('acto.noCamera'),
      );
      return;
    }
    const v = video.current!;
    v.srcObject = stream.current;
    await v.play().catch(() => {});
    setOn(true);
    const tick = () => {
      const c = canvas.current;
      if (c && v.readyState >= 2 && v.videoWidth > 0) {
        const scale = Math.min(1, 640 / v.videoWidth);
        c.width = Math.round(v.videoWidth * scale);
        c.height = Math.round(v.videoHeight * scale);
        const ctx = c.getContext('2d', { willReadFrequently: true });
        if (ctx) {
          ctx.drawImage(v, 0, 0, c.width, c.height);
          const img = ctx.getImageData(0, 0, c.width, c.height);
          const code = decodeQr(img.data, img.width, img.height);
          const now = Date.now();
          if (code && (code !== last.current.code || now - last.current.at > 3000)) {
            last.current = { code, at: now };
            handler.current(code);
          }
        }
      }
      frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
  }

  return (
    <div className="checkin-camera">
      <Space wrap>
        {on ? (
          <Button onClick={stop}>{t('acto.stopCamera')}</Button>
        ) : (
          <Button type="primary" size="large" onClick={() => void start()}>
            {t('acto.startCamera')}
          </Button>
        )}
      </Space>
      {error && <Alert type="info" showIcon title={error} />}
      <video
        ref={video}
        className={on ? 'checkin-video' : 'checkin-video checkin-hidden'}
        muted
        playsInline
        aria-label={t('acto.cameraView')}
      />
      <canvas ref={canvas} className="checkin-hidden" aria-hidden />
    </div>
  );
}
