import { Alert, Spin } from 'antd';
import { Link } from 'react-router';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { type PolicyKind, usePolicy } from '../lib/policies.ts';
import { safeHtml } from '../lib/richtext.ts';

/** /privacy and /terms: the document as published, with its version and date. */
export function PolicyPage({ kind }: { kind: PolicyKind }) {
  const { t, lang } = usePrefs();
  const doc = usePolicy(kind);
  const fallback = kind === 'PRIVACY' ? t('policy.privacyTitle') : t('policy.termsTitle');
  usePageTitle(doc.data?.title ?? fallback);
  if (doc.isPending) {
    return (
      <div className="page-loading" role="status">
        <Spin aria-hidden />
        <span>{t('common.loading')}</span>
      </div>
    );
  }
  if (doc.isError) return <Alert type="error" showIcon title={errorMessage(doc.error)} />;
  const d = doc.data;
  return (
    <article className="panel policy" aria-labelledby="policy-h">
      <h1 id="policy-h" className="page-title">
        {d.title}
      </h1>
      <p className="policy-meta">
        {t('policy.versionLine', { version: d.version, date: formatDate(d.publishedAt, lang) })}
      </p>
      <div
        className="work-body"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server and again here
        dangerouslySetInnerHTML={{ __html: safeHtml(d.body) }}
      />
      <p className="policy-other">
        {kind === 'PRIVACY' ? (
          <Link to="/terms">{t('policy.terms')}</Link>
        ) : (
          <Link to="/privacy">{t('policy.privacy')}</Link>
        )}
      </p>
    </article>
  );
}

export function PrivacyPage() {
  return <PolicyPage kind="PRIVACY" />;
}

export function TermsPage() {
  return <PolicyPage kind="TERMS" />;
}
