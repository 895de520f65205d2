import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { CheckboxGroup } from '../persons/controls.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { ConfirmButton } from '../ui/widgets.tsx';
import { usePlacements } from './placements.ts';

interface RestrictionResult {
  restricted: boolean;
  userIds: string[];
  version: number;
}

/**
 * Restriction of a person or a case to named users (e.g. a staff member's relative): everyone else stops
 * seeing it, coordination and emergency access included. Only for holders of case:assign.
 */
export function RestrictionPanel(props: {
  /** …/restriction of the record */
  path: string;
  restricted: boolean;
  kind: 'person' | 'case';
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const session = useSession();
  const placements = usePlacements();
  const form = useForm();
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const me = session.me!;
  const staff = (placements.data?.staff ?? []).filter((person) => person.id !== me.id);
  const shown = staff.filter(
    (person) =>
      chosen.includes(person.id) || person.displayName.toLowerCase().includes(filter.trim().toLowerCase()),
  );

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setDone(null);
    if (chosen.length === 0) {
      form.setErrors({ userIds: t('cases.restriction.chooseSomeone') });
      return;
    }
    const result = await form.submit(() => api.post<RestrictionResult>(props.path, { userIds: chosen }));
    if (result) {
      const names = result.data.userIds.map((id) => placements.staffName(id) ?? id).join(', ');
      setDone(t('cases.restriction.done', { names }));
      setChosen([]);
      props.onChanged();
    }
  };

  const lift = async () => {
    setDone(null);
    const result = await form.submit(() => api.delete<RestrictionResult>(props.path));
    if (result) {
      setDone(t('cases.restriction.lifted'));
      props.onChanged();
    }
  };

  return (
    <section class="panel" aria-labelledby="restriction-title" data-testid="restriction-panel">
      <h2 id="restriction-title">{t('cases.restriction.title')}</h2>
      <p>{t('cases.restriction.explain', { kind: props.kind })}</p>
      <p>
        <strong>
          {props.restricted ? t('cases.restriction.isRestricted') : t('cases.restriction.notRestricted')}
        </strong>
      </p>
      <StatusMessage message={done} />
      <form ref={form.formRef} noValidate onSubmit={onSubmit}>
        <FormStatus error={form.formError} />
        {staff.length > 8 && (
          <TextField
            id="restriction-filter"
            type="search"
            label={t('cases.restriction.filter')}
            value={filter}
            onValue={setFilter}
            filter
          />
        )}
        <CheckboxGroup
          id="userIds"
          legend={t('cases.restriction.users')}
          hint={t('cases.restriction.usersHint')}
          value={chosen}
          options={shown.map((person) => ({ value: person.id, label: person.displayName }))}
          onValue={setChosen}
          error={form.error('userIds')}
        />
        <div class="form-actions">
          <SubmitButton
            busy={form.busy}
            label={props.restricted ? t('cases.restriction.replace') : t('cases.restriction.restrict')}
          />
          {props.restricted && (
            <ConfirmButton
              id="lift-restriction"
              label={t('cases.restriction.lift')}
              title={t('cases.restriction.liftTitle')}
              message={<p>{t('cases.restriction.liftMessage')}</p>}
              confirmLabel={t('cases.restriction.lift')}
              onConfirm={lift}
            />
          )}
        </div>
      </form>
    </section>
  );
}
