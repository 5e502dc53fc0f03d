import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Pagination, Select, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { applyServerError, errorMessage } from '../lib/forms.ts';
import { useProvinces, useRefName, useRefOptions } from '../lib/reference.ts';

type Item = Answer<'/api/public/debunks', 'get'>['items'][number];
const PAGE_SIZE = 10;
/** The server takes a screenshot of at most 2 MB. */
const SCREENSHOT_MAX = 2 * 1024 * 1024;

const verdictClass = (v: string) =>
  v === 'DEBUNKED'
    ? 'state-tag state-tag-warn'
    : v === 'CONFIRMED'
      ? 'state-tag state-tag-ok'
      : 'state-tag state-tag-plain';

function Links() {
  const { t } = usePrefs();
  return (
    <p className="button-row">
      <Link to="/debunks/report">{t('dbk.report')}</Link>
      <Link to="/debunks/board">{t('dbk.board')}</Link>
      <span className="muted">
        {t('dbk.feeds')} <a href="/api/public/debunks/feed.rss">{t('dbk.rss')}</a> ·{' '}
        <a href="/api/public/debunks/feed.json">{t('dbk.jsonFeed')}</a>
      </span>
    </p>
  );
}

/** /debunks: the 辟谣 channel, newest first, by words, hazard type and province. */
export function DebunksPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('dbk.channel'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const hazard = params.get('hazard') ?? '';
  const division = params.get('division') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const hazards = useRefOptions('HAZARD_TYPE');
  const hazardName = useRefName('HAZARD_TYPE');
  const provinces = useProvinces();
  const list = useQuery({
    queryKey: ['public-debunks', q, hazard, division, page],
    queryFn: () =>
      call(
        api.GET('/api/public/debunks', {
          params: {
            query: {
              ...(q ? { q } : {}),
              ...(hazard ? { hazard } : {}),
              ...(division ? { division } : {}),
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
  });
  const go = (next: { q?: string; hazard?: string; division?: string; page?: number }) => {
    const v = { q, hazard, division, ...next };
    setParams({
      ...(v.q ? { q: v.q } : {}),
      ...(v.hazard ? { hazard: v.hazard } : {}),
      ...(v.division ? { division: v.division } : {}),
      ...(next.page && next.page > 1 ? { page: String(next.page) } : {}),
    });
  };
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> / {t('dbk.channel')}
      </p>
      <h1 className="page-title">{t('dbk.channel')}</h1>
      <p className="muted">{t('dbk.channelText')}</p>
      <Links />
      <div className="button-row">
        <label htmlFor="debunks-q" className="visually-hidden">
          {t('dbk.search')}
        </label>
        <Input.Search
          id="debunks-q"
          allowClear
          defaultValue={q}
          placeholder={t('dbk.search')}
          enterButton={t('dbk.searchButton')}
          onSearch={(v) => go({ q: v.trim() })}
          style={{ maxWidth: 420 }}
        />
        <Select
          aria-label={t('dbk.hazard')}
          value={hazard || ''}
          onChange={(v) => go({ hazard: v })}
          options={[{ value: '', label: t('dbk.anyHazard') }, ...hazards.options]}
          style={{ minWidth: 150 }}
        />
        <Select
          aria-label={t('dbk.region')}
          value={division || ''}
          onChange={(v) => go({ division: v })}
          options={[
            { value: '', label: t('dbk.anyRegion') },
            ...(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name })),
          ]}
          style={{ minWidth: 150 }}
        />
      </div>
      {list.isPending && <Skeleton active aria-busy />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.total === 0 && <p className="muted">{t('dbk.none')}</p>}
      {list.data && list.data.total > 0 && (
        <>
          <p className="muted">{t('dbk.count', { n: list.data.total })}</p>
          <ul className="notices-list">
            {list.data.items.map((d: Item) => (
              <li key={d.id} className="notices-item">
                <h2>
                  <Link to={`/debunks/${d.id}`}>{d.title}</Link>{' '}
                  <Tag className={verdictClass(d.verdict)}>
                    {t(`dbk.verdict${d.verdict}` as MessageKey)}
                  </Tag>
                </h2>
                <p className="notices-meta">
                  {[
                    t(`dbk.kind${d.kind}` as MessageKey),
                    d.hazard ? hazardName(d.hazard) : null,
                    t('dbk.published', { date: formatDate(d.publishedAt, lang) }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                {d.summary && <p>{d.summary}</p>}
              </li>
            ))}
          </ul>
          {list.data.total > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              showSizeChanger={false}
              onChange={(p) => go({ page: p })}
            />
          )}
        </>
      )}
    </div>
  );
}

/** /debunks/:id: one entry — each rumour with its facts, who verified it, experts, sources. */
export function DebunkPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const hazardName = useRefName('HAZARD_TYPE');
  const one = useQuery({
    queryKey: ['public-debunk', id],
    queryFn: () => call(api.GET('/api/public/debunks/{id}', { params: { path: { id } } })),
  });
  usePageTitle(one.data?.title ?? t('dbk.channel'));
  if (one.isPending) return <Skeleton active aria-busy />;
  if (one.isError) return <Alert type="error" showIcon title={errorMessage(one.error)} />;
  const d = one.data;
  return (
    <article className="stack">
      <p className="work-breadcrumb">
        <Link to="/debunks">{t('dbk.channel')}</Link> / {d.title}
      </p>
      <h1 className="page-title">{d.title}</h1>
      <p className="notices-meta">
        <Tag className={verdictClass(d.verdict)}>{t(`dbk.verdict${d.verdict}` as MessageKey)}</Tag>{' '}
        {[
          t(`dbk.kind${d.kind}` as MessageKey),
          d.hazard ? hazardName(d.hazard) : null,
          t('dbk.published', { date: formatDate(d.publishedAt, lang) }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {d.summary && <p>{d.summary}</p>}
      {d.claims.map((c, i) => (
        <section
          // biome-ignore lint/suspicious/noArrayIndexKey: the entry's fixed, ordered claims
          key={i}
          className="panel"
          aria-labelledby={`dbk-c-${i}`}
        >
          <h2 id={`dbk-c-${i}`}>
            {d.claims.length > 1 ? t('dbk.claimN', { n: i + 1 }) : t('dbk.claimOne')}
          </h2>
          <blockquote className="debunk-rumour">{c.rumour}</blockquote>
          <h3>{t('dbk.truth')}</h3>
          {c.truth.split(/\n+/).map((p) => (
            <p key={p.slice(0, 24)}>{p}</p>
          ))}
        </section>
      ))}
      <dl className="debunk-facts">
        {d.authority && (
          <>
            <dt>{t('dbk.authority')}</dt>
            <dd>{d.authority}</dd>
          </>
        )}
        {d.experts.length > 0 && (
          <>
            <dt>{t('dbk.experts')}</dt>
            <dd>
              {d.experts.map((e, i) => (
                <span key={e.userId}>
                  {i > 0 && '、'}
                  <Link to={`/experts/${e.userId}`}>{e.name}</Link>
                  {e.title && `（${e.title}）`}
                </span>
              ))}
            </dd>
          </>
        )}
        {d.sources.length > 0 && (
          <>
            <dt>{t('dbk.sources')}</dt>
            <dd>
              {d.sources
                .map((s) => [s.platform, s.account].filter(Boolean).join(' '))
                .filter(Boolean)
                .join('；')}
            </dd>
          </>
        )}
        <dt>{t('dbk.publisher')}</dt>
        <dd>{d.organisationName}</dd>
      </dl>
      <Links />
    </article>
  );
}

const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

/** /debunks/board: the month's 流言榜. */
export function BoardPage() {
  const { t, lang } = usePrefs();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? params.get('month')!
    : thisMonth();
  const hazardName = useRefName('HAZARD_TYPE');
  const title = t('dbk.boardTitle', { month });
  usePageTitle(title);
  const board = useQuery({
    queryKey: ['debunk-board', month],
    queryFn: () => call(api.GET('/api/public/debunks/board', { params: { query: { month } } })),
  });
  const months = Array.from({ length: 6 }, (_, i) => {
    const d = new Date(`${thisMonth()}-15T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - i);
    return d.toISOString().slice(0, 7);
  });
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/debunks">{t('dbk.channel')}</Link> / {t('dbk.board')}
      </p>
      <h1 className="page-title">{title}</h1>
      <p className="muted">{t('dbk.boardText')}</p>
      <Select
        aria-label={t('dbk.month')}
        value={month}
        onChange={(v) => setParams({ month: v })}
        options={months.map((m) => ({ value: m, label: m }))}
        style={{ minWidth: 140 }}
      />
      {board.isPending && <Skeleton active aria-busy />}
      {board.isError && <Alert type="error" showIcon title={errorMessage(board.error)} />}
      {board.data && board.data.items.length === 0 && <p className="muted">{t('dbk.boardNone')}</p>}
      <ol className="notices-list">
        {(board.data?.items ?? []).map((b) => (
          <li key={b.id} className="notices-item">
            <h2>
              <span className="muted">{t('dbk.rank', { n: b.rank })}</span>{' '}
              <Link to={`/debunks/${b.id}`}>{b.title}</Link>
            </h2>
            <p className="notices-meta">
              {[
                t(`dbk.kind${b.kind}` as MessageKey),
                b.hazard ? hazardName(b.hazard) : null,
                formatDate(b.publishedAt, lang),
                t('dbk.reportsViews', { reports: b.reports, views: b.views }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}

type ReportForm = {
  text: string;
  platform?: string;
  link?: string;
  contact?: string;
  hazard?: string;
  divisionCode?: string;
};

/** /debunks/report: anyone reports a rumour; no account needed. */
export function ReportPage() {
  const { t } = usePrefs();
  usePageTitle(t('dbk.reportTitle'));
  const [form] = Form.useForm<ReportForm>();
  const [done, setDone] = useState(false);
  const [error, setError] = useState('');
  const [shot, setShot] = useState<string | null>(null);
  const [shotError, setShotError] = useState('');
  const hazards = useRefOptions('HAZARD_TYPE');
  const provinces = useProvinces();
  const send = useMutation({
    mutationFn: (v: ReportForm) =>
      call(
        api.POST('/api/public/rumour-reports', {
          body: {
            text: v.text,
            platform: v.platform ?? '',
            link: v.link ?? '',
            contact: v.contact?.trim() ? v.contact.trim() : null,
            hazard: v.hazard || null,
            divisionCode: v.divisionCode || null,
            screenshot: shot,
          },
        }),
      ),
    onSuccess: () => {
      setDone(true);
      setError('');
      setShot(null);
      form.resetFields();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/debunks">{t('dbk.channel')}</Link> / {t('dbk.reportTitle')}
      </p>
      <h1 className="page-title">{t('dbk.reportTitle')}</h1>
      <p className="muted">{t('dbk.reportText')}</p>
      {done ? (
        <div className="stack">
          <Alert type="success" showIcon title={t('dbk.reportDone')} role="status" />
          <Button onClick={() => setDone(false)}>{t('dbk.reportAnother')}</Button>
        </div>
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => send.mutate(v)}
          style={{ maxWidth: 560 }}
        >
          {error && <Alert type="error" showIcon title={error} />}
          <Form.Item
            name="text"
            label={t('dbk.reportWhat')}
            extra={t('dbk.reportWhatHelp')}
            rules={[{ required: true, whitespace: true, message: t('dbk.reportWhatRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item name="platform" label={t('dbk.reportPlatform')}>
            <Input maxLength={60} placeholder={t('dbk.reportPlatformHint')} />
          </Form.Item>
          <Form.Item
            name="link"
            label={t('dbk.reportLink')}
            rules={[{ pattern: /^https?:\/\//i, message: t('dbk.reportLinkInvalid') }]}
          >
            <Input maxLength={500} inputMode="url" />
          </Form.Item>
          <Form.Item name="hazard" label={t('dbk.hazard')}>
            <Select allowClear options={hazards.options} />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('dbk.region')}>
            <Select
              allowClear
              options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            />
          </Form.Item>
          <div className="ant-form-item">
            <label htmlFor="dbk-shot" className="debunk-file-label">
              {t('dbk.reportScreenshot')}
            </label>
            <input
              id="dbk-shot"
              type="file"
              accept="image/png,image/jpeg,image/webp,image/gif"
              aria-describedby="dbk-shot-help"
              onChange={(e) => {
                const file = e.target.files?.[0];
                setShot(null);
                setShotError('');
                if (!file) return;
                if (file.size > SCREENSHOT_MAX) {
                  setShotError(t('dbk.reportScreenshotTooBig'));
                  e.target.value = '';
                  return;
                }
                const reader = new FileReader();
                reader.onload = () =>
                  setShot(String(reader.result).replace(/^data:[^,]*;base64,/, ''));
                reader.readAsDataURL(file);
              }}
            />
            <p id="dbk-shot-help" className="muted">
              {t('dbk.reportScreenshotHelp')}
            </p>
            {shotError && <Alert type="error" showIcon title={shotError} />}
          </div>
          <Form.Item
            name="contact"
            label={t('dbk.reportContact')}
            extra={t('dbk.reportContactHelp')}
          >
            <Input maxLength={100} autoComplete="tel" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={send.isPending}>
            {t('dbk.reportSubmit')}
          </Button>
        </Form>
      )}
    </div>
  );
}
