import { useMutation } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { download } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';
import { errorMessage } from './forms.ts';

/** Downloads the list as filtered on screen, as xlsx. */
export function ExportButton({
  path,
  query,
  filename,
  label,
}: {
  /** The button's text, when a page has more than one export. */
  label?: string;
  path: string;
  query: Record<string, string | number | boolean | undefined>;
  filename: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const qs = new URLSearchParams(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '' && v !== false)
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  const save = useMutation({
    mutationFn: () => download(`${path}${qs ? `?${qs}` : ''}`, filename),
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Button loading={save.isPending} onClick={() => save.mutate()}>
      {label ?? t('common.exportXlsx')}
    </Button>
  );
}
