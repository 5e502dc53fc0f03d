import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Input,
  Select,
  Skeleton,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { formatCalendarDate, formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { kindKey, STATUS_CLASS, statusKey } from './Alerts.tsx';

const SeriesChart = lazy(() => import('./Chart.tsx'));
type Detail = Answer<'/api/hotspots/alerts/{id}', 'get'>;

/** One alert: the reasoning (14 days against the baseline), the evidence, and what to do. */
export function HotspotAlertPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { confirm, dialog } = useConfirm();
  const alert = useQuery({
    queryKey: ['hotspot-alert', id],
    queryFn: () => call(api.GET('/api/hotspots/alerts/{id}', { params: { path: { id } } })),
  });
  const a = alert.data;
  usePageTitle(a ? `${t('hs.title')}：${a.termLabel}` : t('hs.title'));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);
  const [note, setNote] = useState('');
  const [incident, setIncident] = useState('');
  const [incidentError, setIncidentError] = useState(false);
  // The responses under way that this person can see (the emergency module scopes them).
  const incidents = useQuery({
    queryKey: ['incidents', 'active-for-link'],
    queryFn: () =>
      call(api.GET('/api/incidents', { params: { query: { status: 'ACTIVE', pageSize: 100 } } })),
  });
  const reasonId = useId();
  const noteId = useId();
  const incidentId = useId();
  const done = (d: Detail, text: string) => {
    qc.setQueryData(['hotspot-alert', id], d);
    void qc.invalidateQueries({ queryKey: ['hotspot-alerts'] });
    message.success(text);
  };
  const dismiss = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/hotspots/alerts/{id}/dismiss', {
          params: { path: { id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: (d) => done(d, t('hs.dismissed')),
    onError: (e) => message.error(errorMessage(e)),
  });
  const ask = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/hotspots/alerts/{id}/request-content', {
          params: { path: { id } },
          body: { note: note.trim() },
        }),
      ),
    onSuccess: (d) => done(d, t('hs.asked')),
    onError: (e) => message.error(errorMessage(e)),
  });
  const link = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/hotspots/alerts/{id}/link-incident', {
          params: { path: { id } },
          body: { incidentId: incident.trim() },
        }),
      ),
    onSuccess: (d) => done(d, t('hs.linked')),
    onError: (e) => message.error(errorMessage(e)),
  });

  if (alert.isError)
    return (
      <section className="panel">
        <Alert type="error" showIcon title={errorMessage(alert.error)} />
      </section>
    );
  if (!a)
    return (
      <section className="panel">
        <Skeleton active />
      </section>
    );
  const theme = [...a.series].reverse().find((p) => p.themeDay)?.themeDay ?? null;
  const canAct = a.status === 'OPEN' || a.status === 'CONTENT_REQUESTED';
  return (
    <section className="panel" aria-labelledby="hs-d-h">
      <p>
        <Link to="/admin/hotspots">{t('hs.back')}</Link>
      </p>
      <h1 id="hs-d-h" className="page-title">
        {a.termLabel} · {a.regionName}{' '}
        <Tag className={STATUS_CLASS[a.status]}>{t(statusKey(a.status))}</Tag>
      </h1>
      <p>
        {t('hs.summary', {
          observed: a.observed,
          expected: Math.round(a.expected),
          score: a.score.toFixed(1),
        })}
      </p>
      {theme && <Alert type="info" showIcon title={t('hs.themeNote', { name: theme })} />}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'kind', label: t('hs.signal'), children: t(kindKey(a.kind)) },
          { key: 'raised', label: t('hs.raisedAt'), children: formatDayTime(a.raisedAt, lang) },
          {
            key: 'related',
            label: t('hs.related'),
            children: a.relatedTerms.length ? a.relatedTerms.join('、') : t('hs.nothing'),
          },
          ...(a.dismissReason
            ? [{ key: 'dr', label: t('hs.dismissReason'), children: a.dismissReason }]
            : []),
          ...(a.contentRequestNote
            ? [{ key: 'an', label: t('hs.askNote'), children: a.contentRequestNote }]
            : []),
        ]}
      />
      <h2>{t('hs.chartTitle')}</h2>
      <Suspense
        fallback={
          <div className="page-loading" role="status">
            <Spin aria-hidden />
          </div>
        }
      >
        <SeriesChart
          dates={a.series.map((p) => p.date)}
          counts={a.series.map((p) => p.count)}
          baseline={a.series.map((p) => p.baseline)}
          countLabel={t('hs.count')}
          baselineLabel={t('hs.baseline')}
          label={t('hs.chartLabel', { term: a.termLabel })}
        />
      </Suspense>
      <details>
        <summary>{t('hs.figures')}</summary>
        <Table
          size="small"
          rowKey="date"
          pagination={false}
          dataSource={a.series}
          columns={[
            {
              title: t('hs.date'),
              dataIndex: 'date',
              render: (d: string) => formatCalendarDate(d, lang),
            },
            { title: t('hs.count'), dataIndex: 'count' },
            { title: t('hs.baseline'), dataIndex: 'baseline' },
            {
              title: t('hs.themeDay'),
              dataIndex: 'themeDay',
              render: (v: string | null) => v ?? '',
            },
          ]}
        />
      </details>
      <div className="stack">
        <div>
          <h2>{t('hs.topQueries')}</h2>
          <Table
            size="small"
            rowKey="query"
            pagination={false}
            dataSource={a.topQueries}
            locale={{ emptyText: t('hs.nothing') }}
            columns={[
              { title: t('hs.query'), dataIndex: 'query' },
              { title: t('hs.count'), dataIndex: 'count' },
            ]}
          />
        </div>
        <div>
          <h2>{t('hs.regions')}</h2>
          <Table
            size="small"
            rowKey="division"
            pagination={false}
            dataSource={a.regions}
            locale={{ emptyText: t('hs.nothing') }}
            columns={[
              { title: t('hs.region'), dataIndex: 'name' },
              { title: t('hs.count'), dataIndex: 'count' },
            ]}
          />
        </div>
      </div>
      {canAct && (
        <>
          <h2>{t('hs.actions')}</h2>
          <div>
            <label className="field-label" htmlFor={noteId}>
              {t('hs.askNote')}
            </label>
            <Input.TextArea
              id={noteId}
              maxLength={500}
              rows={2}
              placeholder={t('hs.askNoteHint')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <p className="button-row">
              <Button
                type="primary"
                loading={ask.isPending}
                disabled={a.status !== 'OPEN'}
                onClick={() => ask.mutate()}
              >
                {t('hs.askContent')}
              </Button>
            </p>
          </div>
          <div>
            <label className="field-label" htmlFor={reasonId}>
              {t('hs.dismissReason')}
            </label>
            <Input
              id={reasonId}
              maxLength={500}
              placeholder={t('hs.dismissReasonHint')}
              value={reason}
              status={reasonError ? 'error' : undefined}
              aria-invalid={reasonError || undefined}
              aria-describedby={reasonError ? `${reasonId}-err` : undefined}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonError(false);
              }}
            />
            {reasonError && (
              <p id={`${reasonId}-err`} role="alert">
                <Typography.Text type="danger">{t('hs.reasonRequired')}</Typography.Text>
              </p>
            )}
            <p className="button-row">
              <Button
                danger
                loading={dismiss.isPending}
                onClick={async () => {
                  if (!reason.trim()) {
                    setReasonError(true);
                    return;
                  }
                  const yes = await confirm({
                    title: t('hs.dismissTitle', { term: a.termLabel }),
                    body: t('hs.dismissBody'),
                    action: t('hs.dismiss'),
                    danger: true,
                  });
                  if (yes) dismiss.mutate();
                }}
              >
                {t('hs.dismiss')}
              </Button>
            </p>
          </div>
          <div>
            <label className="field-label" htmlFor={incidentId}>
              {t('hs.incidentId')}
            </label>
            <Select
              id={incidentId}
              style={{ width: 'min(100%, 360px)' }}
              value={incident || undefined}
              status={incidentError ? 'error' : undefined}
              aria-invalid={incidentError || undefined}
              loading={incidents.isPending}
              notFoundContent={t('hs.noIncidents')}
              options={(incidents.data?.items ?? []).map((i) => ({
                value: i.id,
                label: `${i.title}（${i.hazardName}）`,
              }))}
              onChange={(v: string) => {
                setIncident(v);
                setIncidentError(false);
              }}
            />
            {incidentError && (
              <p role="alert">
                <Typography.Text type="danger">{t('hs.incidentInvalid')}</Typography.Text>
              </p>
            )}
            <p className="button-row">
              <Button
                loading={link.isPending}
                onClick={() => {
                  if (!incident) {
                    setIncidentError(true);
                    return;
                  }
                  link.mutate();
                }}
              >
                {t('hs.link')}
              </Button>
            </p>
          </div>
        </>
      )}
      {dialog}
    </section>
  );
}
