import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { OneTimeLink, RoleAssignment, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { isLocale, LOCALES, type Locale } from '../../i18n/i18n.ts';
import { useSession } from '../../session/session.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../../ui/form.tsx';
import { languageLabel } from '../../ui/languages.ts';
import { Page } from '../../ui/page.tsx';
import { useProgrammes, useRoles, useTeams } from '../lookups.ts';
import { RolesPicker, TeamsPicker } from './assignments.tsx';
import { PasswordLink } from './password-link.tsx';

export function UserCreate() {
  const { t, locale: uiLocale } = useI18n();
  const session = useSession();
  const roles = useRoles();
  const programmes = useProgrammes();
  const teams = useTeams();
  const form = useForm();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [locale, setLocale] = useState<Locale>(uiLocale);
  const [assigned, setAssigned] = useState<RoleAssignment[]>([]);
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [created, setCreated] = useState<{ user: User; passwordLink: OneTimeLink } | null>(null);

  if (created) {
    return (
      <Page title={t('users.create.doneTitle')}>
        <div class="alert alert-success" role="status">
          <p>{t('users.create.done', { name: created.user.displayName, username: created.user.username })}</p>
        </div>
        <PasswordLink link={created.passwordLink} name={created.user.displayName} />
        <div class="form-actions">
          <a class="button primary" href={`/admin/users/${created.user.id}`}>
            {t('users.create.openUser')}
          </a>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              setCreated(null);
              setUsername('');
              setDisplayName('');
              setAssigned([]);
              setTeamIds([]);
            }}
          >
            {t('users.create.another')}
          </button>
          <a href="/admin/users">{t('users.backToList')}</a>
        </div>
      </Page>
    );
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!username.trim()) errors.username = t('users.error.usernameRequired');
    if (!displayName.trim()) errors.displayName = t('users.error.displayNameRequired');
    if (assigned.length === 0) errors.roles = t('users.error.rolesRequired');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    await form.submit(async () => {
      const { data } = await api.post<{ user: User; passwordLink: OneTimeLink }>('/api/users', {
        username: username.trim(),
        displayName: displayName.trim(),
        locale,
        roles: assigned,
        ...(teamIds.length > 0 && { teamIds }),
      });
      setCreated(data);
    });
  };

  return (
    <Page title={t('users.create.title')}>
      <p>
        <a href="/admin/users">{t('users.backToList')}</a>
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError} />
        <TextField
          id="username"
          label={t('users.field.username')}
          hint={t('users.form.usernameHint')}
          value={username}
          onValue={setUsername}
          autoComplete="off"
          spellcheck={false}
          error={form.error('username')}
        />
        <TextField
          id="displayName"
          label={t('users.field.displayName')}
          value={displayName}
          onValue={setDisplayName}
          autoComplete="off"
          error={form.error('displayName')}
        />
        <SelectField
          id="locale"
          label={t('users.field.language')}
          value={locale}
          onValue={(value) => isLocale(value) && setLocale(value)}
          options={LOCALES.map((value) => ({ value, label: languageLabel(t, value) }))}
          error={form.error('locale')}
        />
        <RolesPicker
          roles={session.can('role:read') ? roles.data?.items : []}
          programmes={programmes.data?.items}
          value={assigned}
          onChange={setAssigned}
          error={form.error('roles')}
        />
        {session.can('team:read') && (
          <TeamsPicker
            teams={teams.data?.items}
            value={teamIds}
            onChange={setTeamIds}
            error={form.error('teamIds')}
          />
        )}
        <p class="hint">{t('users.create.linkHint')}</p>
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('users.create.submit')} />
          <a href="/admin/users">{t('common.cancel')}</a>
        </div>
      </form>
    </Page>
  );
}
