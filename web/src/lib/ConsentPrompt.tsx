import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button } from 'antd';
import { Link, useLocation } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { ME_KEY, signOut } from './auth.ts';
import { formatDate } from './dates.ts';
import { errorMessage } from './forms.ts';
import { FormAlert, useFormMutation } from './mutations.tsx';
import { type PolicyKind, policyKey, usePolicy } from './policies.ts';

const PATHS: Record<PolicyKind, string> = { PRIVACY: '/privacy', TERMS: '/terms' };
const CONSENTS_KEY = ['my-consents'] as const;

/**
 * After a new privacy policy or user agreement is published (or for an account an administrator
 * made, which never consented), a signed-in person is asked to accept it, in portal and console:
 * a banner above every page, not a modal, so urgent work is not held up; it names what changed
 * and links to the documents; the alternative is to sign out. Not shown on the documents' pages.
 */
export function ConsentPrompt({ me }: { me: Me | null | undefined }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { pathname } = useLocation();
  const asked = !!me?.consentRequired && !me.passwordChangeRequired && !me.mfaEnrolmentRequired;
  const status = useQuery({
    queryKey: CONSENTS_KEY,
    queryFn: () => call(api.GET('/api/me/consents')),
    enabled: asked,
  });
  const privacy = usePolicy('PRIVACY', asked);
  const terms = usePolicy('TERMS', asked);
  const accept = useFormMutation(null, {
    mutationFn: (versions: { privacyVersion: number; termsVersion: number }) =>
      call(api.POST('/api/me/consents', { body: versions })),
    onSuccess: async () => {
      message.success(t('consent.done'));
      await qc.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: async (e) => {
      // A version published meanwhile: show the newest before asking again.
      if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') {
        await Promise.all([
          qc.invalidateQueries({ queryKey: CONSENTS_KEY }),
          qc.invalidateQueries({ queryKey: policyKey('PRIVACY') }),
          qc.invalidateQueries({ queryKey: policyKey('TERMS') }),
        ]);
      }
    },
  });
  if (!asked || pathname === PATHS.PRIVACY || pathname === PATHS.TERMS) return null;

  const s = status.data;
  const changed = s
    ? [
        {
          kind: 'PRIVACY' as const,
          current: s.privacyVersion,
          accepted: s.acceptedPrivacyVersion,
          doc: privacy.data,
        },
        {
          kind: 'TERMS' as const,
          current: s.termsVersion,
          accepted: s.acceptedTermsVersion,
          doc: terms.data,
        },
      ].filter((d) => d.current > 0 && (d.accepted ?? 0) < d.current)
    : [];

  const first = !!s && s.acceptedPrivacyVersion === null && s.acceptedTermsVersion === null;
  return (
    <section className="consent-banner" aria-labelledby="consent-title">
      <p id="consent-title" className="consent-line consent-title">
        {first ? t('consent.firstTitle') : t('consent.title')}
      </p>
      <FormAlert text={accept.alert} />
      {status.isError && (
        <Alert className="form-alert" type="error" showIcon title={errorMessage(status.error)} />
      )}
      <p className="consent-line">{first ? t('consent.firstText') : t('consent.text')}</p>
      <ul className="consent-list">
        {changed.map((d) => (
          <li key={d.kind} className="consent-item">
            <Link to={PATHS[d.kind]} target="_blank">
              {d.kind === 'PRIVACY' ? t('policy.privacyTitle') : t('policy.termsTitle')}
            </Link>
            {first
              ? t('consent.version', { version: d.current })
              : d.doc
                ? t('consent.updated', {
                    version: d.current,
                    date: formatDate(d.doc.publishedAt, lang),
                  })
                : t('consent.updatedShort', { version: d.current })}
            {d.accepted ? t('consent.before', { version: d.accepted }) : ''}
          </li>
        ))}
      </ul>
      <div className="button-row">
        <Button
          type="primary"
          loading={accept.isPending}
          disabled={!s}
          onClick={() =>
            s && accept.mutate({ privacyVersion: s.privacyVersion, termsVersion: s.termsVersion })
          }
        >
          {t('consent.accept')}
        </Button>
        <Button onClick={() => signOut('/', 'me.loggedOut')}>{t('consent.logout')}</Button>
      </div>
      <p className="consent-line consent-refuse">{t('consent.refuse')}</p>
    </section>
  );
}
