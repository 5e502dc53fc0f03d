import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Select, Table } from 'antd';
import { useId, useState } from 'react';
import { postFile } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';
import { ExportButton } from './ExportButton.tsx';
import { errorMessage } from './forms.ts';

/** What an xlsx import answers: how many rows went in, or why the whole file did not. */
export interface ImportReport {
  imported: number;
  errors: { row: number; column: string; message: string }[];
}

/**
 * A console panel that imports an xlsx file for one unit: download the template
 * (`{path}/template`), pick the unit, upload the file (`POST {path}?organisationId=…`). A
 * rejected file lists each bad row and column with the problem; a file that went in is
 * announced and the lists under `invalidates` are fetched again. Nothing shows without units.
 */
export function ImportPanel({
  title,
  text,
  path,
  templateFilename,
  units,
  unitLabel,
  alwaysAskUnit = false,
  chooseLabel,
  importedMessage,
  invalidates,
}: {
  title: string;
  text: string;
  /** The import's route; its template is at `{path}/template`. */
  path: string;
  templateFilename: string;
  /** The units the file may be imported into. */
  units: { value: string; label: string; name: string }[];
  unitLabel: string;
  /** Ask for the unit even when there is only one (otherwise that one is taken, unasked). */
  alwaysAskUnit?: boolean;
  chooseLabel: string;
  importedMessage: (n: number) => string;
  invalidates: QueryKey;
}) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const headingId = useId();
  const [unit, setUnit] = useState<string | undefined>();
  const [errors, setErrors] = useState<ImportReport['errors']>([]);
  const askUnit = alwaysAskUnit || units.length > 1;
  const chosen = unit ?? (askUnit ? undefined : units[0]?.value);
  const upload = useMutation({
    mutationFn: ({ file, unit }: { file: File; unit: string }) =>
      postFile<ImportReport>(`${path}?organisationId=${unit}`, file),
    onMutate: () => setErrors([]),
    onSuccess: async (r) => {
      if (r.errors.length) setErrors(r.errors);
      else {
        message.success(importedMessage(r.imported));
        await qc.invalidateQueries({ queryKey: invalidates });
      }
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  if (units.length === 0) return null;
  const busy = upload.isPending;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p>{text}</p>
      <div className="button-row">
        <ExportButton
          path={`${path}/template`}
          query={{}}
          filename={templateFilename}
          label={t('common.downloadTemplate')}
        />
        {askUnit && (
          <Select
            aria-label={unitLabel}
            placeholder={unitLabel}
            style={{ minWidth: 260 }}
            value={unit}
            onChange={setUnit}
            showSearch={{ optionFilterProp: 'name' }}
            options={units}
          />
        )}
        <label className={`file-button${!chosen || busy ? ' disabled' : ''}`}>
          <input
            type="file"
            className="visually-hidden"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={!chosen || busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file && chosen) upload.mutate({ file, unit: chosen });
              e.target.value = '';
            }}
          />
          {chooseLabel}
        </label>
      </div>
      {errors.length > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            title={t('common.importRejected', { n: errors.length })}
            role="alert"
          />
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
            pagination={errors.length > 20 ? { pageSize: 20 } : false}
            dataSource={errors}
            columns={[
              { title: t('common.importRow'), dataIndex: 'row', width: 80 },
              { title: t('common.importColumn'), dataIndex: 'column', width: 140 },
              { title: t('common.importProblem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </section>
  );
}
