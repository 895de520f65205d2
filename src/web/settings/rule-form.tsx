import type { ComponentChildren } from 'preact';
import { DUE_ANCHORS, type DueAnchor } from '../../core/cases/due-dates.ts';
import { CASE_STATUSES } from '../../core/cases/status.ts';
import { useEffect } from 'preact/hooks';
import { caseLabel } from '../cases/vocabulary.ts';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { useValues } from '../admin/shared/record-form.tsx';
import { Checkbox, Fieldset, SelectField, TextField, toggled } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm, type FormState } from '../ui/form.tsx';
import type { DueRule } from './types.ts';

/** Work falls due only while a case is open: a rule names statuses before closure. */
export const RULE_STATUSES = CASE_STATUSES.filter((status) => status !== 'closure');

export interface RuleValues {
  statuses: string[];
  anchor: DueAnchor;
  days: string;
  active: boolean;
}

export const valuesOf = (rule: DueRule): RuleValues => ({
  statuses: rule.statuses,
  anchor: rule.anchor,
  days: String(rule.days),
  active: rule.active,
});

type Translate = ReturnType<typeof useI18n>['t'];

/** "14 días desde la apertura del caso, mientras el caso está en: Registro, Evaluación." */
export function ruleSummary(t: Translate, rule: Pick<DueRule, 'statuses' | 'anchor' | 'days'>) {
  const values = {
    days: rule.days,
    anchor: t(`settings.anchor.${rule.anchor}` as MessageKey),
    statuses: rule.statuses.map((status) => caseLabel(t, 'cases.status', status)).join(', '),
  };
  return rule.anchor === 'protection_review_date'
    ? t('settings.dueRules.summaryBefore', values)
    : t('settings.dueRules.summary', values);
}

/**
 * The form of one rule (statuses, starting point, days, active), checked before sending; `save` sends the
 * values and returns whether they were saved. `idPrefix` keeps the ids of several forms on a screen apart.
 */
export function RuleForm(props: {
  idPrefix: string;
  rule: DueRule;
  legend: string;
  saveLabel: string;
  saved: string | null;
  readOnly: boolean;
  save: (form: FormState, body: Omit<DueRule, 'version' | 'updatedAt'>) => Promise<void>;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const form = useForm();
  const { values, set, setValues } = useValues<RuleValues>(() => valuesOf(props.rule));
  useEffect(() => setValues(valuesOf(props.rule)), [props.rule.version, props.rule.updatedAt]);
  const id = (name: string) => `${props.idPrefix}-${name}`;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const days = Number(values.days);
    const errors: Record<string, string> = {};
    if (values.statuses.length === 0) errors.statuses = t('settings.error.statusesRequired');
    if (!/^\d+$/.test(values.days.trim()) || days > 3650) errors.days = t('settings.error.days');
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    // In the order of the cycle, whatever order they were ticked in.
    const statuses = RULE_STATUSES.filter((status) => values.statuses.includes(status));
    await props.save(form, { statuses, anchor: values.anchor, days, active: values.active });
  };

  return (
    <form ref={form.formRef} onSubmit={onSubmit} noValidate aria-label={props.legend}>
      <FormStatus error={form.formError} />
      <Fieldset id={id('statuses')} legend={t('settings.field.statuses')} error={form.error('statuses')}>
        {RULE_STATUSES.map((status) => (
          <Checkbox
            key={status}
            id={id(`status-${status}`)}
            label={caseLabel(t, 'cases.status', status)}
            checked={values.statuses.includes(status)}
            onChecked={(on) => set('statuses')(toggled(values.statuses, status, on))}
            disabled={props.readOnly}
          />
        ))}
      </Fieldset>
      <SelectField
        id={id('anchor')}
        label={t('settings.field.anchor')}
        value={values.anchor}
        onValue={(value) => set('anchor')(value as DueAnchor)}
        options={DUE_ANCHORS.map((anchor) => ({
          value: anchor,
          label: t(`settings.anchor.${anchor}` as MessageKey),
        }))}
        error={form.error('anchor')}
        disabled={props.readOnly}
      />
      <TextField
        id={id('days')}
        type="number"
        inputMode="numeric"
        min="0"
        max="3650"
        label={t('settings.field.days')}
        hint={t('settings.field.daysHint')}
        value={values.days}
        onValue={set('days')}
        error={form.error('days')}
        readOnly={props.readOnly}
      />
      <Checkbox
        id={id('active')}
        label={t('settings.field.active')}
        checked={values.active}
        onChecked={set('active')}
        disabled={props.readOnly}
      />
      <StatusMessage message={props.saved} />
      {!props.readOnly && (
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={props.saveLabel} />
          {props.children}
        </div>
      )}
    </form>
  );
}
