import { type UseMutationOptions, useMutation } from '@tanstack/react-query';
import { Alert, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { applyServerError } from './forms.ts';

type Options<TData, TVars> = UseMutationOptions<TData, Error, TVars>;

/**
 * A form's submit as a TanStack Query mutation, with the text for the error alert above the form:
 * cleared when an attempt starts, set from the server's answer when it fails (field errors go under
 * their fields); an `onMutate` or `onError` given runs after. `submitFields()` validates the form first, for a modal's OK button.
 */
export function useFormMutation<TVars, TData = unknown>(
  form: FormInstance | null,
  options: Options<TData, TVars>,
) {
  const [alert, setAlert] = useState<string | null>(null);
  const mutation = useMutation<TData, Error, TVars>({
    ...options,
    onMutate: (v, ...rest) => {
      setAlert(null);
      return options.onMutate?.(v, ...rest);
    },
    onError: (e, ...rest) => {
      setAlert(applyServerError(form, e));
      return options.onError?.(e, ...rest);
    },
  });
  async function submitFields() {
    let values: TVars;
    try {
      values = (await form?.validateFields()) as TVars;
    } catch {
      return;
    }
    mutation.mutate(values);
  }
  return { ...mutation, alert, setAlert, submitFields };
}

/** The error alert above a form, shown while there is a message. */
export function FormAlert({ text }: { text: string | null }) {
  return text ? (
    <Alert className="form-alert" type="error" showIcon title={text} role="alert" />
  ) : null;
}

/** A dialog around a form whose OK button submits it through `useFormMutation`. */
export function FormModal({
  open,
  title,
  okText,
  submit,
  onOk,
  onCancel,
  children,
}: {
  open: boolean;
  title: ReactNode;
  okText?: string;
  submit: { alert: string | null; isPending: boolean; submitFields: () => unknown };
  /** What OK does when it is more than validating the form and submitting its values. */
  onOk?: () => unknown;
  onCancel: () => void;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={title}
      onOk={onOk ?? submit.submitFields}
      onCancel={onCancel}
      okText={okText ?? t('form.save')}
      cancelText={t('form.cancel')}
      okButtonProps={{ loading: submit.isPending }}
      destroyOnHidden
    >
      <FormAlert text={submit.alert} />
      {children}
    </Modal>
  );
}
