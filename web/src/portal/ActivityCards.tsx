import { Tag } from 'antd';
import { Link } from 'react-router';
import type { Lang } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { formatDayTime, formatTime } from '../lib/dates.ts';
import { useRefName } from '../lib/reference.ts';

/** Public activities' shared pieces: the card (list page, home), times and places left. */
export type PublicActivity = Answer<'/api/public/activities', 'get'>['items'][number];

/** A Beijing calendar day (YYYY-MM-DD) of an instant. */
export const chinaDay = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** 2026年12月6日 09:30—11:00 (the end's day only when it differs). */
export function sessionTime(startsAt: string, endsAt: string, lang: Lang): string {
  const end =
    chinaDay(startsAt) === chinaDay(endsAt)
      ? formatTime(endsAt, lang)
      : formatDayTime(endsAt, lang);
  return `${formatDayTime(startsAt, lang)}—${end}`;
}

/** Places: no limit / N left / full with M waiting. */
export function PlacesLeft({
  capacity,
  placesLeft,
  waitlist,
}: {
  capacity: number | null;
  placesLeft: number | null;
  waitlist: number;
}) {
  const { t } = usePrefs();
  if (capacity === null || placesLeft === null)
    return <span className="places places-open">{t('act.noLimit')}</span>;
  if (placesLeft > 0)
    return (
      <span className="places places-open">{t('act.placesLeft', { n: placesLeft, capacity })}</span>
    );
  return (
    <span className="places places-full">
      {waitlist > 0 ? t('act.fullWaiting', { n: waitlist }) : t('act.full')}
    </span>
  );
}

/** A public activity as a card: type, title, first session, place, host and places left. */
export function ActivityCard({ a, headingLevel = 2 }: { a: PublicActivity; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  const { t, lang } = usePrefs();
  const typeName = useRefName('ACTIVITY_TYPE');
  return (
    <article className="work-card activity-card">
      <div className="card-body">
        <p className="card-kicker">
          <Tag>{typeName(a.typeCode)}</Tag>
          {a.sessions.length > 1 && t('act.sessionsN', { n: a.sessions.length })}
        </p>
        <Heading className="card-title">
          <Link to={`/activities/${a.id}`}>{a.title}</Link>
        </Heading>
        {a.startsAt && a.endsAt && (
          <p className="card-meta">
            <span className="visually-hidden">{t('act.when')}：</span>
            {sessionTime(a.startsAt, a.endsAt, lang)}
          </p>
        )}
        <p className="card-meta">
          <span className="visually-hidden">{t('act.where')}：</span>
          {a.online ? t('act.online') : a.place}
        </p>
        <p className="card-meta">{t('act.hostBy', { host: a.host })}</p>
        <p className="card-meta">
          <PlacesLeft capacity={a.capacity} placesLeft={a.placesLeft} waitlist={a.waitlist} />
        </p>
      </div>
    </article>
  );
}
