import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { formatDayTime } from '../lib/dates.ts';

type PublicIncident = Answer<'/api/public/emergency', 'get'>['active'][number];

export const useEmergency = () =>
  useQuery({
    queryKey: ['public-emergency'],
    queryFn: () => call(api.GET('/api/public/emergency')),
    staleTime: 60_000,
  });

/**
 * The home page's banner while an incident is active and has an expert-approved explainer: what
 * happened where, the explainer to read, and the province's page. Nothing when all is quiet.
 */
export function EmergencyBanner() {
  const { t } = usePrefs();
  const q = useEmergency();
  if (!q.data?.active.length) return null;
  return (
    <section className="emergency-banner" aria-labelledby="emergency-banner-h">
      <h2 id="emergency-banner-h">{t('emg.bannerTitle')}</h2>
      <ul>
        {q.data.active.map((i) => (
          <li key={i.id}>
            <IncidentLine incident={i} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function IncidentLine({ incident: i }: { incident: PublicIncident }) {
  const { t, lang } = usePrefs();
  const first = i.explainers[0];
  return (
    <>
      <strong>{i.title}</strong>
      <span className="muted">
        {' '}
        · {i.hazardName} · {t('emg.occurred', { when: formatDayTime(i.occurredAt, lang) })}
      </span>
      <span className="button-row">
        {first && <Link to={`/works/${first.id}`}>{t('emg.read', { title: first.title })}</Link>}
        <Link to={`/regions/${i.provinceCode}`}>{t('emg.regionLink')}</Link>
      </span>
    </>
  );
}
