import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { Media } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';

const ModelViewer = lazy(() => import('./ModelViewer.tsx'));

export function formatDuration(ms: number | null): string | null {
  if (!ms) return null;
  const s = Math.round(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return s >= 3600
    ? `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
    : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * One file of a work as the reader sees it: picture, video or audio player, PDF viewer or 3D
 * viewer.
 */
export function MediaView({ media, title }: { media: Media; title: string }) {
  const { t } = usePrefs();
  // The uploader's file name without its extension, unless the file has a text of its own.
  const caption = media.alt || media.name.replace(/\.[a-z0-9]{2,5}$/i, '');
  // A player's caption: the name and, when known, how long it plays.
  const timed = media.durationMs
    ? `${caption}（${t('media.duration')} ${formatDuration(media.durationMs)}）`
    : caption;
  switch (media.kind) {
    case 'IMAGE':
      return (
        <figure className="media media-image">
          <img
            src={media.displayUrl ?? media.url}
            alt={media.alt || title}
            width={media.width ?? undefined}
            height={media.height ?? undefined}
            loading="lazy"
          />
          {media.alt && <figcaption>{media.alt}</figcaption>}
        </figure>
      );
    case 'VIDEO':
      return (
        <figure className="media media-video">
          {/* biome-ignore lint/a11y/useMediaCaption: uploaded videos have no caption track yet */}
          <video
            controls
            preload="metadata"
            poster={media.posterUrl ?? undefined}
            src={media.url}
            aria-label={t('media.videoLabel', { name: caption })}
            data-testid="video-player"
          />
          <figcaption>{timed}</figcaption>
        </figure>
      );
    case 'AUDIO':
      return (
        <figure className="media media-audio">
          {/* biome-ignore lint/a11y/useMediaCaption: uploaded audio has no transcript track yet */}
          <audio
            controls
            preload="metadata"
            src={media.url}
            aria-label={t('media.audioLabel', { name: caption })}
            data-testid="audio-player"
          />
          <figcaption>{timed}</figcaption>
        </figure>
      );
    case 'PDF':
      return (
        <figure className="media media-pdf">
          <iframe src={media.url} title={t('media.pdfLabel', { name: caption })} />
          <figcaption>
            <a href={media.url} target="_blank" rel="noopener">
              {t('media.openPdf', { name: caption })}
            </a>
            （{formatSize(media.size)}）
          </figcaption>
        </figure>
      );
    case 'DOCUMENT':
      return (
        <p className="media media-document">
          <a href={media.url} download={media.name}>
            {t('media.download', { name: caption })}
          </a>
          （{formatSize(media.size)}）
        </p>
      );
    case 'MODEL':
      return (
        <figure className="media media-model">
          <Suspense
            fallback={
              <div className="model-loading" role="status">
                <Spin aria-hidden /> {t('common.loading')}
              </div>
            }
          >
            <ModelViewer url={media.url} label={t('media.modelLabel', { name: caption })} />
          </Suspense>
          <figcaption>{caption}</figcaption>
        </figure>
      );
  }
}
