import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, Select, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import {
  formatDateTime,
  type MessageKey,
  translateOptional,
  usePageTitle,
  usePrefs,
} from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { useProvinces, useRefName } from '../lib/reference.ts';
import { safeHtml } from '../lib/richtext.ts';
import { MediaView } from '../media/MediaView.tsx';
import { statusClass, type Work, type WorkDiff, type WorkVersion } from './shared.ts';

type Move = 'submit' | 'recall' | 'publish' | 'withdraw' | 'archive';

const MOVE_LABEL: Record<Move, MessageKey> = {
  submit: 'works.submit',
  recall: 'works.recall',
  publish: 'works.publish',
  withdraw: 'works.withdraw',
  archive: 'works.archive',
};
const MOVE_DONE: Record<Move, MessageKey> = {
  submit: 'works.submitted',
  recall: 'works.recalled',
  publish: 'works.published',
  withdraw: 'works.withdrawn',
  archive: 'works.archived',
};
/** The moves that cannot be taken back quietly ask first (lib/confirm.tsx). */
const CONFIRM: Partial<Record<Move, { title: MessageKey; body: MessageKey }>> = {
  publish: { title: 'confirm.work.publish.title', body: 'confirm.work.publish.body' },
  withdraw: { title: 'confirm.work.withdraw.title', body: 'confirm.work.withdraw.body' },
  archive: { title: 'confirm.work.archive.title', body: 'confirm.work.archive.body' },
};

/** Which lifecycle buttons to offer; the server's abilities decide where it names them. */
function movesFor(w: Work): Move[] {
  const out: Move[] = [];
  if (w.abilities.submit) out.push('submit');
  if (w.abilities.recall) out.push('recall');
  if (w.abilities.publish) out.push('publish');
  if (w.abilities.withdraw) out.push('withdraw');
  if (w.abilities.archive) out.push('archive');
  return out;
}

type Decision = 'PASSED' | 'RETURNED';

function CheckPanel({ work, onDone }: { work: Work; onDone: (w: Work) => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comments: string }>();
  const { confirm, dialog } = useConfirm();
  const check = useFormMutation(form, {
    mutationFn: ({ decision, comments }: { decision: Decision; comments: string }) =>
      call(
        api.POST('/api/works/{id}/check', {
          params: { path: { id: work.id } },
          body: { decision, comments },
        }),
      ),
    onSuccess: (w, { decision }) => {
      message.success(decision === 'PASSED' ? t('works.checkPassed') : t('works.checkReturned'));
      form.resetFields();
      onDone(w);
    },
  });
  const deciding = check.isPending ? check.variables?.decision : null;

  async function decide(decision: Decision) {
    const comments = (form.getFieldValue('comments') as string | undefined)?.trim() ?? '';
    if (decision === 'RETURNED' && !comments) {
      form.setFields([{ name: 'comments', errors: [t('works.commentsRequired')] }]);
      return;
    }
    const go =
      decision === 'RETURNED' ||
      (await confirm({
        title: t('confirm.checkPass.title', { title: work.title }),
        body: t('confirm.checkPass.body', { version: work.version }),
        action: t('confirm.checkPass.ok'),
      }));
    if (go) check.mutate({ decision, comments });
  }

  return (
    <section className="panel check-panel" aria-labelledby="check-h">
      <h2 id="check-h">{t('works.checkTitle')}</h2>
      {dialog}
      <p>{t('works.checkText', { version: work.version })}</p>
      <FormAlert text={check.alert} />
      <Form form={form} name="check" layout="vertical" requiredMark={false}>
        <Form.Item label={t('works.comments')} name="comments" extra={t('works.commentsHelp')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <div className="button-row">
          <Button type="primary" loading={deciding === 'PASSED'} onClick={() => decide('PASSED')}>
            {t('works.pass')}
          </Button>
          <Button danger loading={deciding === 'RETURNED'} onClick={() => decide('RETURNED')}>
            {t('works.return')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** A field's value as readable text for the diff (tags by name, authors with roles). */
function useValueText() {
  const { lang, t } = usePrefs();
  const names: Record<string, (c: string) => string> = {
    type: useRefName('WORK_TYPE'),
    sectors: useRefName('SECTOR'),
    topics: useRefName('TOPIC'),
    audiences: useRefName('AUDIENCE'),
    themeDays: useRefName('THEME_DAY'),
  };
  const provinces = useProvinces().data;
  names.regions = (c) => provinces?.find((p) => p.code === c)?.name ?? c;
  return (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0))
      return t('works.emptyValue');
    const name = names[field];
    if (field === 'authors' && Array.isArray(v)) {
      return (v as { name: string; role: string }[])
        .map((a) => `${a.name}（${translateOptional(lang, `authorRole.${a.role}`) ?? a.role}）`)
        .join('、');
    }
    if (Array.isArray(v)) return v.map((x) => (name ? name(String(x)) : String(x))).join('、');
    if (field === 'language') return translateOptional(lang, `workLang.${v}`) ?? String(v);
    return name ? name(String(v)) : String(v);
  };
}

/** A diff too large to show line by line: what changed, in counts. */
function DiffSummary({ summary }: { summary: NonNullable<WorkDiff['fields'][number]['summary']> }) {
  const { t, lang } = usePrefs();
  const n = (x: number) => x.toLocaleString(lang);
  return (
    <Alert
      type="info"
      showIcon
      title={t('works.diffTooMany')}
      description={t('works.diffSummary', {
        before: n(summary.paragraphsBefore),
        after: n(summary.paragraphsAfter),
        charsBefore: n(summary.charsBefore),
        charsAfter: n(summary.charsAfter),
        kept: n(summary.paragraphsKept),
        added: n(summary.paragraphsAdded),
        removed: n(summary.paragraphsRemoved),
      })}
    />
  );
}

function DiffView({ diff }: { diff: WorkDiff }) {
  const { t, lang } = usePrefs();
  const valueText = useValueText();
  if (diff.fields.length === 0) return <p>{t('works.diffSame')}</p>;
  return (
    <dl className="diff" aria-label={t('works.diffTitle', { from: diff.from, to: diff.to })}>
      {diff.fields.map((f) => (
        <div key={f.field} className="diff-field">
          <dt>{translateOptional(lang, `workField.${f.field}`) ?? f.field}</dt>
          <dd>
            {f.summary ? (
              <DiffSummary summary={f.summary} />
            ) : f.parts ? (
              <p className="diff-text">
                {f.parts.map((p, i) => {
                  const key = `${i}-${p.op}`;
                  if (p.op === 'insert')
                    return (
                      <ins key={key}>
                        <span className="visually-hidden">{t('works.inserted')}</span>
                        {p.text}
                      </ins>
                    );
                  if (p.op === 'delete')
                    return (
                      <del key={key}>
                        <span className="visually-hidden">{t('works.deleted')}</span>
                        {p.text}
                      </del>
                    );
                  return <span key={key}>{p.text}</span>;
                })}
              </p>
            ) : (
              <p className="diff-text">
                <del>
                  <span className="visually-hidden">{t('works.deleted')}</span>
                  {valueText(f.field, f.before)}
                </del>{' '}
                →{' '}
                <ins>
                  <span className="visually-hidden">{t('works.inserted')}</span>
                  {valueText(f.field, f.after)}
                </ins>
              </p>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Versions({ work }: { work: Work }) {
  const { t, lang } = usePrefs();
  const versions = useQuery({
    queryKey: ['work-versions', work.id, work.version],
    queryFn: () => call(api.GET('/api/works/{id}/versions', { params: { path: { id: work.id } } })),
  });
  const [pair, setPair] = useState<{ from?: number; to?: number }>({});
  const from = pair.from ?? Math.max(1, work.version - 1);
  const to = pair.to ?? work.version;
  const [shown, setShown] = useState<{ from: number; to: number } | null>(null);
  const diff = useQuery({
    queryKey: ['work-diff', work.id, shown?.from, shown?.to],
    queryFn: () =>
      call(
        api.GET('/api/works/{id}/diff', {
          params: { path: { id: work.id }, query: { from: shown!.from, to: shown!.to } },
        }),
      ),
    enabled: shown !== null,
  });
  const options = (versions.data ?? []).map((v) => ({
    value: v.version,
    label: t('works.versionN', { n: v.version }),
  }));
  return (
    <section className="panel" aria-labelledby="versions-h">
      <h2 id="versions-h">{t('works.versions')}</h2>
      {versions.isError && <Alert type="error" showIcon title={errorMessage(versions.error)} />}
      <Table<WorkVersion>
        rowKey="version"
        size="small"
        loading={versions.isPending}
        dataSource={versions.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('works.version'),
            dataIndex: 'version',
            render: (n: number) => t('works.versionN', { n }),
          },
          { title: t('works.by'), dataIndex: 'createdByName' },
          { title: t('works.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          {
            title: t('works.at'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v, lang),
          },
        ]}
      />
      {work.version > 1 && (
        <div className="diff-picker">
          <h3 className="drawer-h2">{t('works.compare')}</h3>
          <div className="filters">
            <div className="diff-select">
              <span id="diff-from" className="field-label">
                {t('works.from')}
              </span>
              <Select
                style={{ width: 120 }}
                value={from}
                options={options}
                onChange={(v) => setPair((p) => ({ ...p, from: v }))}
                aria-labelledby="diff-from"
              />
            </div>
            <div className="diff-select">
              <span id="diff-to" className="field-label">
                {t('works.to')}
              </span>
              <Select
                style={{ width: 120 }}
                value={to}
                options={options}
                onChange={(v) => setPair((p) => ({ ...p, to: v }))}
                aria-labelledby="diff-to"
              />
            </div>
            <Button onClick={() => setShown({ from, to })}>{t('works.compareButton')}</Button>
          </div>
          {diff.isError && <Alert type="error" showIcon title={errorMessage(diff.error)} />}
          {diff.isFetching && <Skeleton active aria-busy />}
          {diff.data && !diff.isFetching && (
            <>
              <h3 className="drawer-h2">
                {t('works.diffTitle', { from: diff.data.from, to: diff.data.to })}
              </h3>
              <p className="diff-legend">
                <ins>{t('works.legendInsert')}</ins> <del>{t('works.legendDelete')}</del>
              </p>
              <DiffView diff={diff.data} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

export function WorkDetailPage() {
  const { t, lang } = usePrefs();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const typeName = useRefName('WORK_TYPE');
  const valueText = useValueText();
  const work = useQuery({
    queryKey: ['work', id],
    queryFn: () => call(api.GET('/api/works/{id}', { params: { path: { id } } })),
  });
  const w = work.data;
  usePageTitle(w?.title ?? t('works.title'));

  const updated = async (next: Work) => {
    qc.setQueryData(['work', id], next);
    await qc.invalidateQueries({ queryKey: ['works'] });
  };
  const moveWork = useFormMutation(null, {
    mutationFn: (m: Move) =>
      call(
        api.POST(`/api/works/{id}/${m}` as '/api/works/{id}/submit', { params: { path: { id } } }),
      ),
    onSuccess: async (next, m) => {
      message.success(t(MOVE_DONE[m]));
      await updated(next);
    },
    // The work may have moved on meanwhile: show it as it is now.
    onError: () => qc.invalidateQueries({ queryKey: ['work', id] }),
  });
  const moving = moveWork.isPending ? moveWork.variables : null;

  async function move(m: Move) {
    const ask = CONFIRM[m];
    const go =
      !ask ||
      (await confirm({
        title: t(ask.title, { title: w?.title ?? '' }),
        body: t(ask.body),
        action: t(MOVE_LABEL[m]),
        danger: m === 'withdraw' || m === 'archive',
      }));
    if (go) moveWork.mutate(m);
  }

  if (work.isError)
    return (
      <>
        <h1>{t('works.title')}</h1>
        <Alert type="error" showIcon title={errorMessage(work.error)} />
      </>
    );
  if (!w) return <Skeleton active aria-busy />;
  const moves = movesFor(w);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/works">{t('works.title')}</Link>
      </p>
      <h1>
        {w.title}{' '}
        <Tag className={`${statusClass(w.status)} status-tag`}>{t(`workStatus.${w.status}`)}</Tag>
      </h1>
      <FormAlert text={moveWork.alert} />
      <div className="toolbar">
        {w.abilities.edit && (
          <Button onClick={() => navigate(`/admin/works/${w.id}/edit`)}>{t('common.edit')}</Button>
        )}
        {moves.map((m) => (
          <Button
            key={m}
            type={m === 'submit' || m === 'publish' ? 'primary' : 'default'}
            danger={m === 'withdraw' || m === 'archive'}
            loading={moving === m}
            onClick={() => move(m)}
          >
            {t(MOVE_LABEL[m])}
          </Button>
        ))}
        {dialog}
        {w.status === 'PUBLISHED' && <Link to={`/works/${w.id}`}>{t('works.viewPublic')}</Link>}
      </div>
      {w.abilities.check && <CheckPanel work={w} onDone={updated} />}
      <section className="panel" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('works.facts')}</h2>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('works.type')}>{typeName(w.type)}</Descriptions.Item>
          <Descriptions.Item label={t('works.unit')}>{w.organisationName}</Descriptions.Item>
          <Descriptions.Item label={t('works.version')}>
            {t('works.versionN', { n: w.version })}
            {w.checkedVersion !== null &&
              ` · ${t('works.checkedVersion', { n: w.checkedVersion })}`}
            {w.publishedVersion !== null &&
              ` · ${t('works.publishedVersion', { n: w.publishedVersion })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.updatedAt')}>
            {formatDateTime(w.updatedAt, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.authors')}>
            {valueText('authors', w.authors)}
          </Descriptions.Item>
          <Descriptions.Item label={t('refKind.SECTOR')}>
            {valueText('sectors', w.sectors)}
          </Descriptions.Item>
          <Descriptions.Item label={t('refKind.TOPIC')}>
            {valueText('topics', w.topics)}
          </Descriptions.Item>
          <Descriptions.Item label={t('refKind.AUDIENCE')}>
            {valueText('audiences', w.audiences)}
          </Descriptions.Item>
          <Descriptions.Item label={t('refKind.THEME_DAY')}>
            {valueText('themeDays', w.themeDays)}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.regions')}>
            {valueText('regions', w.regions)}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.publicationDate')}>
            {w.publicationDate ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('works.licence')}>{w.licence ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('works.source')}>{w.source ?? '—'}</Descriptions.Item>
          {w.isbn && <Descriptions.Item label="ISBN">{w.isbn}</Descriptions.Item>}
          {w.issn && <Descriptions.Item label="ISSN">{w.issn}</Descriptions.Item>}
        </Descriptions>
      </section>
      <section className="panel" aria-labelledby="content-h">
        <h2 id="content-h">{t('works.content')}</h2>
        {w.summary && <p className="work-summary-console">{w.summary}</p>}
        <div
          className="work-body"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server and again here
          dangerouslySetInnerHTML={{ __html: safeHtml(w.body) }}
        />
      </section>
      {(w.cover || w.media.length > 0) && (
        <section className="panel" aria-labelledby="media-h">
          <h2 id="media-h">{t('works.mediaTitle')}</h2>
          {w.cover && (
            <figure className="media media-image work-cover-console">
              <img src={w.cover.thumbUrl ?? w.cover.url} alt={w.cover.alt || w.title} />
              <figcaption>{t('works.cover')}</figcaption>
            </figure>
          )}
          {w.media.map((m) => (
            <MediaView key={m.id} media={m} title={w.title} />
          ))}
        </section>
      )}
      <section className="panel" aria-labelledby="checks-h">
        <h2 id="checks-h">{t('works.checks')}</h2>
        {w.checks.length === 0 ? (
          <p>{t('works.noChecks')}</p>
        ) : (
          <ul className="check-list">
            {w.checks.map((c) => (
              <li key={`${c.version}-${c.createdAt}`}>
                <strong>
                  {t('works.versionN', { n: c.version })} ·{' '}
                  {c.decision === 'PASSED'
                    ? t('works.decisionPassed')
                    : t('works.decisionReturned')}
                </strong>{' '}
                · {c.reviewerName} · {formatDateTime(c.createdAt, lang)}
                {c.comments && <p className="check-comments">{c.comments}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Versions work={w} />
    </>
  );
}
