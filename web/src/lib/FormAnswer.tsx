/** One form answer for reading (item pages, the expert's desk). */
import { useT } from '../i18n/index.tsx';
import { kindOf } from './FormFields.tsx';
import type { AnyField } from './form-inputs.tsx';

/**
 * One answer for reading: option labels, units, and the names the server sends for division
 * codes and unit or person ids (`names`) — never the code or id itself.
 */
export function FormAnswer({
  field,
  value,
  names,
}: {
  field: AnyField | undefined;
  value: unknown;
  names: Record<string, string>;
}) {
  const t = useT();
  if (value === undefined || value === null || value === '') return <>—</>;
  // The call's form is still on its way: wait for it rather than show a raw code.
  if (!field) return <span aria-busy="true">…</span>;
  const option = (v: unknown) => field.options?.find((o) => o.value === v)?.label ?? String(v);
  switch (kindOf(field)) {
    case 'number':
      return <>{`${value}${field.unit ? ` ${field.unit}` : ''}`}</>;
    case 'yesNo':
      return <>{t(value ? 'common.yes' : 'common.no')}</>;
    case 'choice':
      return <>{option(value)}</>;
    case 'multiChoice':
      return <>{(Array.isArray(value) ? value : [value]).map(option).join('、')}</>;
    case 'division':
    case 'organisation':
    case 'person':
      return <>{names[String(value)] ?? '—'}</>;
    case 'coordinates': {
      const c = value as { lng?: number; lat?: number };
      return <>{t('formKind.lngLat', { lng: String(c.lng), lat: String(c.lat) })}</>;
    }
    case 'file':
      return <>{t('formKind.fileCount', { n: Array.isArray(value) ? value.length : 0 })}</>;
    case 'table': {
      const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
      const columns = 'columns' in field ? (field.columns ?? []) : [];
      return (
        <table className="form-answer-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              // Rows have no identity of their own; their order is their meaning.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.key}>
                    <FormAnswer field={c} value={r?.[c.key]} names={names} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    default:
      return <>{String(value)}</>;
  }
}
