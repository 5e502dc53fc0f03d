import { Alert, Descriptions, Skeleton } from 'antd';
import { Link } from 'react-router';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { useSiteInfo } from './SiteFooter.tsx';

/** 联系我们: the office's contact details, as the platform administrator set them. */
export function ContactPage() {
  const { t } = usePrefs();
  usePageTitle(t('contact.title'));
  const info = useSiteInfo();
  if (info.isPending) return <Skeleton active aria-busy />;
  if (info.isError) return <Alert type="error" showIcon title={errorMessage(info.error)} />;
  const c = info.data.contact;
  const rows = (
    [
      ['contact.organisation', c.organisation],
      ['contact.address', c.address],
      ['contact.postcode', c.postcode],
      ['contact.phone', c.phone],
      ['contact.email', c.email],
      ['contact.hours', c.hours],
    ] as const
  ).filter(([, v]) => v);
  return (
    <article className="panel" aria-labelledby="contact-h">
      <h1 id="contact-h" className="page-title">
        {t('contact.title')}
      </h1>
      {rows.length === 0 ? (
        <p>{t('contact.none')}</p>
      ) : (
        <Descriptions column={1} bordered size="small">
          {rows.map(([k, v]) => (
            <Descriptions.Item key={k} label={t(k)}>
              {k === 'contact.email' ? (
                <a href={`mailto:${v}`}>{v}</a>
              ) : k === 'contact.phone' ? (
                <a href={`tel:${v.replace(/[^\d+]/g, '')}`}>{v}</a>
              ) : (
                v
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      <p style={{ marginTop: 16 }}>
        {t('contact.objection')} <Link to="/notices">{t('notices.current')}</Link>
      </p>
    </article>
  );
}
