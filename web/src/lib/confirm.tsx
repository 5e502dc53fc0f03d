import { Button, type ButtonProps, Modal } from 'antd';
import { type ReactNode, useCallback, useId, useRef, useState } from 'react';
import { usePrefs } from '../i18n/index.tsx';

/** What a confirmation says: the step, what happens and what cannot be undone, and the verb. */
export interface ConfirmStep {
  /** Names the step, e.g. 发布征集“…”？ */
  title: string;
  /** What happens and what cannot be undone, in plain words. */
  body: ReactNode;
  /** The primary button: the action's own verb (发布征集, 停用账号), never a bare 确定. */
  action: string;
  /** Destructive steps (disable, revoke, reject, delete) get the danger styling. */
  danger?: boolean;
}

type Ask = (step: ConfirmStep) => Promise<boolean>;

/**
 * The one confirmation dialog for irreversible steps. `confirm(step)` opens it and resolves true
 * when the person takes the step, false on 取消, Esc or the close button; render `dialog` once
 * in the component. Focus moves to 取消 (the harmless choice, as for an alert dialog), the body
 * describes the dialog to screen readers, and focus returns to the trigger on close.
 */
export function useConfirm(): { confirm: Ask; dialog: ReactNode } {
  const { t } = usePrefs();
  const [step, setStep] = useState<ConfirmStep | null>(null);
  const [open, setOpen] = useState(false);
  const answer = useRef<((yes: boolean) => void) | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const bodyId = useId();

  const settle = useCallback((yes: boolean) => {
    answer.current?.(yes);
    answer.current = null;
    setOpen(false);
  }, []);
  const confirm = useCallback<Ask>((next) => {
    answer.current?.(false);
    setStep(next);
    setOpen(true);
    return new Promise<boolean>((resolve) => {
      answer.current = resolve;
    });
  }, []);

  const dialog = (
    <Modal
      open={open}
      title={step?.title}
      onCancel={() => settle(false)}
      afterOpenChange={(shown) => {
        if (!shown) return;
        // rc-dialog draws role="dialog" itself and takes no aria-describedby.
        bodyRef.current?.closest('[role="dialog"]')?.setAttribute('aria-describedby', bodyId);
        cancelRef.current?.focus();
      }}
      footer={
        <>
          <Button ref={cancelRef} onClick={() => settle(false)}>
            {t('form.cancel')}
          </Button>
          <Button type="primary" danger={step?.danger} onClick={() => settle(true)}>
            {step?.action}
          </Button>
        </>
      }
      className="confirm-dialog"
    >
      <div id={bodyId} ref={bodyRef} className="confirm-body">
        {typeof step?.body === 'string' ? <p>{step.body}</p> : step?.body}
      </div>
    </Modal>
  );
  return { confirm, dialog };
}

/** A button that asks first: `onConfirm` runs only once the person has confirmed `step`. */
export function ConfirmButton({
  step,
  onConfirm,
  ...button
}: Omit<ButtonProps, 'onClick'> & { step: ConfirmStep; onConfirm: () => unknown }) {
  const { confirm, dialog } = useConfirm();
  return (
    <>
      <Button
        {...button}
        onClick={async () => {
          if (await confirm(step)) await onConfirm();
        }}
      />
      {dialog}
    </>
  );
}
