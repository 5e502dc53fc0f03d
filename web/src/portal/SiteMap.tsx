import { Link } from 'react-router';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';

type Entry = [to: string, label: MessageKey];

/** 网站地图: every section of the portal, grouped, as plain links. */
export function SiteMapPage() {
  const { t } = usePrefs();
  usePageTitle(t('siteMap.title'));
  const signedIn = !!useMe().data;
  const groups: [MessageKey, Entry[]][] = [
    [
      'siteMap.sections',
      [
        ['/', 'nav.home'],
        ['/channel', 'nav.channel'],
        ['/bases', 'nav.bases'],
        ['/activities', 'nav.activities'],
        ['/facilities', 'nav.facilities'],
        ['/squads', 'squads.title'],
        ['/experts', 'nav.experts'],
        ['/search?type=work', 'nav.library'],
        ['/search', 'siteMap.search'],
        ['/notices', 'notices.current'],
        ['/notices?tab=past', 'notices.past'],
      ],
    ],
    [
      'siteMap.account',
      signedIn
        ? [
            ['/me', 'nav.me'],
            ['/me/notifications', 'me.messages'],
          ]
        : [
            ['/login', 'nav.login'],
            ['/register', 'nav.register'],
          ],
    ],
    [
      'siteMap.about',
      [
        ['/contact', 'footer.contact'],
        ['/privacy', 'policy.privacyTitle'],
        ['/terms', 'policy.termsTitle'],
      ],
    ],
  ];
  return (
    <article className="panel" aria-labelledby="site-map-h">
      <h1 id="site-map-h" className="page-title">
        {t('siteMap.title')}
      </h1>
      {groups.map(([title, entries]) => (
        <section key={title} aria-labelledby={`site-map-${title}`}>
          <h2 id={`site-map-${title}`}>{t(title)}</h2>
          <ul className="site-map-list">
            {entries.map(([to, label]) => (
              <li key={to}>
                <Link to={to}>{t(label)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </article>
  );
}
