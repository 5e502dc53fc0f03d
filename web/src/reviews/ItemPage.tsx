import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Input,
  Modal,
  Select,
  Skeleton,
  Table,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { formatDateTime, type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { FormAnswer } from '../lib/FormAnswer.tsx';
import { errorMessage } from '../lib/forms.ts';
import { useFormMutation } from '../lib/mutations.tsx';
import { MediaView } from '../media/MediaView.tsx';
import { ItemStatusTag } from './CallDetail.tsx';
import type { Call, Item } from './shared.ts';

type Act = 'recommend' | 'formal' | 'decide';

/** One step with an opinion: a yes and a no, the opinion required for the no (and for decisions). */
function ActModal({
  act,
  item,
  onClose,
  onDone,
}: {
  act: Act;
  item: Item;
  onClose: () => void;
  onDone: (i: Item) => void;
}) {
  const { t } = usePrefs();
  const [text, setText] = useState('');
  const { confirm, dialog } = useConfirm();
  const id = item.id;
  const step = useFormMutation(null, {
    mutationFn: (yes: boolean) => {
      const opinion = text.trim();
      if (act === 'recommend') {
        return call(
          api.POST('/api/review-items/{id}/recommend', {
            params: { path: { id } },
            body: { recommend: yes, opinion },
          }),
        );
      }
      if (act === 'formal') {
        return call(
          api.POST('/api/review-items/{id}/formal-check', {
            params: { path: { id } },
            body: { passed: yes, opinion },
          }),
        );
      }
      return call(
        api.POST('/api/review-items/{id}/decide', {
          params: { path: { id } },
          body: { decision: yes ? 'ACCEPT' : 'REJECT', reason: opinion },
        }),
      );
    },
    onSuccess: onDone,
  });
  async function run(yes: boolean) {
    const verb = t(`rv.act.${act}.${yes ? 'yes' : 'no'}` as MessageKey);
    const go = await confirm({
      title: t('confirm.act.title', { verb, title: item.title }),
      body: t(yes ? 'confirm.act.yes' : 'confirm.act.no'),
      action: verb,
      danger: !yes,
    });
    if (go) step.mutate(yes);
  }
  return (
    <Modal open title={t(`rv.act.${act}` as MessageKey)} onCancel={onClose} footer={null}>
      {step.alert && <Alert type="error" showIcon title={step.alert} role="alert" />}
      {dialog}
      <label htmlFor="act-opinion">{t(act === 'decide' ? 'rv.reason' : 'rv.opinion')}</label>
      <Input.TextArea
        id="act-opinion"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 3 }}
        maxLength={2000}
      />
      <div className="button-row modal-actions">
        <Button type="primary" loading={step.isPending} onClick={() => run(true)}>
          {t(`rv.act.${act}.yes` as MessageKey)}
        </Button>
        <Button danger loading={step.isPending} onClick={() => run(false)}>
          {t(`rv.act.${act}.no` as MessageKey)}
        </Button>
      </div>
    </Modal>
  );
}

function OrganiserPanel({ item }: { item: Item }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reviewer, setReviewer] = useState<string | undefined>();
  const review = useQuery({
    queryKey: ['item-review', item.id],
    queryFn: () =>
      call(api.GET('/api/review-items/{id}/review', { params: { path: { id: item.id } } })),
  });
  // The directory, searched as the organiser types (fewest reviews this year first).
  const [search, setSearch] = useState('');
  const experts = useQuery({
    queryKey: ['experts', search],
    queryFn: () =>
      call(
        api.GET('/api/experts', {
          params: { query: { ...(search ? { q: search } : {}), pageSize: 50, sort: 'load' } },
        }),
      ).then((p) => p.items),
    placeholderData: (prev) => prev,
  });
  const { confirm, dialog } = useConfirm();
  async function assign() {
    if (!reviewer) return;
    const name = experts.data?.find((x) => x.userId === reviewer)?.displayName ?? '';
    const go = await confirm({
      title: t('confirm.assignOne.title', { name, title: item.title }),
      body: t('confirm.assignOne.body', { name }),
      action: t('rv.assignOne'),
    });
    if (!go) return;
    try {
      await call(
        api.POST('/api/review-items/{id}/assignments', {
          params: { path: { id: item.id } },
          body: { reviewerId: reviewer },
        }),
      );
      message.success(t('rv.assigned'));
      setReviewer(undefined);
      await review.refetch();
      await qc.invalidateQueries({ queryKey: ['review-item', item.id] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  const r = review.data;
  return (
    <section className="panel" aria-labelledby="org-h">
      <h2 id="org-h">{t('rv.assignments')}</h2>
      {dialog}
      {review.isError && <Alert type="error" showIcon title={errorMessage(review.error)} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={r?.assignments ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rv.noAssignments') }}
        columns={[
          { title: t('rv.reviewer'), dataIndex: 'reviewerName' },
          { title: t('rv.roundCol'), dataIndex: 'round' },
          {
            title: t('rv.method'),
            dataIndex: 'method',
            render: (m: string) => t(`rv.method.${m}` as MessageKey),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => t(`rv.assignmentStatus.${s}` as MessageKey),
          },
          { title: t('rv.total'), dataIndex: 'total', render: (v: number | null) => v ?? '—' },
        ]}
      />
      <h3 className="drawer-h2">{t('rv.exclusions')}</h3>
      <Table
        rowKey={(e) => `${e.reviewerId}-${e.reason}`}
        size="small"
        pagination={false}
        dataSource={r?.exclusions ?? []}
        locale={{ emptyText: t('rv.noExclusions') }}
        columns={[
          { title: t('rv.reviewer'), dataIndex: 'reviewerName' },
          {
            title: t('rv.exclusionReason'),
            dataIndex: 'reason',
            render: (x: string) => t(`rv.reasonName.${x}` as MessageKey),
          },
          { title: t('rv.detail'), dataIndex: 'detail' },
        ]}
      />
      {['FORMAL_PASSED', 'RECOMMENDED', 'SUBMITTED', 'UNDER_REVIEW'].includes(item.status) && (
        <div className="button-row">
          <Select
            aria-label={t('rv.pickReviewer')}
            placeholder={t('rv.pickReviewer')}
            style={{ minWidth: 240 }}
            value={reviewer}
            onChange={setReviewer}
            showSearch={{ filterOption: false, onSearch: (v) => setSearch(v.trim()) }}
            options={(experts.data ?? []).map((x) => {
              const name = t('rv.expertWithLoad', {
                name: x.title ? `${x.displayName}（${x.title}）` : x.displayName,
                n: x.load,
              });
              // Marked when the account cannot sign in (never picked automatically).
              const label =
                x.signIn === 'OK'
                  ? name
                  : t('rv.signInMarked', {
                      name,
                      mark: t(`rv.signIn.${x.signIn}` as MessageKey),
                    });
              return { value: x.userId, label, disabled: x.signIn === 'DISABLED' };
            })}
          />
          <Button onClick={assign} disabled={!reviewer}>
            {t('rv.assignOne')}
          </Button>
        </div>
      )}
    </section>
  );
}

export function ItemPage() {
  const { t, lang } = usePrefs();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [act, setAct] = useState<Act | null>(null);
  const { confirm, dialog } = useConfirm();
  const q = useQuery({
    queryKey: ['review-item', id],
    queryFn: () => call(api.GET('/api/review-items/{id}', { params: { path: { id } } })),
  });
  const item = q.data;
  const c = useQuery({
    queryKey: ['review-call', item?.callId],
    queryFn: () =>
      call(api.GET('/api/review-calls/{id}', { params: { path: { id: item?.callId ?? '' } } })),
    enabled: !!item,
  });
  usePageTitle(item?.title ?? t('rv.applications'));
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!item) return <Skeleton active aria-busy />;
  const form: Call['form'] | undefined = c.data?.form;
  const label = (key: string) => form?.fields.find((f) => f.key === key)?.label ?? key;
  async function submit() {
    if (!item) return;
    const go = await confirm({
      title: t('confirm.submit.title', { title: item.title }),
      body: t('confirm.submit.body'),
      action: t('confirm.submit.ok'),
    });
    if (!go) return;
    try {
      const saved = await call(
        api.POST('/api/review-items/{id}/submit', { params: { path: { id } } }),
      );
      qc.setQueryData(['review-item', id], saved);
      message.success(t('rv.submitted'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/admin/reviews/${item.callId}`}>{item.callTitle}</Link>
      </p>
      {dialog}
      <h1>
        {item.title} <ItemStatusTag status={item.status} />
      </h1>
      <div className="toolbar">
        {item.abilities.edit && (
          <>
            <Button onClick={() => navigate(`/admin/review-items/${id}/edit`)}>
              {t('common.edit')}
            </Button>
            <Button type="primary" onClick={submit}>
              {t('rv.submit')}
            </Button>
          </>
        )}
        {item.abilities.recommend && (
          <Button type="primary" onClick={() => setAct('recommend')}>
            {t('rv.act.recommend')}
          </Button>
        )}
        {item.abilities.formalCheck && (
          <Button type="primary" onClick={() => setAct('formal')}>
            {t('rv.act.formal')}
          </Button>
        )}
        {item.abilities.decide && (
          <Button type="primary" onClick={() => setAct('decide')}>
            {t('rv.act.decide')}
          </Button>
        )}
      </div>
      <section className="panel" aria-labelledby="app-h">
        <h2 id="app-h">{t('rv.applicationContent')}</h2>
        <Descriptions column={1} size="small" bordered>
          {item.applicantName && (
            <Descriptions.Item label={t('rv.applicant')}>{item.applicantName}</Descriptions.Item>
          )}
          {item.submitterName && (
            <Descriptions.Item label={t('rv.submitter')}>{item.submitterName}</Descriptions.Item>
          )}
          {item.grade && <Descriptions.Item label={t('rv.grade')}>{item.grade}</Descriptions.Item>}
          {item.aggregate !== null && (
            <Descriptions.Item
              label={t('rv.aggregate')}
            >{`${item.aggregate}（${t('rv.rank')} ${item.rank ?? '—'}）`}</Descriptions.Item>
          )}
          {Object.entries(item.data).map(([k, v]) => (
            <Descriptions.Item key={k} label={label(k)}>
              <FormAnswer
                field={form?.fields.find((f) => f.key === k)}
                value={v}
                names={item.answerNames}
              />
            </Descriptions.Item>
          ))}
        </Descriptions>
        {Object.entries(item.attachments).map(([k, files]) =>
          files.length ? (
            <div key={k} className="work-media">
              <h3 className="drawer-h2">
                {form?.attachments.find((a) => a.key === k)?.label ?? k}
              </h3>
              {files.map((m) => (
                <MediaView key={m.id} media={m} title={item.title} />
              ))}
            </div>
          ) : null,
        )}
      </section>
      {item.events.length > 0 && (
        <section className="panel" aria-labelledby="history-h">
          <h2 id="history-h">{t('rv.history')}</h2>
          <Timeline
            items={item.events.map((e, i) => ({
              key: i,
              content: (
                <>
                  <strong>{t(`rv.event.${e.action}` as MessageKey)}</strong>
                  {' · '}
                  {[e.actorName, e.organisationName].filter(Boolean).join('，')}
                  {' · '}
                  <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
                  {e.opinion && <p className="event-opinion">{e.opinion}</p>}
                </>
              ),
            }))}
          />
        </section>
      )}
      {item.abilities.manage && <OrganiserPanel item={item} />}
      {act && (
        <ActModal
          act={act}
          item={item}
          onClose={() => setAct(null)}
          onDone={(saved) => {
            qc.setQueryData(['review-item', id], saved);
            setAct(null);
            message.success(t('rv.stepDone'));
          }}
        />
      )}
    </>
  );
}
