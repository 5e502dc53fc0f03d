import { Checkbox, Form, InputNumber, Select, Switch } from 'antd';
import type { ComponentProps } from 'react';
import { type MessageKey, usePrefs } from '../i18n/index.tsx';
import { STAGES } from './shared.ts';

/** The stages a call runs through, as checkboxes (the decision is always there). */
export function StageChoices(props: ComponentProps<typeof Checkbox.Group>) {
  const { t } = usePrefs();
  return (
    <Checkbox.Group
      {...props}
      options={STAGES.map((s) => ({
        value: s,
        label: t(`rv.stage.${s}` as MessageKey),
        disabled: s === 'DECISION',
      }))}
    />
  );
}

/** How many experts score each item and how their scores are combined. */
export function ReviewerFields() {
  const { t } = usePrefs();
  return (
    <>
      <Form.Item label={t('rv.reviewersPerItem')} name="reviewersPerItem">
        <InputNumber min={1} max={15} />
      </Form.Item>
      <Form.Item label={t('rv.aggregation')} name="aggregation">
        <Select
          options={[
            { value: 'TRIMMED_MEAN', label: t('rv.agg.TRIMMED_MEAN') },
            { value: 'MEAN', label: t('rv.agg.MEAN') },
          ]}
        />
      </Form.Item>
    </>
  );
}

/** Blind review: experts do not see who applied. */
export function BlindItem() {
  const { t } = usePrefs();
  return (
    <Form.Item label={t('rv.blind')} name="blind" valuePropName="checked" extra={t('rv.blindHelp')}>
      <Switch />
    </Form.Item>
  );
}
