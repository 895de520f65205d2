import { RedactedDomains } from './redacted-domains.tsx';
import { useState } from 'preact/hooks';
import { PLAN_ACTION_STATUSES, PLAN_DOMAINS } from '../../core/forms/domains.ts';
import { api } from '../api/client.ts';
import type { Case } from '../cases/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { vocabularyOptions } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { Fieldset, SelectField, TextField, type Option } from '../ui/fields.tsx';
import { FormProblem, SubmitButton, useForm, type FormState } from '../ui/form.tsx';
import {
  draftOf,
  missingFields,
  newAction,
  newGoal,
  planBody,
  updated,
  without,
  type ActionDraft,
  type GoalDraft,
} from './plan-draft.ts';
import { useResponsibleOptions } from './responsible.ts';
import type { Plan } from './types.ts';
import './case-plan.css';

/**
 * Writes the whole plan: goals per domain, each with its actions (what, who, by when, how far along).
 * A new plan is created (POST); an existing one replaced on the version it was read at (PUT, If-Match).
 */
export function PlanEditor(props: {
  kase: Case;
  plan: Plan | undefined;
  etag: string | null;
  onSaved: (plan: Plan, etag: string | null) => void;
  onCancel: () => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const session = useSession();
  const form = useForm();
  const me = session.me?.id ?? '';
  const [goals, setGoals] = useState<GoalDraft[]>(() => (props.plan ? draftOf(props.plan) : [newGoal(me)]));
  const people = useResponsibleOptions(props.kase, props.plan);
  const path = `/api/cases/${props.kase.id}/plan`;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const missing = missingFields(goals);
    if (missing.length > 0) {
      form.setErrors(Object.fromEntries(missing.map((field) => [field, t('casePlan.error.required')])));
      return;
    }
    const body = planBody(goals);
    const result = await form.submit(() =>
      props.plan ? api.put<Plan>(path, body, props.etag) : api.post<Plan>(path, body),
    );
    if (result) props.onSaved(result.data, result.etag);
  };

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} data-testid="plan-form">
      <FormProblem form={form} onReload={props.onStale} />
      {props.plan && props.plan.approval.approvedRevision !== null && (
        <p class="hint">{t('casePlan.edit.revisionHint')}</p>
      )}
      {props.plan && <RedactedDomains plan={props.plan} />}
      {goals.map((goal, g) => (
        <GoalFields
          key={goal.key}
          goal={goal}
          index={g}
          form={form}
          people={people}
          onChange={(change) => setGoals(updated(goals, g, change))}
          onRemove={() => setGoals(without(goals, g))}
        />
      ))}
      <div class="button-row">
        <button type="button" class="button secondary" onClick={() => setGoals([...goals, newGoal(me)])}>
          {t('casePlan.edit.addGoal')}
        </button>
      </div>
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={t('casePlan.edit.save')} />
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function GoalFields(props: {
  goal: GoalDraft;
  index: number;
  form: FormState;
  people: Option[];
  onChange: (change: Partial<GoalDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const { goal, index: g, form } = props;
  const id = `goal-${goal.key}`;
  const number = g + 1;
  return (
    <Fieldset id={id} legend={t('casePlan.edit.goal', { number })}>
      <div class="plan-goal-fields">
        <SelectField
          id={`${id}-domain`}
          label={t('casePlan.field.domain')}
          value={goal.domain}
          onValue={(domain) => props.onChange({ domain: domain as GoalDraft['domain'] })}
          options={vocabularyOptions(t, 'casePlan.domain', PLAN_DOMAINS)}
          placeholder={t('casePlan.choose')}
          error={form.error(`goals.${g}.domain`)}
        />
        <TextField
          id={`${id}-objective`}
          label={t('casePlan.field.objective')}
          value={goal.objective}
          onValue={(objective) => props.onChange({ objective })}
          error={form.error(`goals.${g}.objective`)}
          rows={2}
          maxLength={2000}
        />
        {goal.actions.map((action, a) => (
          <ActionFields
            key={action.key}
            action={action}
            path={`goals.${g}.actions.${a}`}
            number={a + 1}
            goal={number}
            form={form}
            people={props.people}
            onChange={(change) => props.onChange({ actions: updated(goal.actions, a, change) })}
            onRemove={() => props.onChange({ actions: without(goal.actions, a) })}
          />
        ))}
        <div class="button-row">
          <button
            type="button"
            class="button secondary"
            onClick={() => props.onChange({ actions: [...goal.actions, newAction()] })}
          >
            {t('casePlan.edit.addAction', { goal: number })}
          </button>
          <button type="button" class="link-button" onClick={props.onRemove}>
            {t('casePlan.edit.removeGoal', { number })}
          </button>
        </div>
      </div>
    </Fieldset>
  );
}

function ActionFields(props: {
  action: ActionDraft;
  path: string;
  number: number;
  goal: number;
  form: FormState;
  people: Option[];
  onChange: (change: Partial<ActionDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const { action, path, form } = props;
  const id = `action-${action.key}`;
  return (
    <Fieldset id={id} legend={t('casePlan.edit.action', { number: props.number })}>
      <div class="plan-action-fields">
        <TextField
          id={`${id}-description`}
          label={t('casePlan.field.description')}
          value={action.description}
          onValue={(description) => props.onChange({ description })}
          error={form.error(`${path}.description`)}
          rows={2}
          maxLength={2000}
        />
        <SelectField
          id={`${id}-responsible`}
          label={t('casePlan.field.responsible')}
          value={action.responsibleUserId}
          onValue={(responsibleUserId) => props.onChange({ responsibleUserId })}
          options={props.people}
          placeholder={t('casePlan.choose')}
          error={form.error(`${path}.responsibleUserId`)}
        />
        <TextField
          id={`${id}-due`}
          type="date"
          label={t('casePlan.field.dueDate')}
          value={action.dueDate}
          onValue={(dueDate) => props.onChange({ dueDate })}
          error={form.error(`${path}.dueDate`)}
        />
        <SelectField
          id={`${id}-status`}
          label={t('casePlan.field.status')}
          value={action.status}
          onValue={(status) => props.onChange({ status: status as ActionDraft['status'] })}
          options={vocabularyOptions(t, 'casePlan.actionStatus', PLAN_ACTION_STATUSES)}
          error={form.error(`${path}.status`)}
        />
        <button type="button" class="link-button" onClick={props.onRemove}>
          {t('casePlan.edit.removeAction', { number: props.number, goal: props.goal })}
        </button>
      </div>
    </Fieldset>
  );
}
