/** The inputs of FormFields that need more than one antd control: pickers, coordinates, files. */
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cascader, type CascaderProps, Input, InputNumber, Select, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Division, FormFieldDef, Media } from '../api/types.ts';
import { usePrefs, useT } from '../i18n/index.tsx';
import { MediaPicker } from '../media/MediaPicker.tsx';
import { CHINA_BOUNDS, parseCoordinates, round6 } from './coordinates.ts';
import { divisionLabel } from './reference.ts';

type Column = NonNullable<FormFieldDef['columns']>[number];
/** A field or a table column. */
export type AnyField = FormFieldDef | Column;
/** What Form.Item hands its input. */
export type Bound = { id?: string; value?: unknown; onChange?: (v: unknown) => void };

type DivisionOption = {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: DivisionOption[];
};

/** A cascader over GB/T 2260 (province → prefecture → county), never a typed code. */
export function DivisionCascader({
  f,
  id,
  value,
  onChange,
  disabled,
}: {
  f: { minLevel?: number | null; maxLevel?: number | null };
  disabled?: boolean;
} & Bound) {
  const t = useT();
  const { lang } = usePrefs();
  const qc = useQueryClient();
  const maxLevel = f.maxLevel ?? 3;
  const [options, setOptions] = useState<DivisionOption[]>([]);
  const [path, setPath] = useState<string[]>([]);
  const children = (parentCode?: string) =>
    qc.fetchQuery({
      queryKey: ['divisions', parentCode ?? 'provinces'],
      queryFn: () =>
        call(api.GET('/api/divisions', { params: { query: parentCode ? { parentCode } : {} } })),
      staleTime: 60 * 60_000,
    });
  const toOptions = (ds: Division[]): DivisionOption[] =>
    ds.map((d) => ({ value: d.code, label: divisionLabel(d, lang), isLeaf: d.level >= maxLevel }));

  const outside = typeof value === 'string' && !path.includes(value) ? value : null;
  const loaded = useRef(false);
  // Provinces first; a saved code opens its chain (parents read from the code's prefixes).
  // biome-ignore lint/correctness/useExhaustiveDependencies: on first draw and when the value is set from outside
  useEffect(() => {
    if (outside === null && loaded.current) return;
    loaded.current = true;
    let live = true;
    (async () => {
      const top = toOptions(await children());
      const code = outside ?? '';
      const chain: string[] = [];
      let level = top;
      let node = top.find((o) => o.value === `${code.slice(0, 2)}0000`);
      while (node && code) {
        chain.push(node.value);
        if (node.value === code || node.isLeaf) break;
        node.children = toOptions(await children(node.value));
        level = node.children;
        node =
          level.find((o) => o.value === code) ??
          level.find((o) => o.value === `${code.slice(0, 4)}00`);
      }
      if (!live) return;
      setOptions(top);
      setPath(chain);
    })();
    return () => {
      live = false;
    };
  }, [outside]);

  const loadData: CascaderProps<DivisionOption>['loadData'] = async (selected) => {
    const target = selected[selected.length - 1];
    if (!target) return;
    target.children = toOptions(await children(target.value));
    if (target.children.length === 0) target.isLeaf = true;
    setOptions((o) => [...o]);
  };
  return (
    <Cascader<DivisionOption>
      id={id}
      options={options}
      loadData={loadData}
      value={path}
      changeOnSelect={(f.minLevel ?? 1) < maxLevel}
      disabled={disabled}
      placeholder={t('formKind.divisionPlaceholder')}
      style={{ maxWidth: 420 }}
      onChange={(p) => {
        const codes = (p ?? []) as string[];
        setPath(codes);
        onChange?.(codes[codes.length - 1]);
      }}
    />
  );
}

/** Searches organisations by name; shows the chosen one's name, never its id. */
export function OrganisationPicker({ id, value, onChange }: Bound) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['form-org-pick', q],
    queryFn: () =>
      call(
        api.GET('/api/organisations', { params: { query: { q: q || undefined, pageSize: 20 } } }),
      ),
  });
  const chosen = useQuery({
    queryKey: ['organisation', value],
    queryFn: () =>
      call(api.GET('/api/organisations/{id}', { params: { path: { id: String(value) } } })),
    enabled: typeof value === 'string' && !list.data?.items.some((o) => o.id === value),
  });
  const options = (list.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (chosen.data && !options.some((o) => o.value === chosen.data.id))
    options.unshift({ value: chosen.data.id, label: chosen.data.name });
  return (
    <Select
      id={id}
      value={value as string | undefined}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={list.isPending}
      options={options}
      placeholder={t('formKind.searchUnit')}
      style={{ maxWidth: 420 }}
    />
  );
}

/** The people of the unit the form is for (names only), searched by name. */
export function PersonPicker({
  id,
  value,
  onChange,
  unitId,
}: Bound & { unitId?: string | undefined }) {
  const t = useT();
  const [q, setQ] = useState('');
  const people = useQuery({
    queryKey: ['form-person-pick', unitId, q],
    queryFn: () =>
      call(
        api.GET('/api/organisations/{id}/members', {
          params: { path: { id: unitId ?? '' }, query: q ? { q } : {} },
        }),
      ),
    enabled: !!unitId,
  });
  return (
    <Select
      id={id}
      value={value as string | undefined}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      disabled={!unitId}
      loading={!!unitId && people.isPending}
      options={(people.data ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
      placeholder={t(unitId ? 'formKind.searchPerson' : 'formKind.chooseUnitFirst')}
      style={{ maxWidth: 320 }}
    />
  );
}

/**
 * Longitude and latitude: typed, pasted as a map app copies them (or in degrees, minutes and
 * seconds), or taken from the device's position on site; shown as a point on a small plot of
 * the bounding box (a grid, never a boundary map).
 */
export function CoordinatesInput({ id, value, onChange, label }: Bound & { label: string }) {
  const t = useT();
  const c = (value ?? {}) as { lng?: number; lat?: number };
  const [paste, setPaste] = useState('');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [locating, setLocating] = useState(false);
  const set = (k: 'lng' | 'lat', v: number | null) => {
    const next = { ...c, [k]: v ?? undefined };
    onChange?.(next.lng === undefined && next.lat === undefined ? undefined : next);
  };
  const applyPasted = (text: string) => {
    setPaste(text);
    if (!text.trim()) return setStatus(null);
    const p = parseCoordinates(text);
    if (!p) return setStatus({ text: t('formKind.pasteUnread'), error: true });
    onChange?.(p);
    setStatus({
      text: t('formKind.pointAt', { lng: String(p.lng), lat: String(p.lat) }),
      error: false,
    });
  };
  const locate = () => {
    if (!navigator.geolocation)
      return setStatus({ text: t('formKind.noGeolocation'), error: true });
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const p = { lng: round6(pos.coords.longitude), lat: round6(pos.coords.latitude) };
        onChange?.(p);
        setStatus({
          text: t('formKind.located', {
            lng: String(p.lng),
            lat: String(p.lat),
            m: String(Math.round(pos.coords.accuracy)),
          }),
          error: false,
        });
      },
      (err) => {
        setLocating(false);
        setStatus({
          text: t(
            err.code === err.PERMISSION_DENIED ? 'formKind.locateDenied' : 'formKind.locateFailed',
          ),
          error: true,
        });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  const W = 160;
  const H = 110;
  const x =
    c.lng === undefined
      ? null
      : ((c.lng - CHINA_BOUNDS.minLng) / (CHINA_BOUNDS.maxLng - CHINA_BOUNDS.minLng)) * W;
  const y =
    c.lat === undefined
      ? null
      : H - ((c.lat - CHINA_BOUNDS.minLat) / (CHINA_BOUNDS.maxLat - CHINA_BOUNDS.minLat)) * H;
  const inside = x !== null && y !== null && x >= 0 && x <= W && y >= 0 && y <= H;
  return (
    <Space orientation="vertical" style={{ maxWidth: '100%' }}>
      <Space align="start" wrap>
        <Space orientation="vertical">
          <InputNumber
            id={id}
            value={c.lng}
            onChange={(v) => set('lng', v)}
            min={-180}
            max={180}
            step={0.000001}
            prefix={t('formKind.lng')}
            aria-label={`${label} ${t('formKind.lng')}`}
            style={{ width: 200 }}
          />
          <InputNumber
            value={c.lat}
            onChange={(v) => set('lat', v)}
            min={-90}
            max={90}
            step={0.000001}
            prefix={t('formKind.lat')}
            aria-label={`${label} ${t('formKind.lat')}`}
            style={{ width: 200 }}
          />
        </Space>
        <svg
          width={W}
          height={H}
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-label={
            inside
              ? t('formKind.pointAt', { lng: String(c.lng), lat: String(c.lat) })
              : t('formKind.noPoint')
          }
          style={{ border: '1px solid #d9d9d9', background: '#fafafa' }}
        >
          {[1, 2, 3].map((i) => (
            <g key={i} stroke="#eee">
              <line x1={(W * i) / 4} y1={0} x2={(W * i) / 4} y2={H} />
              <line x1={0} y1={(H * i) / 4} x2={W} y2={(H * i) / 4} />
            </g>
          ))}
          {inside && <circle cx={x} cy={y} r={4} fill="#1677ff" />}
        </svg>
      </Space>
      <Space wrap>
        <Input
          value={paste}
          onChange={(e) => applyPasted(e.target.value)}
          placeholder={t('formKind.pastePlaceholder')}
          aria-label={`${label} ${t('formKind.paste')}`}
          allowClear
          style={{ width: 280, maxWidth: '100%' }}
        />
        <Button onClick={locate} loading={locating}>
          {t('formKind.locate')}
        </Button>
      </Space>
      <div
        role="status"
        aria-live="polite"
        className={status?.error ? 'coords-status coords-error' : 'coords-status'}
      >
        {status?.text ?? t('formKind.coordsHint')}
      </div>
    </Space>
  );
}

/** Files as ids in the answers; the media picker works on the files themselves. */
export function FileIds({
  id,
  value,
  onChange,
  label,
  unitId,
  max,
  accept,
}: Bound & {
  label: string;
  unitId?: string | undefined;
  max: number;
  accept?: string[] | undefined;
}) {
  const ids = Array.isArray(value) ? (value as string[]) : [];
  const loaded = useQueries({
    queries: ids.map((m) => ({
      queryKey: ['media', m],
      queryFn: () => call(api.GET('/api/media/{id}', { params: { path: { id: m } } })),
    })),
  });
  const media = loaded.flatMap((r) => (r.data ? [r.data as Media] : []));
  const kind = accept?.length === 1 ? (accept[0] as Media['kind']) : undefined;
  return (
    <MediaPicker
      id={id}
      value={media}
      onChange={(list) => onChange?.(list.map((m) => m.id))}
      organisationId={unitId}
      kind={kind}
      max={max}
      label={label}
    />
  );
}
