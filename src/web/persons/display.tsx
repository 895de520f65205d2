import type { ComponentChildren } from 'preact';
import type { FieldClass } from '../../core/access/catalogue.ts';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { clearanceLabel } from '../access/labels.ts';
import { useI18n, useT } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import type { Person } from './types.ts';
import './persons.css';

/** Whether the signed-in person is cleared for a sensitivity class (`general` is open to all). */
export function useCleared(): (fieldClass: FieldClass) => boolean {
  const session = useSession();
  const clearances = session.me?.clearances ?? [];
  return (fieldClass) => fieldClass === 'general' || clearances.includes(fieldClass);
}

/** In place of a value the server left out: the reader is not cleared for its class. */
export function Restricted(props: { fieldClass: FieldClass }) {
  const t = useT();
  return (
    <span class="restricted" data-restricted={props.fieldClass}>
      {t('persons.restricted', { class: clearanceLabel(t, props.fieldClass) })}
    </span>
  );
}

type NameParts = Pick<Person, 'givenNames' | 'firstSurname' | 'secondSurname'>;

/** The full name as the server returned it; undefined when the name was withheld. */
export function fullName(person: NameParts): string | undefined {
  if (person.givenNames === undefined) return undefined;
  return [person.givenNames, person.firstSurname, person.secondSurname].filter(Boolean).join(' ');
}

export function PersonName(props: { person: NameParts }) {
  const name = fullName(props.person);
  return name === undefined ? <Restricted fieldClass={PERSON_FIELD_CLASSES.givenNames} /> : <>{name}</>;
}

/** A calendar day (YYYY-MM-DD) in the user's language, without any time-zone shift. */
export function useDay(): (isoDay: string) => string {
  const { date } = useI18n();
  return (isoDay) => date(`${isoDay.slice(0, 10)}T12:00:00Z`);
}

export function DateOfBirth(props: { value: Person['dateOfBirth'] }) {
  const t = useT();
  const day = useDay();
  const dob = props.value;
  if (!dob || dob.precision === 'unknown') return <>{t('persons.dob.unknown')}</>;
  if (dob.precision === 'exact') return <>{day(dob.date)}</>;
  if (dob.precision === 'year') return <>{t('persons.dob.year', { year: dob.year })}</>;
  return <>{t('persons.dob.ageRange', { min: dob.ageMin, max: dob.ageMax, asOf: day(dob.asOf) })}</>;
}

/**
 * One field of a record: its value, "restricted" when the server withheld it (named in `redacted`), or a
 * dash when it is empty.
 */
export function Field(props: {
  name: string;
  redacted: string[];
  fieldClass: FieldClass;
  value: unknown;
  children?: ComponentChildren;
}) {
  if (props.redacted.includes(props.name)) return <Restricted fieldClass={props.fieldClass} />;
  const empty =
    props.value === null ||
    props.value === undefined ||
    props.value === '' ||
    (Array.isArray(props.value) && props.value.length === 0);
  if (empty) return <span class="muted">—</span>;
  return <>{props.children ?? String(props.value)}</>;
}
