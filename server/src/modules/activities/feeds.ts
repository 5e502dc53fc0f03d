/**
 * iCalendar feeds (RFC 5545): one VEVENT per session, times in Asia/Shanghai (TZID, with its
 * VTIMEZONE: UTC+8 all year, no daylight saving since 1991), UID `<session id>@kepu`.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import type { Db } from '#platform/db/connect.ts';
import { AppError } from '#platform/errors.ts';
import * as repo from './repo.ts';
import type { FeedQuery } from './schema.ts';
import { placeOf, publicFilter } from './service.ts';

const TZ = 'Asia/Shanghai';
const CHINA = 8 * 3_600_000;
/** A feed lists at most this many sessions (the nearest first). */
const FEED_LIMIT = 2000;

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZ}`,
  `X-LIC-LOCATION:${TZ}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/**
 * China wall-clock time as the Temporal-shaped value ical-generator formats with TZID (a native
 * Date would be written in the server's own time zone).
 */
function chinaTime(iso: string) {
  const d = new Date(Date.parse(iso) + CHINA);
  const f = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  const plain = {
    ...f,
    toPlainDate: () => ({ year: f.year, month: f.month, day: f.day }),
    toZonedDateTime: () => zoned,
    toString: () => iso,
  };
  const zoned = {
    ...f,
    timeZoneId: TZ,
    epochMilliseconds: Date.parse(iso),
    toPlainDateTime: () => plain,
    withTimeZone: () => zoned,
    toInstant: () => ({ epochMilliseconds: Date.parse(iso), toString: () => iso }),
    toString: () => iso,
    toJSON: () => iso,
    valueOf: () => Date.parse(iso),
  };
  return zoned as never;
}

type FeedRow = Awaited<ReturnType<typeof repo.feedSessions>>[number];

function calendar(name: string, rows: FeedRow[], publicUrl: string, cancelled = false) {
  const cal = ical({
    name,
    prodId: { company: 'kepu', product: 'activities', language: 'ZH' },
    timezone: { name: TZ, generator: () => VTIMEZONE },
  });
  for (const r of rows) {
    const url = `${publicUrl.replace(/\/$/, '')}/activities/${r.id}`;
    cal.createEvent({
      id: `${r.sessionId}@kepu`,
      start: chinaTime(r.startsAt),
      end: chinaTime(r.endsAt),
      timezone: TZ,
      stamp: new Date(r.updatedAt),
      summary: r.title,
      description: [r.summary, `主办：${r.host}`].filter(Boolean).join('\n'),
      location:
        r.lat !== null && r.lng !== null
          ? { title: placeOf(r) || r.host, geo: { lat: r.lat, lon: r.lng } }
          : placeOf(r) || null,
      url,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

export async function activitiesFeed(db: Db, q: FeedQuery, publicUrl: string) {
  const rows = await repo.feedSessions(db, publicFilter(q), FEED_LIMIT);
  return calendar('科普活动', rows, publicUrl);
}

export async function activityFeed(db: Db, id: string, publicUrl: string) {
  const a = await repo.findActivity(db, id);
  if (!a || a.status === 'DRAFT' || a.status === 'PENDING_REVIEW') throw new AppError('NOT_FOUND');
  const sessions = await repo.sessionsOf(db, [id]);
  const rows: FeedRow[] = sessions.map((s) => ({
    sessionId: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    id: a.id,
    title: a.title,
    summary: a.summary,
    address: a.address,
    onlineUrl: a.onlineUrl,
    lat: a.lat,
    lng: a.lng,
    updatedAt: a.updatedAt,
    host: a.host,
  }));
  return calendar(a.title, rows, publicUrl, a.status === 'CANCELLED');
}

/** One registration's session as a calendar entry: the ticket e-mail's .ics attachment. */
export async function registrationCalendar(db: Db, registrationId: string, publicUrl: string) {
  const r = await repo.findRegistration(db, registrationId);
  const a = r && (await repo.findActivity(db, r.activityId));
  const s = r && (await repo.findSession(db, r.sessionId));
  if (!r || !a || !s) return null;
  const row: FeedRow = {
    sessionId: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    id: a.id,
    title: a.title,
    summary: a.summary,
    address: a.address,
    onlineUrl: a.onlineUrl,
    lat: a.lat,
    lng: a.lng,
    updatedAt: a.updatedAt,
    host: a.host,
  };
  return calendar(a.title, [row], publicUrl, a.status === 'CANCELLED' || s.status === 'CANCELLED');
}
