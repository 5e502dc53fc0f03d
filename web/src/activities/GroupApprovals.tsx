/**
 * 团体预约 on the host's registrations page: each class's booking (school, class, teacher,
 * places asked and approved), a decision that may approve part of the places (asked first: it
 * cannot be undone), one QR for the group or one per person, and the roster.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { chinaWhen } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

export type HostGroup = Answer<'/api/activities/{id}/groups', 'get'>['items'][number];

interface Decision {
  approve: number;
  ticketMode: 'GROUP' | 'PERSON';
  rest: 'RELEASE' | 'WAIT';
  note?: string;
}

export function GroupApprovals({
  activityId,
  placesLeft,
  onChanged,
}: {
  activityId: string;
  placesLeft: (sessionId: string) => number | null;
  onChanged: () => unknown;
}) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const [deciding, setDeciding] = useState<HostGroup | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Decision>();
  const groups = useQuery({
    queryKey: ['activity-groups', activityId],
    queryFn: () =>
      call(api.GET('/api/activities/{id}/groups', { params: { path: { id: activityId } } })),
  });
  const open = (g: HostGroup) => g.requested - g.approved;

  function start(g: HostGroup) {
    const left = placesLeft(g.sessionId);
    form.setFieldsValue({
      approve: left === null ? open(g) : Math.min(open(g), left),
      ticketMode: g.ticketMode,
      rest: 'RELEASE',
      note: '',
    });
    setDeciding(g);
  }

  async function submit() {
    const g = deciding!;
    const v = await form.validateFields();
    const rest = open(g) - v.approve;
    const ok = await confirm({
      title: t('acto.groupConfirmTitle', { n: String(v.approve), requested: String(g.requested) }),
      body:
        rest > 0
          ? t(v.rest === 'WAIT' ? 'acto.groupConfirmWait' : 'acto.groupConfirmRelease', {
              n: String(rest),
            })
          : t('acto.groupConfirmAll'),
      action: t('acto.groupDecide'),
      danger: v.approve === 0,
    });
    if (!ok) return;
    setBusy(true);
    try {
      await call(
        api.POST('/api/groups/{id}/decide', {
          params: { path: { id: g.id } },
          body: {
            approve: v.approve,
            ticketMode: v.ticketMode,
            rest: v.rest,
            note: v.note?.trim() || null,
          },
        }),
      );
      message.success(t('acto.decided'));
      setDeciding(null);
      await qc.invalidateQueries({ queryKey: ['activity-groups', activityId] });
      await onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const items = groups.data?.items ?? [];
  return (
    <section aria-labelledby="groups-h">
      <h2 id="groups-h">{t('acto.groups')}</h2>
      {groups.isError && <Alert type="error" showIcon title={errorMessage(groups.error)} />}
      <Table<HostGroup>
        rowKey="id"
        loading={groups.isPending}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('acto.noGroups') }}
        expandable={{
          expandedRowRender: (g) => (
            <div>
              <h3>{t('acto.roster', { name: `${g.schoolName} ${g.gradeClass}` })}</h3>
              <ol className="group-roster">
                {g.members.map((m) => (
                  <li key={m.id}>
                    {m.name || t('acto.unnamed')}
                    {m.checkedInAt ? ` · ${t('acto.checkedIn')}` : ''}
                  </li>
                ))}
              </ol>
            </div>
          ),
          expandRowByClick: false,
          columnTitle: <span className="visually-hidden">{t('acto.rosterColumn')}</span>,
        }}
        columns={[
          { title: t('acto.school'), dataIndex: 'schoolName' },
          { title: t('acto.gradeClass'), dataIndex: 'gradeClass' },
          {
            title: t('acto.teacher'),
            key: 'teacher',
            render: (_: unknown, g) => `${g.contactName} ${g.contactPhone}`,
          },
          { title: t('acto.session'), dataIndex: 'startsAt', render: (v: string) => chinaWhen(v) },
          { title: t('acto.requested'), dataIndex: 'requested' },
          { title: t('acto.approved'), dataIndex: 'approved' },
          {
            title: t('acto.regStatus'),
            key: 'status',
            render: (_: unknown, g) => <Tag>{t(`acto.group.${g.status}` as MessageKey)}</Tag>,
          },
          {
            title: t('acto.ticketMode'),
            key: 'mode',
            render: (_: unknown, g) =>
              g.approved > 0 ? t(`acto.ticketMode.${g.ticketMode}` as MessageKey) : '—',
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, g) =>
              g.status === 'PENDING' || g.status === 'PARTIAL' ? (
                <Button size="small" type="primary" onClick={() => start(g)}>
                  {t('acto.groupDecide')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!deciding}
        title={
          deciding
            ? t('acto.groupDecideTitle', { name: `${deciding.schoolName} ${deciding.gradeClass}` })
            : ''
        }
        okText={t('acto.groupDecide')}
        onOk={submit}
        confirmLoading={busy}
        onCancel={() => setDeciding(null)}
      >
        {deciding && (
          <Form<Decision> form={form} name="group-decision" layout="vertical" requiredMark={false}>
            <p>
              {t('acto.groupAsked', {
                n: String(open(deciding)),
                left: String(placesLeft(deciding.sessionId) ?? '∞'),
              })}
            </p>
            <Form.Item
              label={t('acto.approveCount')}
              name="approve"
              rules={[
                { required: true, message: t('form.required', { field: t('acto.approveCount') }) },
              ]}
            >
              <InputNumber min={0} max={open(deciding)} />
            </Form.Item>
            <Form.Item label={t('acto.ticketMode')} name="ticketMode">
              <Radio.Group
                options={(['GROUP', 'PERSON'] as const).map((m) => ({
                  value: m,
                  label: t(`acto.ticketMode.${m}` as MessageKey),
                }))}
              />
            </Form.Item>
            <Form.Item label={t('acto.rest')} name="rest">
              <Radio.Group
                options={(['RELEASE', 'WAIT'] as const).map((m) => ({
                  value: m,
                  label: t(`acto.rest.${m}` as MessageKey),
                }))}
              />
            </Form.Item>
            <Form.Item label={t('acto.groupNote')} name="note">
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
            </Form.Item>
          </Form>
        )}
      </Modal>
      {dialog}
    </section>
  );
}
