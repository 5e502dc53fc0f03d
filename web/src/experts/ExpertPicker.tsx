import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';

/**
 * Picks a person from the expert directory by name, title or unit (the list answers the office and
 * units' staff): each choice reads 姓名 · 职称 · 单位, never an id.
 */
export function ExpertPicker({
  id,
  value,
  onChange,
  placeholder,
}: {
  id?: string;
  value?: string;
  /** With the chosen expert's name and unit (e.g. to title a nomination). */
  onChange?: (
    userId: string | undefined,
    chosen?: { displayName: string; organisationName: string | null },
  ) => void;
  placeholder?: string;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['experts', 'pick', q],
    queryFn: () =>
      call(
        api.GET('/api/experts', { params: { query: { ...(q ? { q } : {}), pageSize: 30 } } }),
      ).then((p) => p.items),
    placeholderData: (prev) => prev,
  });
  const options = (list.data ?? []).map((x) => ({
    value: x.userId,
    label: [x.displayName, x.title, x.organisationName].filter(Boolean).join(' · '),
  }));
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string | undefined) => {
        const x = list.data?.find((e) => e.userId === v);
        onChange?.(
          v,
          x
            ? { displayName: x.displayName, organisationName: x.organisationName ?? null }
            : undefined,
        );
      }}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={list.isPending}
      options={options}
      placeholder={placeholder ?? t('ex.searchExpert')}
      style={{ maxWidth: 480, width: '100%' }}
    />
  );
}
