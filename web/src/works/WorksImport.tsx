import { useUnitsWithRole } from '../admin/shared.ts';
import type { Me } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { ImportPanel } from '../lib/ImportPanel.tsx';

const WRITERS = ['MEMBER', 'EDITOR', 'ORG_ADMIN'] as const;

/**
 * 批量导入作品: download the template (its example row imports as it is), fill it in and upload
 * it for one unit; a rejected file names each bad row and column and the values it takes.
 */
export function WorksImport({ me }: { me: Me }) {
  const { t } = usePrefs();
  const units = useUnitsWithRole(me, WRITERS);
  return (
    <ImportPanel
      title={t('works.import')}
      text={t('works.importText')}
      path="/api/works/import"
      templateFilename="作品导入模板.xlsx"
      units={units}
      unitLabel={t('works.importUnit')}
      chooseLabel={t('works.chooseXlsx')}
      importedMessage={(n) => t('works.imported', { n })}
      invalidates={['works']}
    />
  );
}
