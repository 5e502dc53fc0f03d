import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePrefs } from '../i18n/index.tsx';

/** The footer's 备案号 and the contact page's details, as the platform administrator set them. */
export function useSiteInfo() {
  return useQuery({
    queryKey: ['site-info'],
    queryFn: () => call(api.GET('/api/site-info')),
    staleTime: 10 * 60_000,
  });
}

/** The digits of a 公安备案号 (京公网安备11010502000001号 → 11010502000001), for its record link. */
function psbCode(psb: string): string | null {
  const m = psb.match(/\d{10,}/);
  return m ? m[0] : null;
}

/**
 * Gov-portal footer conventions: 联系我们, 网站地图, 隐私政策, 用户协议, then the ICP 备案号 (linked
 * to the MIIT record site) and the 公安备案号 when the platform administrator has set them.
 */
export function SiteFooterLinks() {
  const { t } = usePrefs();
  const info = useSiteInfo();
  const icp = info.data?.icpNumber;
  const psb = info.data?.psbNumber;
  const code = psb ? psbCode(psb) : null;
  return (
    <>
      <nav className="footer-links" aria-label={t('footer.siteLinks')}>
        <Link className="footer-link" to="/contact">
          {t('footer.contact')}
        </Link>
        <Link className="footer-link" to="/site-map">
          {t('footer.siteMap')}
        </Link>
        <Link className="footer-link" to="/privacy">
          {t('policy.privacyTitle')}
        </Link>
        <Link className="footer-link" to="/terms">
          {t('policy.termsTitle')}
        </Link>
      </nav>
      {(icp || psb) && (
        <p className="footer-beian">
          {icp && (
            <a
              className="footer-link"
              href="https://beian.miit.gov.cn/"
              target="_blank"
              rel="noopener noreferrer"
            >
              {icp}
            </a>
          )}
          {psb &&
            (code ? (
              <a
                className="footer-link"
                href={`https://beian.mps.gov.cn/#/query/webSearch?code=${code}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                {psb}
              </a>
            ) : (
              <span>{psb}</span>
            ))}
        </p>
      )}
    </>
  );
}
