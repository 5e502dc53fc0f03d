import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Skeleton, Table } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { todayInChina } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useFormMutation } from '../lib/mutations.tsx';
import { NotFound } from './NotFound.tsx';

interface ObjectionBody {
  itemId: string;
  name: string;
  contact: string;
  text: string;
}

/** 公示: the list on notice, and a form to object with contact details. */
export function NoticePage() {
  const { id = '' } = useParams();
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['notice', id],
    queryFn: () => call(api.GET('/api/public/review-notices/{id}', { params: { path: { id } } })),
  });
  const [form] = Form.useForm<ObjectionBody>();
  const object = useFormMutation(form, {
    mutationFn: (body: ObjectionBody) =>
      call(
        api.POST('/api/public/review-notices/{id}/objections', { params: { path: { id } }, body }),
      ),
  });
  const n = q.data;
  usePageTitle(n?.title ?? t('rv.noticeTitle'));
  if (q.isError) {
    if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400))
      return <NotFound title={t('rv.noticeNotFound')} text={t('rv.noticeNotFoundText')} />;
    return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  }
  if (!n) return <Skeleton active aria-busy />;
  const today = todayInChina();
  const open = n.status === 'OPEN' && today >= n.startsAt && today <= n.endsAt;
  // Past its period (or closed): the page stays, with what became of each item.
  const past = n.status === 'CLOSED' || today > n.endsAt;
  return (
    <article className="work-page notice-page">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> /{' '}
        <Link to={past ? '/notices?tab=past' : '/notices'}>
          {t(past ? 'notices.past' : 'rv.noticeKicker')}
        </Link>
      </p>
      <h1 className="work-title">{n.title}</h1>
      <p>
        {n.callTitle}
        {n.docNo ? `（${n.docNo}）` : ''}
      </p>
      <p className="notice-period">{t('rv.noticePeriod', { from: n.startsAt, to: n.endsAt })}</p>
      <Table
        rowKey="id"
        pagination={false}
        dataSource={n.items}
        columns={[
          { title: t('rv.seq'), key: 'i', render: (_: unknown, __: unknown, i: number) => i + 1 },
          { title: t('rv.itemTitle'), dataIndex: 'title' },
          { title: t('rv.applicant'), dataIndex: 'applicantName' },
          ...(past
            ? [
                {
                  title: t('notices.result'),
                  key: 'outcome',
                  render: (_: unknown, i: (typeof n.items)[number]) =>
                    t(`notices.outcome.${i.outcome}` as MessageKey),
                },
              ]
            : []),
        ]}
      />
      <section className="panel notice-objection" aria-labelledby="object-h">
        <h2 id="object-h">{t('rv.objectTitle')}</h2>
        {!open ? (
          <p>{n.status === 'OPEN' ? t('rv.notYetOpen') : t('rv.noticeOver')}</p>
        ) : object.isSuccess ? (
          <Alert type="success" showIcon title={t('rv.objectionSent')} role="status" />
        ) : (
          <>
            <p>{t('rv.objectText')}</p>
            {object.alert && <Alert type="error" showIcon title={object.alert} role="alert" />}
            <Form
              form={form}
              name="objection"
              layout="vertical"
              requiredMark
              onFinish={object.mutate}
            >
              <Form.Item
                label={t('rv.objectItem')}
                name="itemId"
                rules={[{ required: true, message: t('rv.objectItemRequired') }]}
              >
                <Select options={n.items.map((i) => ({ value: i.id, label: i.title }))} />
              </Form.Item>
              <Form.Item
                label={t('rv.objectName')}
                name="name"
                rules={[
                  { required: true, message: t('form.required', { field: t('rv.objectName') }) },
                ]}
              >
                <Input maxLength={60} autoComplete="name" />
              </Form.Item>
              <Form.Item
                label={t('rv.objectContact')}
                name="contact"
                extra={t('rv.objectContactHelp')}
                rules={[
                  { required: true, message: t('form.required', { field: t('rv.objectContact') }) },
                ]}
              >
                <Input maxLength={120} autoComplete="tel" />
              </Form.Item>
              <Form.Item
                label={t('rv.objectReason')}
                name="text"
                rules={[{ required: true, min: 10, message: t('rv.objectReasonRequired') }]}
              >
                <Input.TextArea autoSize={{ minRows: 4 }} maxLength={5000} showCount />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={object.isPending}>
                {t('rv.sendObjection')}
              </Button>
            </Form>
          </>
        )}
      </section>
    </article>
  );
}
