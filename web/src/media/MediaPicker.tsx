import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Progress, Space, Spin } from 'antd';
import { useId, useRef, useState } from 'react';
import { api, call, uploadFile } from '../api/client.ts';
import type { Media, MediaKind } from '../api/types.ts';
import { type MessageKey, useT } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { formatDuration, formatSize } from './MediaView.tsx';

const ACCEPT: Record<MediaKind | 'ANY', string> = {
  IMAGE: 'image/jpeg,image/png,image/gif,image/webp,image/avif',
  PDF: 'application/pdf',
  VIDEO: 'video/mp4,video/webm',
  // Extensions too: browsers disagree on the MIME type of .m4a, .flac and .wav files.
  AUDIO:
    'audio/mpeg,audio/mp4,audio/ogg,audio/wav,audio/flac,audio/webm,.mp3,.m4a,.ogg,.opus,.wav,.flac',
  MODEL: '.glb,.gltf,model/gltf-binary,model/gltf+json',
  DOCUMENT: '.docx,.xlsx,.doc,.xls',
  ANY: 'image/jpeg,image/png,image/gif,image/webp,image/avif,application/pdf,.docx,.xlsx,.doc,.xls,video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg,audio/wav,audio/flac,audio/webm,.mp3,.m4a,.ogg,.opus,.wav,.flac,.glb,.gltf',
};

/** A small picture of a file: its thumbnail or poster, else the kind's name. */
export function MediaThumb({ media }: { media: Media }) {
  const t = useT();
  const src = media.thumbUrl ?? media.posterUrl;
  return src ? (
    <img className="media-thumb" src={src} alt="" />
  ) : (
    <span className="media-thumb media-thumb-kind" aria-hidden>
      {t(`mediaKind.${media.kind}` as MessageKey)}
    </span>
  );
}

function describe(t: ReturnType<typeof useT>, m: Media): string {
  const parts = [t(`mediaKind.${m.kind}` as MessageKey), formatSize(m.size)];
  if (m.width && m.height) parts.push(`${m.width}×${m.height}`);
  const d = formatDuration(m.durationMs);
  if (d) parts.push(d);
  return parts.join(' · ');
}

/** Choose from the files already in the library (of the same units). */
export function LibraryModal({
  open,
  kind,
  onPick,
  onClose,
}: {
  open: boolean;
  kind?: MediaKind;
  onPick: (m: Media) => void;
  onClose: () => void;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['media', 'picker', kind, q],
    queryFn: () =>
      call(api.GET('/api/media', { params: { query: { kind, q: q || undefined, pageSize: 24 } } })),
    enabled: open,
  });
  return (
    <Modal open={open} title={t('media.pickTitle')} onCancel={onClose} footer={null} width={720}>
      <Input.Search
        aria-label={t('media.searchName')}
        placeholder={t('media.searchName')}
        allowClear
        onSearch={setQ}
      />
      {list.isPending && <Spin />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.items.length === 0 && <p>{t('media.libraryEmpty')}</p>}
      <ul className="media-pick-list">
        {list.data?.items.map((m) => (
          <li key={m.id}>
            <MediaThumb media={m} />
            <span className="media-pick-name">
              <strong>{m.name}</strong>
              <span className="muted">{describe(t, m)}</span>
            </span>
            <Button onClick={() => onPick(m)} aria-label={t('media.pickOne', { name: m.name })}>
              {t('media.pick')}
            </Button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

/**
 * The files of a work or topic in the editor: upload (with progress), pick from the library,
 * order, remove, and write the text alternative of images. `kind` limits what fits (a cover is
 * an image); `max` 1 makes it a single choice.
 */
export function MediaPicker({
  value,
  onChange,
  organisationId,
  kind,
  max = 20,
  label,
  id,
  fromLibrary = true,
}: {
  id?: string;
  /** Offer choosing a file already in the library (not on the library page itself). */
  fromLibrary?: boolean;
  value?: Media[];
  onChange?: (v: Media[]) => void;
  organisationId: string | undefined;
  kind?: MediaKind;
  max?: number;
  label: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const items = value ?? [];
  const input = useRef<HTMLInputElement>(null);
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const set = (next: Media[]) => onChange?.(next.slice(-max));
  const full = items.length >= max && max > 1;

  async function upload(files: FileList | null) {
    if (!files?.length || !organisationId) return;
    setError(null);
    const added: Media[] = [];
    try {
      for (const file of Array.from(files)) {
        setProgress(0);
        const m = await uploadFile<Media>(file, { organisationId }, setProgress);
        if (kind && m.kind !== kind) {
          setError(
            t('media.wrongKind', { name: file.name, kind: t(`mediaKind.${kind}` as MessageKey) }),
          );
          continue;
        }
        added.push(m);
        message.success(t('media.uploaded', { name: m.name }));
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
      if (added.length) set(max === 1 ? added.slice(-1) : [...items, ...added]);
    }
  }

  async function saveAlt(m: Media, alt: string) {
    if (alt === m.alt) return;
    try {
      const saved = await call(
        api.PATCH('/api/media/{id}', { params: { path: { id: m.id } }, body: { alt } }),
      );
      set(items.map((x) => (x.id === m.id ? saved : x)));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const move = (i: number, d: -1 | 1) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    set(next);
  };

  return (
    <div className="media-picker">
      {items.length > 0 && (
        <ol className="media-picked" aria-label={label}>
          {items.map((m, i) => (
            <li key={m.id}>
              <MediaThumb media={m} />
              <div className="media-picked-info">
                <strong>{m.name}</strong>
                <span className="muted">{describe(t, m)}</span>
                {m.kind === 'IMAGE' && (
                  <Input
                    size="small"
                    defaultValue={m.alt}
                    maxLength={300}
                    aria-label={t('media.altFor', { name: m.name })}
                    placeholder={t('media.altPlaceholder')}
                    onBlur={(e) => saveAlt(m, e.target.value.trim())}
                  />
                )}
              </div>
              <Space wrap>
                {max > 1 && (
                  <>
                    <Button
                      size="small"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={t('media.moveUp', { name: m.name })}
                    >
                      ↑
                    </Button>
                    <Button
                      size="small"
                      disabled={i === items.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={t('media.moveDown', { name: m.name })}
                    >
                      ↓
                    </Button>
                  </>
                )}
                <Button
                  size="small"
                  onClick={() => set(items.filter((x) => x.id !== m.id))}
                  aria-label={t('media.removeOne', { name: m.name })}
                >
                  {t('works.remove')}
                </Button>
              </Space>
            </li>
          ))}
        </ol>
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {progress !== null && (
        <Progress
          percent={Math.round(progress * 100)}
          size="small"
          aria-label={t('media.uploading')}
        />
      )}
      <div className="button-row">
        <input
          ref={input}
          id={inputId}
          type="file"
          className="visually-hidden"
          accept={ACCEPT[kind ?? 'ANY']}
          multiple={max > 1}
          disabled={!organisationId || full || progress !== null}
          onChange={(e) => upload(e.target.files)}
          data-testid={`upload-${kind ?? 'any'}`}
          aria-label={label}
          tabIndex={-1}
        />
        <Button
          onClick={() => input.current?.click()}
          disabled={!organisationId || full || progress !== null}
        >
          {max === 1 && items.length ? t('media.replace') : t('media.upload')}
        </Button>
        {fromLibrary && (
          <Button onClick={() => setPicking(true)} disabled={full}>
            {t('media.fromLibrary')}
          </Button>
        )}
        {!organisationId && <span className="muted">{t('media.chooseUnitFirst')}</span>}
      </div>
      <LibraryModal
        open={picking}
        kind={kind}
        onClose={() => setPicking(false)}
        onPick={(m) => {
          setPicking(false);
          if (!items.some((x) => x.id === m.id)) set(max === 1 ? [m] : [...items, m]);
        }}
      />
    </div>
  );
}
