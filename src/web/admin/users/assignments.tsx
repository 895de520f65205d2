import type { Programme, Role, RoleAssignment, Team } from '../../api/types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { isLocale, LOCALES } from '../../i18n/i18n.ts';
import { useSession } from '../../session/session.tsx';
import { Checkbox, Fieldset, SelectField, TextField, toggled } from '../../ui/fields.tsx';
import { languageLabel } from '../../ui/languages.ts';
import { Loading } from '../../ui/page.tsx';
import { roleName, rolePurpose, useProgrammes, useRoles, useTeams } from '../lookups.ts';
import type { Setter } from '../shared/record-form.tsx';

export interface AccountValues {
  displayName: string;
  locale: string;
  roles: RoleAssignment[];
  teamIds: string[];
}

/** What creating and editing a user both ask: the name, the language, the roles and the teams. */
export function AccountFields(props: {
  values: AccountValues;
  set: Setter<AccountValues>;
  error: (field: string) => string | undefined;
}) {
  const { t } = useI18n();
  const session = useSession();
  const roles = useRoles();
  const programmes = useProgrammes();
  const teams = useTeams();
  const { values, set, error } = props;
  return (
    <>
      <TextField
        id="displayName"
        label={t('users.field.displayName')}
        value={values.displayName}
        onValue={set('displayName')}
        autoComplete="off"
        error={error('displayName')}
      />
      <SelectField
        id="locale"
        label={t('users.field.language')}
        value={values.locale}
        onValue={(value) => isLocale(value) && set('locale')(value)}
        options={LOCALES.map((value) => ({ value, label: languageLabel(t, value) }))}
        error={error('locale')}
      />
      <RolesPicker
        roles={session.can('role:read') ? roles.data?.items : []}
        programmes={programmes.data?.items}
        value={values.roles}
        onChange={set('roles')}
        error={error('roles')}
      />
      {session.can('team:read') && (
        <TeamsPicker
          teams={teams.data?.items}
          value={values.teamIds}
          onChange={set('teamIds')}
          error={error('teamIds')}
        />
      )}
    </>
  );
}

/** Roles to grant: a checkbox per role, and for a checked role an optional programme it is limited to. */
export function RolesPicker(props: {
  roles: Role[] | undefined;
  programmes: Programme[] | undefined;
  value: RoleAssignment[];
  onChange: (value: RoleAssignment[]) => void;
  error?: string;
}) {
  const { t, locale } = useI18n();
  const assigned = new Map(props.value.map((assignment) => [assignment.key, assignment]));
  const activeProgrammes = (props.programmes ?? []).filter((programme) => programme.active);

  const toggle = (key: string, on: boolean) =>
    props.onChange(
      on ? [...props.value, { key }] : props.value.filter((assignment) => assignment.key !== key),
    );
  const setProgramme = (key: string, programmeId: string) =>
    props.onChange(
      props.value.map((assignment) =>
        assignment.key === key ? { key, ...(programmeId && { programmeId }) } : assignment,
      ),
    );

  return (
    <Fieldset id="roles" legend={t('users.field.roles')} hint={t('users.form.rolesHint')} error={props.error}>
      {!props.roles && <Loading />}
      {[...(props.roles ?? [])]
        .sort((a, b) => roleName(a, locale).localeCompare(roleName(b, locale), locale))
        .map((role) => {
          const assignment = assigned.get(role.key);
          return (
            <div key={role.key} class="role-choice">
              <Checkbox
                id={`role-${role.key}`}
                label={roleName(role, locale)}
                hint={rolePurpose(role, locale)}
                checked={assignment !== undefined}
                onChecked={(on) => toggle(role.key, on)}
              />
              {assignment && activeProgrammes.length > 0 && (
                <div class="role-programme">
                  <SelectField
                    id={`role-${role.key}-programme`}
                    label={t('users.form.roleProgramme', { role: roleName(role, locale) })}
                    value={assignment.programmeId ?? ''}
                    onValue={(value) => setProgramme(role.key, value)}
                    placeholder={t('users.form.anyProgramme')}
                    options={activeProgrammes.map((programme) => ({
                      value: programme.id,
                      label: programme.name,
                    }))}
                    optional
                  />
                </div>
              )}
            </div>
          );
        })}
    </Fieldset>
  );
}

export function TeamsPicker(props: {
  teams: Team[] | undefined;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const { t } = useI18n();
  const teams = (props.teams ?? []).filter((team) => team.active || props.value.includes(team.id));
  return (
    <Fieldset id="teamIds" legend={t('users.field.teams')} error={props.error}>
      {!props.teams && <Loading />}
      {props.teams && teams.length === 0 && <p class="hint">{t('users.form.noTeams')}</p>}
      {teams.map((team) => (
        <Checkbox
          key={team.id}
          id={`team-${team.id}`}
          label={team.name}
          checked={props.value.includes(team.id)}
          onChecked={(on) => props.onChange(toggled(props.value, team.id, on))}
        />
      ))}
    </Fieldset>
  );
}
