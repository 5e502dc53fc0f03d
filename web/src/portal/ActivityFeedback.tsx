import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Radio, Tag } from 'antd';
import { useId, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePrefs } from '../i18n/index.tsx';
import { formatDate, formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Registration = Answer<'/api/me/registrations', 'get'>['items'][number];
type Mine = NonNullable<Registration['feedback']>;

const TONE: Record<Mine['commentStatus'], string> = {
  NONE: 'plain',
  PENDING: 'info',
  APPROVED: 'ok',
  REJECTED: 'warn',
};

/** "★★★★☆" with the figure said in words for screen readers. */
export function Stars({ n }: { n: number }) {
  const { t } = usePrefs();
  const full = Math.round(n);
  return (
    <span className="stars" role="img" aria-label={t('act.fb.starsLabel', { n })}>
      {'★'.repeat(full)}
      <span className="stars-off">{'★'.repeat(5 - full)}</span>
    </span>
  );
}

/** 评价 on 我的: a checked-in registration's rating and comment, given or changed. */
export function FeedbackBox({ r }: { r: Registration }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const id = useId();
  const f = r.feedback;
  const [editing, setEditing] = useState(false);
  const [rating, setRating] = useState<number | null>(f?.rating ?? null);
  const [comment, setComment] = useState(f?.comment ?? '');
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/registrations/{id}/feedback', {
          params: { path: { id: r.id } },
          body: { rating: rating ?? 0, comment },
        }),
      ),
    onSuccess: () => {
      message.success(t('act.fb.saved'));
      setEditing(false);
      void qc.invalidateQueries({ queryKey: ['my-registrations'] });
      void qc.invalidateQueries({ queryKey: ['public-feedback', r.activityId] });
    },
  });
  const editable = !f || Date.parse(f.editableUntil) > Date.now();
  if (f && !editing)
    return (
      <div className="feedback-given">
        <p className="card-meta">
          {t('act.fb.yours')} <Stars n={f.rating} />
          {f.commentStatus !== 'NONE' && (
            <Tag className={`state-tag state-tag-${TONE[f.commentStatus]}`}>
              {t(`act.fb.status.${f.commentStatus}` as MessageKey)}
            </Tag>
          )}
        </p>
        {f.comment && <p className="feedback-comment">{f.comment}</p>}
        {f.commentStatus === 'REJECTED' && f.moderationReason && (
          <p className="muted">{t('act.fb.why', { reason: f.moderationReason })}</p>
        )}
        {editable && (
          <Button
            onClick={() => {
              setRating(f.rating);
              setComment(f.comment);
              setEditing(true);
            }}
          >
            {t('act.fb.edit')}
          </Button>
        )}
        {editable && (
          <span className="muted">
            {' '}
            {t('act.fb.until', { at: formatDayTime(f.editableUntil, lang) })}
          </span>
        )}
      </div>
    );
  if (!editing)
    return (
      <Button type="primary" onClick={() => setEditing(true)}>
        {t('act.fb.give')}
      </Button>
    );
  return (
    <form
      className="feedback-form stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (rating) save.mutate();
      }}
    >
      <fieldset>
        <legend>{t('act.fb.ratingLegend')}</legend>
        <Radio.Group
          value={rating}
          onChange={(e) => setRating(e.target.value as number)}
          options={[1, 2, 3, 4, 5].map((n) => ({
            value: n,
            label: t(`act.fb.r${n}` as MessageKey),
          }))}
        />
      </fieldset>
      <div>
        <label htmlFor={`${id}-comment`}>{t('act.fb.comment')}</label>
        <Input.TextArea
          id={`${id}-comment`}
          maxLength={1000}
          showCount
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        <p className="muted">{t('act.fb.moderated')}</p>
      </div>
      {save.isError && (
        <Alert type="error" showIcon role="alert" title={errorMessage(save.error)} />
      )}
      <div className="button-row">
        <Button type="primary" htmlType="submit" disabled={!rating} loading={save.isPending}>
          {t('act.fb.submit')}
        </Button>
        <Button onClick={() => setEditing(false)}>{t('act.fb.cancel')}</Button>
      </div>
    </form>
  );
}

/** The activity page's 参加者评价: mean and count of all ratings, and the approved comments. */
export function PublicFeedback({ activityId }: { activityId: string }) {
  const { t, lang } = usePrefs();
  const q = useQuery({
    queryKey: ['public-feedback', activityId],
    queryFn: () =>
      call(
        api.GET('/api/public/activities/{id}/feedback', {
          params: { path: { id: activityId }, query: { page: 1, pageSize: 20 } },
        }),
      ),
  });
  if (!q.data || q.data.summary.count === 0) return null;
  const { summary, items } = q.data;
  return (
    <section aria-labelledby="act-feedback">
      <h2 id="act-feedback">{t('act.fb.title')}</h2>
      <p className="feedback-summary">
        <Stars n={summary.mean ?? 0} />{' '}
        {t('act.fb.summary', { mean: (summary.mean ?? 0).toFixed(1), n: summary.count })}
      </p>
      {items.length > 0 && (
        <ul className="act-plain-list">
          {items.map((c) => (
            <li key={c.id} className="act-plain-item feedback-item">
              <Stars n={c.rating} /> <span className="muted">{formatDate(c.createdAt, lang)}</span>
              <p className="feedback-comment">{c.comment}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
