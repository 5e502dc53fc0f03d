import { Link } from 'react-router';
import type {
  CollectionCard as CollectionCardData,
  WorkCard as WorkCardData,
} from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { useRefName } from '../lib/reference.ts';

/** A card's picture: the cover's thumbnail, or the card's kind in words when it has none. */
export function CardCover({
  cover,
  fallback,
}: {
  cover: { url: string; thumbUrl?: string | null } | null;
  fallback: string;
}) {
  return cover ? (
    <img className="card-cover" src={cover.thumbUrl ?? cover.url} alt="" loading="lazy" />
  ) : (
    <div className="card-cover card-cover-empty" aria-hidden>
      {fallback}
    </div>
  );
}

/** A published work as a card: cover, type, title (the link), summary, unit. */
export function WorkCard({ work, note }: { work: WorkCardData; note?: string | null }) {
  const { lang } = usePrefs();
  const typeName = useRefName('WORK_TYPE');
  return (
    <article className="work-card">
      <CardCover cover={work.cover} fallback={typeName(work.type)} />
      <div className="card-body">
        <p className="card-kicker">{typeName(work.type)}</p>
        <h3>
          <Link to={`/works/${work.id}`}>{work.title}</Link>
        </h3>
        {note && <p className="card-note">{note}</p>}
        {work.summary && <p className="card-summary">{work.summary}</p>}
        <p className="card-meta">
          {work.organisationName}
          {work.publishedAt && (
            <>
              {' · '}
              <time dateTime={work.publishedAt}>{formatDate(work.publishedAt, lang)}</time>
            </>
          )}
        </p>
      </div>
    </article>
  );
}

/** A collection or series as a card. */
export function CollectionCard({ collection }: { collection: CollectionCardData }) {
  const { t } = usePrefs();
  return (
    <article className="collection-card">
      <CardCover cover={collection.cover} fallback={t(`collectionKind.${collection.kind}`)} />
      <div className="card-body">
        <p className="card-kicker">
          {t(`collectionKind.${collection.kind}`)} ·{' '}
          {t('channel.worksCount', { n: collection.works })}
        </p>
        <h3>
          <Link to={`/collections/${collection.id}`}>{collection.title}</Link>
        </h3>
        {collection.introText && <p className="card-summary">{collection.introText}</p>}
      </div>
    </article>
  );
}
