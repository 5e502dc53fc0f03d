import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';

/**
 * The account an author is linked to: oneself, one already linked, a colleague of the work's unit
 * found by name, or — for those who may list people (organisation and platform administrators) —
 * anyone found by name or username.
 */
export function AuthorAccountSelect({
  me,
  unitId,
  linked,
  value,
  onChange,
  id,
}: {
  me: Me;
  /** The work's unit: its people are offered by name. */
  unitId?: string;
  /** Accounts the saved work already links, with the names it credits them under. */
  linked?: Map<string, string>;
  value?: string | null;
  onChange?: (v: string | null) => void;
  id?: string;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const mayList = me.abilities.platformAdmin || me.grants.some((g) => g.role === 'ORG_ADMIN');
  const searching = q.trim().length > 0 && (mayList || !!unitId);
  const found = useQuery({
    queryKey: ['author-accounts', mayList ? null : unitId, q],
    enabled: searching,
    queryFn: async (): Promise<{ id: string; label: string }[]> => {
      if (mayList) {
        const page = await call(
          api.GET('/api/users', {
            params: { query: { q: q.trim(), status: 'ACTIVE', page: 1, pageSize: 20 } },
          }),
        );
        return page.items.map((u) => ({ id: u.id, label: `${u.displayName}（${u.username}）` }));
      }
      const people = await call(
        api.GET('/api/organisations/{id}/members', {
          params: { path: { id: unitId! }, query: { q: q.trim() } },
        }),
      );
      return people.map((p) => ({ id: p.id, label: p.displayName }));
    },
  });
  const options = new Map<string, string>([
    [me.user.id, t('works.authorMe', { name: me.user.displayName })],
  ]);
  if (value && !options.has(value)) {
    const name = linked?.get(value);
    options.set(value, name ? t('works.authorLinkedName', { name }) : t('works.authorLinked'));
  }
  for (const u of found.data ?? []) if (u.id !== me.user.id) options.set(u.id, u.label);
  return (
    <Select
      id={id}
      style={{ width: 220 }}
      allowClear
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={t('works.authorOutsider')}
      showSearch={mayList || unitId ? { filterOption: false, onSearch: setQ } : false}
      loading={found.isFetching}
      notFoundContent={searching ? t('works.authorNoMatch') : null}
      options={[...options].map(([v, label]) => ({ value: v, label }))}
    />
  );
}
