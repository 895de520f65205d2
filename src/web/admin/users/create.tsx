import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { OneTimeLink, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { TextField } from '../../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { BackLink, useValues } from '../shared/record-form.tsx';
import { AccountFields, type AccountValues } from './assignments.tsx';
import { PasswordLink } from './password-link.tsx';

const HOME = '/admin/users';

export function UserCreate() {
  const { t, locale: uiLocale } = useI18n();
  const form = useForm();
  const [username, setUsername] = useState('');
  const { values, set, setValues } = useValues<AccountValues>({
    displayName: '',
    locale: uiLocale,
    roles: [],
    teamIds: [],
  });
  const [created, setCreated] = useState<{ user: User; passwordLink: OneTimeLink } | null>(null);

  if (created) {
    return (
      <Page title={t('users.create.doneTitle')}>
        <div class="alert alert-success" role="status">
          <p>{t('users.create.done', { name: created.user.displayName, username: created.user.username })}</p>
        </div>
        <PasswordLink link={created.passwordLink} name={created.user.displayName} />
        <div class="form-actions">
          <a class="button primary" href={`${HOME}/${created.user.id}`}>
            {t('users.create.openUser')}
          </a>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              setCreated(null);
              setUsername('');
              setValues({ ...values, displayName: '', roles: [], teamIds: [] });
            }}
          >
            {t('users.create.another')}
          </button>
          <a href={HOME}>{t('users.backToList')}</a>
        </div>
      </Page>
    );
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!username.trim()) errors.username = t('users.error.usernameRequired');
    if (!values.displayName.trim()) errors.displayName = t('users.error.displayNameRequired');
    if (values.roles.length === 0) errors.roles = t('users.error.rolesRequired');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    await form.submit(async () => {
      const { data } = await api.post<{ user: User; passwordLink: OneTimeLink }>('/api/users', {
        username: username.trim(),
        displayName: values.displayName.trim(),
        locale: values.locale,
        roles: values.roles,
        ...(values.teamIds.length > 0 && { teamIds: values.teamIds }),
      });
      setCreated(data);
    });
  };

  return (
    <Page title={t('users.create.title')}>
      <BackLink href={HOME} label={t('users.backToList')} />
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
        <AccountFields values={values} set={set} error={form.error} />
        <p class="hint">{t('users.create.linkHint')}</p>
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('users.create.submit')} />
          <a href={HOME}>{t('common.cancel')}</a>
        </div>
      </form>
    </Page>
  );
}
