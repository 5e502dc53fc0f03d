import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Select, Table } from 'antd';
import { useState } from 'react';
import { useUnitsWithRole } from '../admin/shared.ts';
import { postFile } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';

interface Report {
  rows: number;
  imported: number;
  errors: { row: number; field: string; column: string; message: string }[];
}

const WRITERS = ['MEMBER', 'EDITOR', 'ORG_ADMIN'] as const;

/**
 * 批量导入作品: download the template (its example row imports as it is), fill it in and upload
 * it for one unit; a rejected file names each bad row and column and the values it takes.
 */
export function WorksImport({ me }: { me: Me }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const units = useUnitsWithRole(me, WRITERS);
  const [unit, setUnit] = useState<string | undefined>();
  const chosen = unit ?? (units.length === 1 ? units[0]!.value : undefined);
  const [errors, setErrors] = useState<Report['errors']>([]);
  const upload = useMutation({
    mutationFn: ({ file, unit }: { file: File; unit: string }) =>
      postFile<Report>(`/api/works/import?organisationId=${unit}`, file),
    onMutate: () => setErrors([]),
    onSuccess: async (r) => {
      if (r.errors.length) setErrors(r.errors);
      else {
        message.success(t('works.imported', { n: r.imported }));
        await qc.invalidateQueries({ queryKey: ['works'] });
      }
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  if (units.length === 0) return null;
  const busy = upload.isPending;
  return (
    <section className="panel" aria-labelledby="works-import-h">
      <h2 id="works-import-h">{t('works.import')}</h2>
      <p>{t('works.importText')}</p>
      <div className="button-row">
        <ExportButton
          path="/api/works/import/template"
          query={{}}
          filename="作品导入模板.xlsx"
          label={t('common.downloadTemplate')}
        />
        {units.length > 1 && (
          <Select
            aria-label={t('works.importUnit')}
            placeholder={t('works.importUnit')}
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
          {t('works.chooseXlsx')}
        </label>
      </div>
      {errors.length > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            title={t('works.importRejected', { n: errors.length })}
            role="alert"
          />
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.field}-${e.message}`}
            pagination={errors.length > 20 ? { pageSize: 20 } : false}
            dataSource={errors}
            columns={[
              { title: t('works.importRow'), dataIndex: 'row', width: 80 },
              { title: t('works.importColumn'), dataIndex: 'column', width: 140 },
              { title: t('works.importProblem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </section>
  );
}
