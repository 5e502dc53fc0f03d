import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Skeleton } from 'antd';
import { useEffect } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ME_KEY, useMe } from '../lib/auth.ts';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

/** The link's page is nobody's to index. */
function useNoIndex() {
  useEffect(() => {
    const meta = document.createElement('meta');
    meta.name = 'robots';
    meta.content = 'noindex, nofollow';
    document.head.appendChild(meta);
    return () => meta.remove();
  }, []);
}

/**
 * /join/expert/:token — the page an invitation mail links to: who invites, from which unit; a
 * signed-in person accepts and goes on to their expert profile, anyone else signs in or registers
 * first and comes back here.
 */
export function JoinExpertPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('joinExpert.title'));
  useNoIndex();
  const { token = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const invitation = useQuery({
    queryKey: ['expert-invitation', token],
    queryFn: () =>
      call(api.GET('/api/public/expert-invitations/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const accept = useMutation({
    mutationFn: () =>
      call(api.POST('/api/expert-invitations/{token}/accept', { params: { path: { token } } })),
    onSuccess: async (r) => {
      // The new role is in the next /api/auth/me.
      await qc.invalidateQueries({ queryKey: ME_KEY });
      navigate(r.next, { replace: true });
    },
  });
  const here = encodeURIComponent(location.pathname);
  const inv = invitation.data;
  return (
    <div className="auth-card">
      <h1>{t('joinExpert.title')}</h1>
      {invitation.isPending && <Skeleton active aria-busy />}
      {invitation.isError && (
        <Alert
          type="warning"
          showIcon
          title={t('joinExpert.cannot')}
          description={errorMessage(invitation.error)}
        />
      )}
      {inv && (
        <>
          <p>{t('joinExpert.greeting', { name: inv.inviteeName })}</p>
          <p>{t('joinExpert.text', { inviter: inv.inviterName, unit: inv.organisationName })}</p>
          {inv.message && (
            <blockquote className="join-expert-message">
              <p className="muted">{t('joinExpert.message', { inviter: inv.inviterName })}</p>
              {inv.message.split('\n').map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines of one fixed text
                <p key={i}>{line}</p>
              ))}
            </blockquote>
          )}
          <p className="muted">
            {t('joinExpert.until', { date: formatDate(inv.expiresAt, lang) })}
          </p>
          {accept.isError && (
            <Alert type="error" showIcon title={errorMessage(accept.error)} role="alert" />
          )}
          {me.isPending ? (
            <Skeleton.Button active />
          ) : me.data?.user ? (
            <>
              <p>{t('joinExpert.signedInAs', { name: me.data.user.displayName })}</p>
              <div className="button-row">
                <Button
                  type="primary"
                  size="large"
                  loading={accept.isPending}
                  onClick={() => accept.mutate()}
                >
                  {t('joinExpert.accept')}
                </Button>
              </div>
            </>
          ) : (
            <>
              <p>{t('joinExpert.signInFirst')}</p>
              <div className="button-row">
                <Link className="ant-btn ant-btn-primary ant-btn-lg" to={`/login?next=${here}`}>
                  {t('joinExpert.signIn')}
                </Link>
                <Link className="ant-btn ant-btn-lg" to={`/register?next=${here}`}>
                  {t('joinExpert.register')}
                </Link>
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
