/**
 * The ticket, told to the person when a registration becomes CONFIRMED (at once, by the host's
 * approval, or by taking an offered place): in the inbox and by e-mail with the ticket code, a link
 * to the printable ticket and the session as an .ics attachment (Asia/Shanghai times), built when
 * the mail goes out.
 */
import type { Executor } from '#platform/db/connect.ts';
import { defineNotification } from '#platform/notify/define.ts';
import { notify } from '#platform/notify/notify.ts';
import { registrationCalendar } from './feeds.ts';
import * as repo from './repo.ts';
import { placeOf } from './service.ts';

const CHINA = 8 * 3_600_000;
/** "2026-12-10 09:30–11:30" (Beijing), or with the end's day when it ends another day. */
export function chinaSpan(startsAt: string, endsAt: string): string {
  const f = (iso: string) =>
    new Date(Date.parse(iso) + CHINA).toISOString().slice(0, 16).replace('T', ' ');
  const [s, e] = [f(startsAt), f(endsAt)];
  return s.slice(0, 10) === e.slice(0, 10) ? `${s}–${e.slice(11)}` : `${s} – ${e}`;
}

export const TICKET_ISSUED = defineNotification<{
  registrationId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  quantity: number;
  ticketCode: string;
}>({
  kind: 'activity.ticket',
  label: { 'zh-CN': '活动电子票', 'en-US': 'My activity tickets' },
  emailByDefault: true,
  render: (p, locale) => {
    const when = `${chinaSpan(p.startsAt, p.endsAt)}${locale === 'zh-CN' ? '（北京时间）' : ' (Beijing time)'}`;
    return locale === 'zh-CN'
      ? {
          title: `「${p.title}」报名成功：电子票`,
          body: [
            `时间：${when}`,
            p.place ? `地点：${p.place}` : '',
            `人数：${p.quantity}`,
            `票码：${p.ticketCode}`,
            '入场时请出示电子票二维码（在“我的”或下方链接中打开，可打印）。附件是这场活动的日历文件，可加入手机日历。',
          ]
            .filter(Boolean)
            .join('\n'),
          link: `/me/tickets/${p.registrationId}`,
        }
      : {
          title: `Your ticket for “${p.title}”`,
          body: [
            `When: ${when}`,
            p.place ? `Where: ${p.place}` : '',
            `Places: ${p.quantity}`,
            `Ticket code: ${p.ticketCode}`,
            'Show the ticket’s QR code at the door (open it from My page or the link below; it prints). The attachment adds the session to your calendar.',
          ]
            .filter(Boolean)
            .join('\n'),
          link: `/me/tickets/${p.registrationId}`,
        };
  },
  attachments: async (registrationId, { db, config }) => {
    const ics = await registrationCalendar(db, registrationId, config.publicUrl);
    return ics
      ? [
          {
            filename: 'activity.ics',
            content: ics,
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          },
        ]
      : [];
  },
});

/** Tells the person their ticket, in the transaction that confirmed the registration. */
export async function tellTicket(tx: Executor, registrationId: string): Promise<void> {
  const r = await repo.findRegistration(tx, registrationId);
  if (!r || r.status !== 'CONFIRMED' || !r.ticketCode) return;
  const [a, s] = await Promise.all([
    repo.findActivity(tx, r.activityId),
    repo.findSession(tx, r.sessionId),
  ]);
  if (!a || !s) return;
  await notify(
    tx,
    [r.userId],
    TICKET_ISSUED,
    {
      registrationId: r.id,
      title: a.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      place: placeOf(a),
      quantity: r.quantity,
      ticketCode: r.ticketCode,
    },
    { attachRef: r.id },
  );
}
