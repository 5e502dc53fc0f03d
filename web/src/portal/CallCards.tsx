import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';

export type PublicCallSummary = Answer<'/api/public/review-calls', 'get'>['items'][number];
export type CallPhase = PublicCallSummary['phase'];

/**
 * Published calls (征集通知) for the portal: open ones first (nearest deadline first), then
 * upcoming, then ended. `phase` narrows to one; the home page asks for a few open ones.
 */
export function usePublicCalls(q: { phase?: CallPhase; page?: number; pageSize?: number } = {}) {
  return useQuery({
    queryKey: ['public-calls', q],
    queryFn: () => call(api.GET('/api/public/review-calls', { params: { query: q } })),
  });
}

/** The shared status palette (styles.css `state-tag-*`). */
const PHASE_TONE: Record<CallPhase, string> = { OPEN: 'ok', UPCOMING: 'info', CLOSED: 'plain' };

/** 正在征集 / 即将开始 / 已截止. */
export function CallPhaseTag({ phase }: { phase: CallPhase }) {
  const { t } = usePrefs();
  return (
    <Tag className={`state-tag state-tag-${PHASE_TONE[phase]}`}>{t(`calls.phase.${phase}`)}</Tag>
  );
}

/** One call as a card: status, title (a link to /calls/:id), 文号, organiser and dates. */
export function CallCard({ c, headingLevel = 2 }: { c: PublicCallSummary; headingLevel?: 2 | 3 }) {
  const { t } = usePrefs();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="work-card call-card">
      <div className="card-body">
        <p className="card-kicker">
          <CallPhaseTag phase={c.phase} /> {c.subjectLabel}
        </p>
        <H className="card-title">
          <Link to={`/calls/${c.id}`}>{c.title}</Link>
        </H>
        {c.docNo && <p className="card-meta">{c.docNo}</p>}
        <p className="card-meta">{c.organisationName}</p>
        <p className="card-meta">{t('calls.period', { from: c.opensAt, to: c.closesAt })}</p>
      </div>
    </article>
  );
}
