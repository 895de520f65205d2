import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ORGANISATION_TYPES } from '../../core/access/catalogue.ts';
import { api, setCsrfToken } from '../api/client.ts';
import type { SignInResult } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { LoadError, Loading, Page } from '../ui/page.tsx';
import { orgTypeLabel } from './org-types.ts';
import { passwordErrors } from './password-rules.ts';

/** The one-time token travels in the fragment (never sent to a server); it is taken out of the address bar. */
function takeTokenFromHash(): string {
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (token) history.replaceState(null, '', location.pathname + location.search);
  return token;
}

export function Setup() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const status = useApi<{ needsSetup: boolean }>('/api/setup/status');
  const [token] = useState(takeTokenFromHash);
  const form = useForm();
  const [values, setValues] = useState({
    agencyName: '',
    agencyType: 'NGO',
    username: '',
    displayName: '',
    password: '',
    confirmation: '',
  });
  const set = (field: keyof typeof values) => (value: string) => setValues({ ...values, [field]: value });

  if (status.loading && !status.data) return <Loading />;
  if (status.error) return <LoadError error={status.error} retry={status.reload} />;
  if (status.data && !status.data.needsSetup) {
    return (
      <Page title={t('setup.doneTitle')} narrow>
        <p>{t('setup.doneBody')}</p>
        <p>
          <a class="button primary" href="/login">
            {t('setup.goToLogin')}
          </a>
        </p>
      </Page>
    );
  }
  if (!token) {
    return (
      <Page title={t('setup.title')} narrow>
        <div class="alert alert-warn">
          <p>{t('setup.noToken')}</p>
        </div>
      </Page>
    );
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.agencyName.trim()) errors.agencyName = t('setup.error.agencyNameRequired');
    if (!values.username.trim()) errors.username = t('setup.error.usernameRequired');
    if (!values.displayName.trim()) errors.displayName = t('setup.error.displayNameRequired');
    Object.assign(
      errors,
      passwordErrors(t, values.password, values.confirmation, 'password', 'confirmation'),
    );
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    await form.submit(async () => {
      const { data } = await api.post<SignInResult>(
        '/api/setup',
        {
          token,
          agencyName: values.agencyName.trim(),
          agencyType: values.agencyType,
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          password: values.password,
          locale,
        },
        { quiet: true },
      );
      setCsrfToken(data.csrfToken);
      await session.refresh();
      route(data.twoFactorEnrolmentRequired ? '/two-factor' : '/', true);
    });
  };

  return (
    <Page title={t('setup.title')} narrow>
      <p class="lead">{t('setup.intro')}</p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError} />
        <h2>{t('setup.agencySection')}</h2>
        <TextField
          id="agencyName"
          label={t('setup.agencyName')}
          value={values.agencyName}
          onValue={set('agencyName')}
          autoComplete="organization"
          error={form.error('agencyName')}
        />
        <SelectField
          id="agencyType"
          label={t('setup.agencyType')}
          value={values.agencyType}
          onValue={set('agencyType')}
          options={ORGANISATION_TYPES.map((type) => ({ value: type, label: orgTypeLabel(t, type) }))}
          error={form.error('agencyType')}
        />
        <h2>{t('setup.adminSection')}</h2>
        <TextField
          id="username"
          label={t('setup.username')}
          hint={t('setup.usernameHint')}
          value={values.username}
          onValue={set('username')}
          autoComplete="username"
          spellcheck={false}
          error={form.error('username')}
        />
        <TextField
          id="displayName"
          label={t('setup.displayName')}
          value={values.displayName}
          onValue={set('displayName')}
          autoComplete="name"
          error={form.error('displayName')}
        />
        <TextField
          id="password"
          type="password"
          label={t('setup.password')}
          hint={t('common.password.policy', { min: 12 })}
          value={values.password}
          onValue={set('password')}
          autoComplete="new-password"
          error={form.error('password')}
        />
        <TextField
          id="confirmation"
          type="password"
          label={t('setup.confirmation')}
          value={values.confirmation}
          onValue={set('confirmation')}
          autoComplete="new-password"
          error={form.error('confirmation')}
        />
        <p class="hint">{t('setup.twoFactorNext')}</p>
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('setup.submit')} />
        </div>
      </form>
    </Page>
  );
}
