import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Skeleton,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { FormAnswer } from '../lib/FormAnswer.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { MediaView } from '../media/MediaView.tsx';
import type { MyAssignment } from './shared.ts';

interface ScoreValues {
  scores: Record<string, number>;
  comments: Record<string, string>;
}

export function MyReviewsPage() {
  const { t } = usePrefs();
  usePageTitle(t('rv.myReviews'));
  const list = useQuery({
    queryKey: ['my-reviews'],
    queryFn: () => call(api.GET('/api/my/review-assignments')),
  });
  return (
    <>
      <h1>{t('rv.myReviews')}</h1>
      <p>{t('rv.myReviewsText')}</p>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<MyAssignment>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rv.noMyReviews') }}
        columns={[
          {
            title: t('rv.itemTitle'),
            dataIndex: 'itemTitle',
            render: (v: string, a) => <Link to={`/admin/my-reviews/${a.id}`}>{v}</Link>,
          },
          { title: t('rv.callTitle'), dataIndex: 'callTitle' },
          { title: t('rv.roundCol'), dataIndex: 'round' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag className={`assignment-${s}`}>{t(`rv.assignmentStatus.${s}` as MessageKey)}</Tag>
            ),
          },
          { title: t('rv.total'), dataIndex: 'total', render: (v: number | null) => v ?? '—' },
          {
            title: t('rv.deadline'),
            dataIndex: 'deadline',
            render: (v: string | null) => v ?? '—',
          },
        ]}
      />
    </>
  );
}

export function ScorePage() {
  const { t } = usePrefs();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScoreValues>();
  const [recusing, setRecusing] = useState(false);
  const { confirm, dialog } = useConfirm();
  const [reason, setReason] = useState('');
  const q = useQuery({
    queryKey: ['assignment', id],
    queryFn: () => call(api.GET('/api/review-assignments/{id}', { params: { path: { id } } })),
  });
  const d = q.data;
  const c = useQuery({
    queryKey: ['review-call', d?.item.callId],
    queryFn: () =>
      call(api.GET('/api/review-calls/{id}', { params: { path: { id: d?.item.callId ?? '' } } })),
    enabled: !!d,
  });
  const label = (key: string) => c.data?.form.fields.find((f) => f.key === key)?.label ?? key;
  const score = useFormMutation(form, {
    mutationFn: (v: ScoreValues) =>
      call(
        api.POST('/api/review-assignments/{id}/score', {
          params: { path: { id } },
          body: {
            scores: v.scores,
            comments: Object.fromEntries(
              Object.entries(v.comments ?? {}).filter(([, x]) => x?.trim()),
            ),
          },
        }),
      ),
    onSuccess: async (saved) => {
      qc.setQueryData(['assignment', id], saved);
      await qc.invalidateQueries({ queryKey: ['my-reviews'] });
      message.success(t('rv.scored', { total: saved.assignment.total ?? 0 }));
    },
  });
  const recuse = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/review-assignments/{id}/recuse', {
          params: { path: { id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      message.success(t('rv.recused'));
      await qc.invalidateQueries({ queryKey: ['my-reviews'] });
      navigate('/admin/my-reviews');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  usePageTitle(d?.item.title ?? t('rv.myReviews'));
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!d) return <Skeleton active aria-busy />;
  const done = d.assignment.status !== 'ASSIGNED';
  async function submit(v: ScoreValues) {
    if (!d) return;
    score.setAlert(null);
    const go = await confirm({
      title: t('confirm.score.title', { title: d.item.title }),
      body: (
        <>
          <ul className="confirm-list">
            {d.rubric.map((r) => (
              <li key={r.key}>
                {t('confirm.score.line', { label: r.label, score: v.scores[r.key] ?? '—' })}
              </li>
            ))}
          </ul>
          <p>{t('confirm.score.body')}</p>
        </>
      ),
      action: t('confirm.score.ok'),
    });
    if (go) score.mutate(v);
  }
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/my-reviews">{t('rv.myReviews')}</Link>
      </p>
      <h1>{d.item.title}</h1>
      {dialog}
      {c.data?.blind && <Alert type="info" showIcon title={t('rv.blindNotice')} />}
      <section className="panel" aria-labelledby="sub-h">
        <h2 id="sub-h">{t('rv.applicationContent')}</h2>
        <Descriptions column={1} size="small" bordered>
          {d.item.applicantName ? (
            <Descriptions.Item label={t('rv.applicant')}>{d.item.applicantName}</Descriptions.Item>
          ) : (
            <Descriptions.Item label={t('rv.applicant')}>{t('rv.blindHidden')}</Descriptions.Item>
          )}
          {Object.entries(d.item.data).map(([k, v]) => (
            <Descriptions.Item key={k} label={label(k)}>
              <FormAnswer
                field={c.data?.form.fields.find((f) => f.key === k)}
                value={v}
                names={d.item.answerNames}
              />
            </Descriptions.Item>
          ))}
        </Descriptions>
        {Object.values(d.item.attachments)
          .flat()
          .map((m) => (
            <MediaView key={m.id} media={m} title={d.item.title} />
          ))}
      </section>
      <section className="panel" aria-labelledby="score-h">
        <h2 id="score-h">{t('rv.scoring')}</h2>
        {done && (
          <Alert
            type={d.assignment.status === 'SUBMITTED' ? 'success' : 'info'}
            showIcon
            title={
              d.assignment.status === 'SUBMITTED'
                ? t('rv.scored', { total: d.assignment.total ?? 0 })
                : t('rv.recused')
            }
          />
        )}
        <FormAlert text={score.alert} />
        <Form
          form={form}
          name="score"
          layout="vertical"
          disabled={done}
          onFinish={submit}
          initialValues={{
            scores: d.assignment.scores ?? {},
            comments: d.assignment.comments ?? {},
          }}
        >
          {d.rubric.map((c) => (
            <div key={c.key} className="criterion">
              <Form.Item
                label={t('rv.criterionLabel', {
                  label: c.label,
                  min: c.min,
                  max: c.max,
                  weight: c.weight,
                })}
                name={['scores', c.key]}
                rules={[{ required: true, message: t('rv.scoreRequired', { label: c.label }) }]}
              >
                <InputNumber min={c.min} max={c.max} />
              </Form.Item>
              <Form.Item
                label={t('rv.commentFor', { label: c.label })}
                name={['comments', c.key]}
                rules={
                  c.commentRequired
                    ? [{ required: true, message: t('rv.commentRequired', { label: c.label }) }]
                    : []
                }
              >
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} />
              </Form.Item>
            </div>
          ))}
          {!done && (
            <div className="button-row">
              <Button type="primary" htmlType="submit" loading={score.isPending}>
                {t('rv.submitScores')}
              </Button>
              <Button onClick={() => setRecusing(true)}>{t('rv.recuse')}</Button>
            </div>
          )}
        </Form>
      </section>
      <Modal
        open={recusing}
        title={t('rv.recuse')}
        onCancel={() => setRecusing(false)}
        onOk={() => recuse.mutate()}
        okText={t('rv.recuse')}
        cancelText={t('form.cancel')}
        okButtonProps={{ disabled: !reason.trim(), danger: true, loading: recuse.isPending }}
      >
        <label htmlFor="recuse-reason">{t('rv.recuseReason')}</label>
        <Input.TextArea
          id="recuse-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 2 }}
        />
      </Modal>
    </>
  );
}
