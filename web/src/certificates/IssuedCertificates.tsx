import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Table, Tag } from 'antd';
import { useRef, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Certificate = Answer<'/api/certificates/issued', 'get'>['items'][number];
type Status = 'VALID' | 'REVOKED';
const PAGE_SIZE = 20;

/** 证书管理: what the units I administer issued; revoke one with a reason, asking first. */
export function IssuedCertificatesPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('certAdmin.title'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status | undefined>();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['issued-certificates', q, status ?? null, page],
    queryFn: () =>
      call(
        api.GET('/api/certificates/issued', {
          params: {
            query: {
              page,
              pageSize: PAGE_SIZE,
              ...(q ? { q } : {}),
              ...(status ? { status } : {}),
            },
          },
        }),
      ),
  });
  const { confirm, dialog } = useConfirm();
  const reason = useRef('');
  const revoke = useMutation({
    mutationFn: (c: Certificate) =>
      call(
        api.POST('/api/certificates/{id}/revoke', {
          params: { path: { id: c.id } },
          body: { reason: reason.current },
        }),
      ),
    onSuccess: () => {
      message.success(t('certAdmin.revoked'));
      void qc.invalidateQueries({ queryKey: ['issued-certificates'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const ask = async (c: Certificate) => {
    reason.current = '';
    const yes = await confirm({
      title: t('certAdmin.revokeTitle', { name: c.holderName, title: c.title }),
      body: (
        <>
          <p>{t('certAdmin.revokeBody')}</p>
          <label htmlFor="revoke-reason">{t('certAdmin.reason')}</label>
          <Input.TextArea
            id="revoke-reason"
            maxLength={500}
            rows={3}
            onChange={(e) => {
              reason.current = e.target.value;
            }}
          />
        </>
      ),
      action: t('certAdmin.revokeAction'),
      danger: true,
    });
    if (yes) revoke.mutate(c);
  };
  return (
    <section className="panel" aria-labelledby="certs-h">
      <h1 id="certs-h">{t('certAdmin.title')}</h1>
      <p className="muted">{t('certAdmin.text')}</p>
      <Form layout="inline" className="filters" name="cert-filters">
        <Form.Item label={t('certAdmin.find')} htmlFor="cert-q">
          <Input.Search
            id="cert-q"
            allowClear
            placeholder={t('certAdmin.search')}
            maxLength={40}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 'min(240px, 70vw)' }}
          />
        </Form.Item>
        <Form.Item label={t('certAdmin.status')} htmlFor="cert-status">
          <Select<Status | undefined>
            id="cert-status"
            allowClear
            style={{ width: 140 }}
            placeholder={t('certAdmin.allStatuses')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: 'VALID', label: t('certAdmin.statusValid') },
              { value: 'REVOKED', label: t('certAdmin.statusRevoked') },
            ]}
          />
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && <p className="muted">{t('certAdmin.total', { n: list.data.total })}</p>}
      <Table<Certificate>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('certAdmin.none') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('certAdmin.holder'), dataIndex: 'holderName' },
          {
            title: t('certAdmin.certificate'),
            dataIndex: 'title',
            render: (v: string, c) => (
              <>
                {v}{' '}
                {c.revokedAt ? (
                  <Tag className="state-tag state-tag-plain">{t('certAdmin.statusRevoked')}</Tag>
                ) : (
                  <Tag className="state-tag state-tag-ok">{t('certAdmin.statusValid')}</Tag>
                )}
              </>
            ),
          },
          { title: t('certAdmin.issuer'), dataIndex: 'organisationName' },
          {
            title: t('certAdmin.issuedAt'),
            dataIndex: 'issuedAt',
            render: (v: string) => formatDayTime(v, lang),
          },
          {
            title: t('certAdmin.code'),
            dataIndex: 'code',
            render: (v: string) => <code>{v}</code>,
          },
          {
            title: t('certAdmin.actions'),
            key: 'actions',
            render: (_, c) => (
              <span className="button-row">
                <a href={`/api/certificates/${c.id}/pdf`} download>
                  {t('certAdmin.pdf')}
                </a>
                {c.canRevoke && (
                  <Button
                    danger
                    size="small"
                    onClick={() => void ask(c)}
                    loading={revoke.isPending}
                  >
                    {t('certAdmin.revoke')}
                  </Button>
                )}
              </span>
            ),
          },
        ]}
      />
      {dialog}
    </section>
  );
}
