import { useState } from 'preact/hooks';
import { useT } from '../i18n/context.tsx';
import { Fieldset, type Option } from '../ui/fields.tsx';
import './persons.css';

/** One choice among a few, as radio buttons in a fieldset (the legend names the question). */
export function RadioGroup(props: {
  id: string;
  legend: string;
  value: string;
  options: Option[];
  onValue: (value: string) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <Fieldset id={props.id} legend={props.legend} error={props.error} hint={props.hint}>
      <div class="choice-row">
        {props.options.map((option) => (
          <label key={option.value} class="inline-choice">
            <input
              type="radio"
              name={props.id}
              value={option.value}
              checked={props.value === option.value}
              disabled={props.disabled}
              onChange={() => props.onValue(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
    </Fieldset>
  );
}

/** Several choices from a short list, as checkboxes in a fieldset. */
export function CheckboxGroup(props: {
  id: string;
  legend: string;
  value: string[];
  options: Option[];
  onValue: (value: string[]) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
}) {
  const toggle = (value: string, on: boolean) =>
    props.onValue(
      on
        ? props.options.map((o) => o.value).filter((v) => v === value || props.value.includes(v))
        : props.value.filter((v) => v !== value),
    );
  return (
    <Fieldset id={props.id} legend={props.legend} error={props.error} hint={props.hint}>
      <div class="choice-grid">
        {props.options.map((option) => (
          <label key={option.value} class="inline-choice">
            <input
              type="checkbox"
              name={props.id}
              value={option.value}
              checked={props.value.includes(option.value)}
              disabled={props.disabled}
              onChange={(event) => toggle(option.value, event.currentTarget.checked)}
            />
            {option.label}
          </label>
        ))}
      </div>
    </Fieldset>
  );
}

/**
 * Several choices from a long list (countries, languages): the chosen ones with "remove", and a select to
 * add one more.
 */
export function ListPicker(props: {
  id: string;
  legend: string;
  addLabel: string;
  value: string[];
  options: Option[];
  onValue: (value: string[]) => void;
  max?: number;
  error?: string;
  hint?: string;
  disabled?: boolean;
}) {
  const t = useT();
  const [choice, setChoice] = useState('');
  const labelOf = new Map(props.options.map((o) => [o.value, o.label]));
  const available = props.options.filter((o) => !props.value.includes(o.value));
  const full = props.max !== undefined && props.value.length >= props.max;
  const add = () => {
    if (!choice || props.value.includes(choice)) return;
    props.onValue([...props.value, choice]);
    setChoice('');
  };
  return (
    <Fieldset id={props.id} legend={props.legend} error={props.error} hint={props.hint}>
      {props.value.length > 0 && (
        <ul class="chip-list">
          {props.value.map((value) => (
            <li key={value} class="chip">
              <span>{labelOf.get(value) ?? value}</span>
              {!props.disabled && (
                <button
                  type="button"
                  class="link-button"
                  aria-label={t('persons.picker.removeOne', { name: labelOf.get(value) ?? value })}
                  onClick={() => props.onValue(props.value.filter((v) => v !== value))}
                >
                  {t('persons.picker.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!props.disabled && !full && (
        <div class="picker-add">
          <label class="visually-hidden" for={`${props.id}-add`}>
            {props.addLabel}
          </label>
          <select
            id={`${props.id}-add`}
            value={choice}
            onChange={(event) => setChoice(event.currentTarget.value)}
          >
            <option value="">{props.addLabel}</option>
            {available.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="button" class="button secondary" onClick={add} disabled={!choice}>
            {t('persons.picker.add')}
          </button>
        </div>
      )}
    </Fieldset>
  );
}
