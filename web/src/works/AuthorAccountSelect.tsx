import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';

/**
 * The account an author is linked to: oneself, one already linked, or — for those who may list
 * people (organisation and platform administrators) — anyone found by name or username.
 */
export function AuthorAccountSelect({
  me,
  value,
  onChange,
  id,
}: {
  me: Me;
  value?: string | null;
  onChange?: (v: string | null) => void;
  id?: string;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const mayList = me.abilities.platformAdmin || me.grants.some((g) => g.role === 'ORG_ADMIN');
  const found = useQuery({
    queryKey: ['author-accounts', q],
    enabled: mayList && q.trim().length > 0,
    queryFn: () =>
      call(
        api.GET('/api/users', {
          params: { query: { q: q.trim(), status: 'ACTIVE', page: 1, pageSize: 20 } },
        }),
      ),
  });
  const options = new Map<string, string>([
    [me.user.id, t('works.authorMe', { name: me.user.displayName })],
  ]);
  if (value && !options.has(value)) options.set(value, t('works.authorLinked'));
  for (const u of found.data?.items ?? [])
    if (u.id !== me.user.id) options.set(u.id, `${u.displayName}（${u.username}）`);
  return (
    <Select
      id={id}
      style={{ width: 220 }}
      allowClear
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={t('works.authorOutsider')}
      showSearch={mayList ? { filterOption: false, onSearch: setQ } : false}
      loading={found.isFetching}
      notFoundContent={mayList && q ? t('works.authorNoMatch') : null}
      options={[...options].map(([v, label]) => ({ value: v, label }))}
    />
  );
}
