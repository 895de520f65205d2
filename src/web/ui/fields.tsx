import type { ComponentChildren } from 'preact';
import { useT } from '../i18n/context.tsx';

interface FieldBase {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  optional?: boolean;
  /** A search or filter field: not required, and not marked "(optional)" since all filters are */
  filter?: boolean;
}

const describedBy = (props: FieldBase) =>
  [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(' ') ||
  undefined;

function FieldFrame(props: FieldBase & { children: ComponentChildren }) {
  const t = useT();
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.optional && !props.filter && (
          <>
            {' '}
            <span class="optional">{t('common.field.optional')}</span>
          </>
        )}
      </label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

export interface TextFieldProps extends FieldBase {
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'password' | 'search' | 'date' | 'number' | 'email' | 'url';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'search' | 'none';
  maxLength?: number;
  readOnly?: boolean;
  autoFocus?: boolean;
  spellcheck?: boolean;
  min?: string;
  max?: string;
  name?: string;
  /** Enter pressed in the field (instead of submitting the surrounding form) */
  onEnter?: () => void;
  /** A multi-line text area of this many rows */
  rows?: number;
}

export function TextField(props: TextFieldProps) {
  if (props.rows) {
    return (
      <FieldFrame {...props}>
        <textarea
          id={props.id}
          name={props.name ?? props.id}
          rows={props.rows}
          value={props.value}
          onInput={(event) => props.onValue(event.currentTarget.value)}
          required={!props.optional && !props.filter && !props.readOnly}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy(props)}
          maxLength={props.maxLength}
          readOnly={props.readOnly}
        />
      </FieldFrame>
    );
  }
  return (
    <FieldFrame {...props}>
      <input
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        value={props.value}
        onInput={(event) => props.onValue(event.currentTarget.value)}
        required={!props.optional && !props.filter && !props.readOnly}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        readOnly={props.readOnly}
        autoFocus={props.autoFocus}
        spellcheck={props.spellcheck}
        min={props.min}
        max={props.max}
        onKeyDown={
          props.onEnter &&
          ((event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              props.onEnter!();
            }
          })
        }
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Choices of named records (agencies, programmes, teams…), each by its id. */
export const namedOptions = (records: readonly { id: string; name: string }[]): Option[] =>
  records.map((record) => ({ value: record.id, label: record.name }));

export function SelectField(
  props: FieldBase & {
    value: string;
    onValue: (value: string) => void;
    options: Option[];
    /** A first, empty choice ("— choose —") */
    placeholder?: string;
    disabled?: boolean;
  },
) {
  return (
    <FieldFrame {...props}>
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        onChange={(event) => props.onValue(event.currentTarget.value)}
        required={!props.optional && !props.filter}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** `list` with `item` added (a box checked) or removed (unchecked). */
export const toggled = <T,>(list: T[], item: T, on: boolean): T[] =>
  on ? [...list, item] : list.filter((other) => other !== item);

export function Checkbox(props: {
  id: string;
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
  ariaLabel?: string;
}) {
  return (
    <div class="checkbox">
      <input
        type="checkbox"
        id={props.id}
        checked={props.checked}
        disabled={props.disabled}
        aria-label={props.ariaLabel}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onChange={(event) => props.onChecked(event.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** A group of related controls with a visible legend; `error` is announced with the group. */
export function Fieldset(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) {
  const described =
    [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(' ') ||
    undefined;
  return (
    <fieldset
      id={props.id}
      class={props.error ? 'fieldset has-error' : 'fieldset'}
      aria-describedby={described}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children}
    </fieldset>
  );
}
