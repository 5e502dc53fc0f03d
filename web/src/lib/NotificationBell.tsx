import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePrefs } from '../i18n/index.tsx';

/** How often the bell asks for the unread count while a page stays open. */
const POLL_MS = 60_000;

/** The header's 消息 link with the unread count (signed-in people only). */
export function NotificationBell({ to = '/me/notifications' }: { to?: string }) {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => call(api.GET('/api/me/notifications/unread')),
    refetchInterval: POLL_MS,
  });
  const n = q.data?.unread ?? 0;
  return (
    <NavLink
      to={to}
      className="bell"
      aria-label={n > 0 ? t('notify.bellUnread', { n }) : t('notify.bell')}
    >
      <span aria-hidden>{t('notify.bell')}</span>
      {n > 0 && (
        <span className="bell-count" aria-hidden>
          {n > 99 ? '99+' : n}
        </span>
      )}
    </NavLink>
  );
}
