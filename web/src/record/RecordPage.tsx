import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Skeleton, Table } from 'antd';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate, todayInChina } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type PersonRecord = Answer<'/api/record', 'get'>;

/**
 * 我的科普档案: the person's works, talks, led and attended activities, reviews, volunteer hours
 * and certificates over a range of years, from the modules; PDF and Excel with a verification
 * code. `?userId=` opens a person of the units the reader administers (the server checks).
 */
export function RecordPage() {
  const { t, lang } = usePrefs();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayInChina().slice(0, 4));
  const userId = params.get('userId') ?? undefined;
  const toYear = Number(params.get('to')) || thisYear;
  const fromYear = Number(params.get('from')) || Math.min(toYear, thisYear - 4);
  const query = { ...(userId ? { userId } : {}), fromYear, toYear };
  const record = useQuery({
    queryKey: ['record', query],
    queryFn: () => call(api.GET('/api/record', { params: { query } })),
  });
  const r = record.data;
  const title = userId && r ? t('rec.titleOf', { name: r.name }) : t('rec.title');
  usePageTitle(title);
  const years = Array.from({ length: 30 }, (_, i) => thisYear + 1 - i).map((y) => ({
    value: y,
    label: t('rec.year', { year: y }),
  }));
  const set = (k: 'from' | 'to', v: number) => {
    const next = new URLSearchParams(params);
    next.set(k, String(v));
    setParams(next, { replace: true });
  };
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const day = (iso: string) => formatDate(iso, lang);

  const section = <T extends object>(
    key: MessageKey,
    s: { items: T[]; total: number },
    columns: { title: string; render: (x: T) => ReactNode }[],
    rowKey: (x: T) => string,
    extra?: ReactNode,
  ) => (
    <section className="panel" aria-labelledby={`rec-${key}`} key={key}>
      <h2 id={`rec-${key}`}>
        {t(key)} <span className="muted">{t('rec.count', { n: s.total })}</span>
      </h2>
      {extra}
      <Table
        size="small"
        rowKey={rowKey}
        pagination={s.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        dataSource={s.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rec.none') }}
        columns={columns.map((c, i) => ({ key: i, title: c.title, render: (_, x) => c.render(x) }))}
      />
      {s.total > s.items.length && (
        <p className="muted">
          {t('rec.more', { shown: s.items.length, more: s.total - s.items.length })}
        </p>
      )}
    </section>
  );
  const activityColumns = [
    { title: t('rec.col.title'), render: (a: { title: string }) => a.title },
    { title: t('rec.col.date'), render: (a: { startsAt: string }) => day(a.startsAt) },
    { title: t('rec.col.host'), render: (a: { host: string }) => a.host },
  ];

  return (
    <>
      <h1>{title}</h1>
      <p className="muted">{t('rec.text')}</p>
      <div className="button-row">
        <span>
          {t('rec.from')}{' '}
          <Select
            aria-label={t('rec.from')}
            value={fromYear}
            options={years.filter((y) => y.value <= toYear)}
            onChange={(v) => set('from', v)}
            style={{ minWidth: 110 }}
          />
        </span>
        <span>
          {t('rec.to')}{' '}
          <Select
            aria-label={t('rec.to')}
            value={toYear}
            options={years.filter((y) => y.value >= fromYear)}
            onChange={(v) => set('to', v)}
            style={{ minWidth: 110 }}
          />
        </span>
        <a className="ant-btn ant-btn-primary" href={`/api/record/pdf?${qs}`} download>
          {t('rec.pdf')}
        </a>
        <a className="ant-btn" href={`/api/record/xlsx?${qs}`} download>
          {t('rec.xlsx')}
        </a>
      </div>
      <p className="muted">
        {t('rec.verifyHint')}
        <Link to="/verify">{t('rec.verifyLink')}</Link>
      </p>
      {record.isError && <Alert type="error" showIcon title={errorMessage(record.error)} />}
      {record.isPending && <Skeleton active />}
      {r && (
        <>
          {section(
            'rec.works',
            r.works,
            [
              { title: t('rec.col.title'), render: (w) => w.title },
              { title: t('rec.col.type'), render: (w) => w.typeName },
              { title: t('rec.col.date'), render: (w) => day(w.publishedAt) },
            ],
            (w) => w.id,
          )}
          {section('rec.talks', r.talks, activityColumns, (a) => a.id)}
          {section('rec.led', r.led, activityColumns, (a) => a.id)}
          {section('rec.attended', r.attended, activityColumns, (a) => `${a.id}-${a.startsAt}`)}
          {section(
            'rec.reviews',
            r.reviews,
            [
              { title: t('rec.col.title'), render: (x) => x.title },
              { title: t('rec.col.year'), render: (x) => t('rec.year', { year: x.year }) },
              { title: t('rec.col.count'), render: (x) => x.count },
            ],
            (x) => `${x.callId}-${x.year}`,
            <p className="muted">{t('rec.scored', { n: r.reviews.scored })}</p>,
          )}
          {section(
            'rec.hours',
            { items: r.volunteerHours.items, total: r.volunteerHours.items.length },
            [
              { title: t('rec.col.year'), render: (x) => t('rec.year', { year: x.year }) },
              { title: t('rec.col.hours'), render: (x) => x.hours },
              { title: t('rec.col.hosts'), render: (x) => x.hosts.join('、') },
            ],
            (x) => String(x.year),
            <p className="muted">{t('rec.totalHours', { n: r.volunteerHours.total })}</p>,
          )}
          {section(
            'rec.certificates',
            r.certificates,
            [
              { title: t('rec.col.title'), render: (c) => c.title },
              { title: t('rec.col.kind'), render: (c) => t(`rec.kind.${c.kind}` as MessageKey) },
              { title: t('rec.col.issuer'), render: (c) => c.organisationName },
              { title: t('rec.col.date'), render: (c) => day(c.issuedAt) },
            ],
            (c) => c.id,
          )}
        </>
      )}
    </>
  );
}
