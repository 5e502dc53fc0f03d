import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, List, Select, Skeleton } from 'antd';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatCalendarDate, formatDate, todayInChina } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { StandingTag, StatusTag } from './Appointments.tsx';

/** 我的聘任: the titles I hold, their terms, and this year's activities that count for the duty. */
export function MyAppointmentsPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('mine.title'));
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayInChina().slice(0, 4));
  const year = Number(params.get('year')) || thisYear;
  const mine = useQuery({
    queryKey: ['my-appointments', year],
    queryFn: () => call(api.GET('/api/me/appointments', { params: { query: { year } } })),
  });
  return (
    <>
      <h1>{t('mine.title')}</h1>
      <p className="muted">{t('mine.text')}</p>
      <div className="filter-bar">
        <Select
          aria-label={t('appt.year')}
          value={String(year)}
          onChange={(v) => setParams(v === String(thisYear) ? {} : { year: v })}
          options={[0, 1, 2, 3, 4].map((d) => ({
            value: String(thisYear - d),
            label: lang === 'zh-CN' ? `${thisYear - d}年` : String(thisYear - d),
          }))}
          style={{ minWidth: 100 }}
        />
      </div>
      {mine.isError && <Alert type="error" showIcon title={errorMessage(mine.error)} />}
      {mine.isPending && <Skeleton active aria-busy />}
      {mine.data && mine.data.items.length === 0 && <p>{t('mine.none')}</p>}
      {mine.data?.items.map((a) => (
        <section className="panel" key={a.id} aria-labelledby={`appt-${a.id}`}>
          <h2 id={`appt-${a.id}`}>
            {a.honorific} <StatusTag status={a.status} />
          </h2>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('appt.term')}>
              {formatCalendarDate(a.startDate, lang)} – {formatCalendarDate(a.endDate, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.batch')}>{a.batch}</Descriptions.Item>
            {a.docNo && <Descriptions.Item label={t('appt.docNo')}>{a.docNo}</Descriptions.Item>}
            {a.nominatingOrgName && (
              <Descriptions.Item label={t('appt.fromNomination')}>
                {a.nominatingOrgName}
              </Descriptions.Item>
            )}
            {a.studio && (
              <Descriptions.Item label={t('appt.studio')}>{a.studio.name}</Descriptions.Item>
            )}
            {a.withdrawReason && (
              <Descriptions.Item label={t('appt.withdrawReason')}>
                {a.withdrawReason}
              </Descriptions.Item>
            )}
            {a.certificateCode && (
              <Descriptions.Item label={t('appt.certificate')}>
                <a href={`/verify/${a.certificateCode}`}>{a.certificateCode}</a>
              </Descriptions.Item>
            )}
          </Descriptions>
          {a.status !== 'WITHDRAWN' && (
            <>
              <h3>
                {t('appt.duty', { year })} <StandingTag standing={a.duty.standing} />
              </h3>
              <p>{t('appt.dutyLine', { led: a.duty.led, required: a.duty.required })}</p>
            </>
          )}
        </section>
      ))}
      {mine.data && mine.data.items.length > 0 && (
        <section className="panel" aria-labelledby="led-h">
          <h2 id="led-h">{t('mine.led', { year })}</h2>
          <List
            dataSource={mine.data.items[0]?.ledActivities ?? []}
            locale={{ emptyText: t('mine.noneLed') }}
            renderItem={(x) => (
              <List.Item>
                <a href={`/activities/${x.id}`}>{x.title}</a>
                <span className="muted">
                  {t(`mine.role.${x.role}` as MessageKey)} · {formatDate(x.startsAt, lang)}
                </span>
              </List.Item>
            )}
          />
        </section>
      )}
    </>
  );
}
