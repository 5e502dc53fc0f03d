import { useQuery } from '@tanstack/react-query';
import { Button, Form, Select, Space } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { usePrefs } from '../i18n/index.tsx';

export interface LeaderDraft {
  userId?: string;
  role: 'LEAD' | 'SPEAKER';
}

/** A person from the expert directory, searched as the organiser types. */
function ExpertPicker({
  value,
  onChange,
  known,
  label,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  known: Map<string, string>;
  label: string;
}) {
  const { t } = usePrefs();
  const [search, setSearch] = useState('');
  const experts = useQuery({
    queryKey: ['experts-picker', search],
    queryFn: () =>
      call(
        api.GET('/api/experts', {
          params: { query: { ...(search ? { q: search } : {}), pageSize: 30, sort: 'name' } },
        }),
      ).then((p) => p.items),
    placeholderData: (prev) => prev,
  });
  const options = (experts.data ?? []).map((x) => ({
    value: x.userId,
    label: [x.displayName, x.title, x.organisationName].filter(Boolean).join(' · '),
  }));
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: known.get(value) ?? t('acto.leaderUnknown') });
  return (
    <Select
      aria-label={label}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      placeholder={t('acto.leaderSearch')}
      value={value}
      onChange={onChange}
      options={options}
      loading={experts.isFetching}
      style={{ minWidth: 280 }}
      notFoundContent={t('acto.leaderNone')}
    />
  );
}

/** 负责专家 and 主讲: people picked from the expert directory, in order. */
export function LeaderRows({ known }: { known: Map<string, string> }) {
  const { t } = usePrefs();
  return (
    <Form.List name="leaders">
      {(rows, { add, remove }) => (
        <fieldset className="session-row">
          <legend>{t('acto.leaders')}</legend>
          {rows.map((row, i) => (
            <Space key={row.key} align="baseline" wrap>
              <Form.Item
                label={`${t('acto.leaderPerson')} ${i + 1}`}
                name={[row.name, 'userId']}
                rules={[{ required: true, message: t('acto.leaderRequired') }]}
              >
                <ExpertPicker known={known} label={`${t('acto.leaderPerson')} ${i + 1}`} />
              </Form.Item>
              <Form.Item label={t('acto.leaderRole')} name={[row.name, 'role']}>
                <Select
                  aria-label={`${t('acto.leaderRole')} ${i + 1}`}
                  style={{ minWidth: 120 }}
                  options={[
                    { value: 'SPEAKER', label: t('acto.role.SPEAKER') },
                    { value: 'LEAD', label: t('acto.role.LEAD') },
                  ]}
                />
              </Form.Item>
              <Button onClick={() => remove(row.name)}>{t('acto.remove')}</Button>
            </Space>
          ))}
          <div className="muted">{t('acto.leadersHelp')}</div>
          <Button onClick={() => add({ role: 'SPEAKER' })}>{t('acto.addLeader')}</Button>
        </fieldset>
      )}
    </Form.List>
  );
}
