import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/**
 * Shows a server error on a form: field errors go under their fields (when the form has them),
 * and the message is returned for an alert above the form.
 */
export function applyServerError(form: FormInstance | null, error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (form && error.fields.length > 0) {
    // Table rows are lists: `data.halls.1.area` names row 1 as a number.
    form.setFields(
      error.fields.map((f) => ({
        name: f.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        errors: [f.message],
      })),
    );
  }
  return error.message;
}

export function errorMessage(error: unknown): string {
  return applyServerError(null, error);
}
