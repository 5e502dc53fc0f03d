import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client.ts';
import type { Division, ReferenceItem, ReferenceKind } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';

/** Active reference items of one kind (shared cache with the home page). */
export function useReference(kind: ReferenceKind) {
  return useQuery({
    queryKey: ['reference', kind],
    queryFn: () => call(api.GET('/api/reference/{kind}', { params: { path: { kind } } })),
    staleTime: 10 * 60_000,
  });
}

/** A division's name in the UI language: its English name where it has one (provinces). */
export function divisionLabel(d: Division, lang: string): string {
  return (lang === 'en-US' && d.nameEn) || d.name;
}

/** Province-level divisions, for region facets and pickers; `name` in the UI language. */
export function useProvinces() {
  const { lang } = usePrefs();
  return useQuery({
    queryKey: ['divisions', 'provinces', lang],
    queryFn: () =>
      call(api.GET('/api/divisions')).then((ds: Division[]) =>
        ds.filter((d) => d.level === 1).map((d) => ({ ...d, name: divisionLabel(d, lang) })),
      ),
    staleTime: 60 * 60_000,
  });
}

/** The display name of a reference code in the UI language (the code when unknown). */
export function useRefName(kind: ReferenceKind): (code: string) => string {
  const { lang } = usePrefs();
  const items = useReference(kind).data;
  return (code: string) => {
    const item = items?.find((i: ReferenceItem) => i.code === code);
    if (!item) return code;
    return lang === 'en-US' ? item.nameEn : item.nameZh;
  };
}

/** Select options for a reference kind. */
export function useRefOptions(kind: ReferenceKind) {
  const { lang } = usePrefs();
  const items = useReference(kind);
  return {
    loading: items.isPending,
    options: (items.data ?? []).map((i) => ({
      value: i.code,
      label: lang === 'en-US' ? i.nameEn : i.nameZh,
    })),
  };
}
