import { Button, Form, type TablePaginationConfig } from 'antd';
import { type ReactNode, useState } from 'react';
import { useT } from '../i18n/index.tsx';

export interface Page {
  page: number;
  pageSize: number;
}

/** A console list's page: the table's pagination shows the total and keeps the size chosen. */
export function usePaging(pageSize = 20) {
  const t = useT();
  const [page, setPage] = useState<Page>({ page: 1, pageSize });
  return {
    page,
    /** Back to the first page (the list it pages has changed). */
    first: () => setPage((p) => ({ ...p, page: 1 })),
    pagination: (total: number | undefined): TablePaginationConfig => ({
      current: page.page,
      pageSize: page.pageSize,
      total: total ?? 0,
      showTotal: (n) => t('common.total', { n }),
      onChange: (p, s) => setPage({ page: p, pageSize: s }),
    }),
  };
}

/** A console list's filters and page: new filters start again from the first page. */
export function usePagedFilters<F>(initial: F, pageSize = 20) {
  const [filters, setFilters] = useState<F>(initial);
  const { page, first, pagination } = usePaging(pageSize);
  return {
    filters,
    page,
    /** New filters, from the first page. */
    filter: (next: F) => {
      setFilters(next);
      first();
    },
    pagination,
  };
}

/** A list's filter form: its fields, then the search button; submitting applies the filters. */
export function FilterForm<F>({
  name,
  onFilter,
  children,
}: {
  name: string;
  onFilter: (values: F) => void;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Form<F> name={name} layout="vertical" className="filters" onFinish={onFilter}>
      {children}
      <Form.Item>
        <Button htmlType="submit">{t('common.search')}</Button>
      </Form.Item>
    </Form>
  );
}
