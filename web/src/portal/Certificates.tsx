import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Skeleton, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { formatCalendarDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type PublicCertificate = Answer<'/api/public/certificates/{code}', 'get'>;
type MyCertificate = Answer<'/api/certificates', 'get'>['items'][number];

/** The day of an instant in China (UTC+8), as the certificate prints it. */
const chinaDay = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** Verification pages are not for search engines: `noindex` while one is shown. */
function useNoIndex() {
  useEffect(() => {
    const meta = document.createElement('meta');
    meta.name = 'robots';
    meta.content = 'noindex, nofollow';
    document.head.appendChild(meta);
    return () => meta.remove();
  }, []);
}

function CodeForm({ initial = '' }: { initial?: string }) {
  const { t } = usePrefs();
  const navigate = useNavigate();
  const [code, setCode] = useState(initial);
  return (
    <form
      className="button-row"
      onSubmit={(e) => {
        e.preventDefault();
        const c = code.trim();
        if (c) navigate(`/verify/${encodeURIComponent(c)}`);
      }}
    >
      <label htmlFor="verify-code" className="visually-hidden">
        {t('cert.codeLabel')}
      </label>
      <Input
        id="verify-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        placeholder="KP-XXXX-XXXX-XXXX"
        maxLength={40}
        autoComplete="off"
        style={{ maxWidth: 280 }}
      />
      <Button type="primary" htmlType="submit">
        {t('cert.verifyButton')}
      </Button>
    </form>
  );
}

/** What a certificate certifies, as printed. */
function Certified({ c }: { c: PublicCertificate }) {
  const { t, lang } = usePrefs();
  return (
    <dl className="cert-facts">
      <dt>{t('cert.holder')}</dt>
      <dd>{c.holderName}</dd>
      <dt>{t('cert.titleLabel')}</dt>
      <dd>{c.title}</dd>
      {c.lines.length > 0 && (
        <>
          <dt>{t('cert.lines')}</dt>
          <dd>
            {c.lines.map((l) => (
              <p key={l} style={{ margin: 0 }}>
                {l}
              </p>
            ))}
          </dd>
        </>
      )}
      <dt>{t('cert.kind')}</dt>
      <dd>{t(`cert.kind.${c.kind}` as MessageKey)}</dd>
      <dt>{t('cert.issuer')}</dt>
      <dd>{c.organisationName}</dd>
      <dt>{t('cert.issuedOn')}</dt>
      <dd>{formatCalendarDate(c.issuedOn, lang)}</dd>
      <dt>{t('cert.code')}</dt>
      <dd>
        <code>{c.code}</code>
      </dd>
    </dl>
  );
}

/** /verify and /verify/:code: anyone checks a certificate by its code (or its QR code). */
export function VerifyPage() {
  const { t, lang } = usePrefs();
  const { code } = useParams();
  usePageTitle(t('cert.verifyTitle'));
  useNoIndex();
  const result = useQuery({
    queryKey: ['verify', code],
    queryFn: () =>
      call(api.GET('/api/public/certificates/{code}', { params: { path: { code: code! } } })),
    enabled: !!code,
    retry: false,
  });
  const notFound = result.error instanceof ApiError && result.error.status === 404;
  return (
    <div className="stack">
      <h1 className="page-title">{t('cert.verifyTitle')}</h1>
      <p className="muted">{t('cert.verifyText')}</p>
      <CodeForm key={code} initial={code ?? ''} />
      {code && result.isPending && <Skeleton active aria-busy />}
      {notFound && (
        <Alert
          type="error"
          showIcon
          title={t('cert.unknown')}
          description={t('cert.unknownText')}
        />
      )}
      {result.isError && !notFound && (
        <Alert type="error" showIcon title={errorMessage(result.error)} />
      )}
      {result.data && (
        <section className="panel" aria-labelledby="cert-result">
          {result.data.status === 'VALID' ? (
            <Alert
              type="success"
              showIcon
              title={<span id="cert-result">{t('cert.valid')}</span>}
              description={t('cert.validText')}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              title={<span id="cert-result">{t('cert.revoked')}</span>}
              description={t('cert.revokedText', {
                date: formatCalendarDate(result.data.revokedOn!, lang),
              })}
            />
          )}
          <Certified c={result.data} />
        </section>
      )}
    </div>
  );
}

/** /me/certificates: my certificates, each with its PDF and its verification page. */
export function MyCertificatesPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('cert.mine'));
  const me = useMe();
  const location = useLocation();
  const list = useQuery({
    queryKey: ['my-certificates'],
    queryFn: () => call(api.GET('/api/certificates', { params: { query: { pageSize: 100 } } })),
    enabled: !!me.data?.user,
  });
  if (me.isPending) return <Skeleton active aria-busy />;
  if (!me.data?.user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/me">{t('me.title')}</Link> / {t('cert.mine')}
      </p>
      <h1 className="page-title">{t('cert.mine')}</h1>
      {list.isPending && <Skeleton active aria-busy />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.total === 0 && <p className="muted">{t('cert.none')}</p>}
      {list.data && list.data.total > 0 && (
        <ul className="notices-list">
          {list.data.items.map((c: MyCertificate) => (
            <li key={c.id} className="notices-item">
              <h2>
                {c.title}{' '}
                {c.revokedAt ? (
                  <Tag className="state-tag state-tag-plain">{t('cert.revoked')}</Tag>
                ) : (
                  <Tag className="state-tag state-tag-ok">{t('cert.validShort')}</Tag>
                )}
              </h2>
              <p className="notices-meta">
                {c.organisationName} · {formatCalendarDate(chinaDay(c.issuedAt), lang)} ·{' '}
                {t('cert.code')} <code>{c.code}</code>
              </p>
              {c.lines.map((l) => (
                <p key={l} className="notices-meta">
                  {l}
                </p>
              ))}
              {c.revokedAt && c.revokeReason && (
                <p className="notices-meta">
                  {t('cert.revokeReasonMine', { reason: c.revokeReason })}
                </p>
              )}
              <p className="button-row">
                <a href={`/api/certificates/${c.id}/pdf`} download>
                  {t('cert.download', { title: c.title })}
                </a>
                <Link to={`/verify/${c.code}`}>{t('cert.verifyLink')}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
