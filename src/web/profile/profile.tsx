import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { isLocale, LOCALES } from '../i18n/i18n.ts';
import { useSession } from '../session/session.tsx';
import { languageLabel } from '../ui/languages.ts';
import { SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { PasswordPanel } from './password-panel.tsx';
import { SessionsPanel } from './sessions-panel.tsx';
import { TokensPanel } from './tokens-panel.tsx';
import { TwoFactorPanel } from './two-factor-panel.tsx';
import './profile.css';

function DetailsPanel() {
  const { t } = useI18n();
  const session = useSession();
  const me = session.me!;
  const etag = session.state.status === 'signed-in' ? session.state.etag : null;
  const form = useForm();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [language, setLanguage] = useState<string>(me.locale);
  // A flag, not the sentence: saving may switch the language, and the message must follow it.
  const [saved, setSaved] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    if (!displayName.trim()) {
      form.setErrors({ displayName: t('profile.details.displayNameRequired') });
      return;
    }
    const done = await form.submit(async () => {
      await api.patch('/api/me', { displayName: displayName.trim(), locale: language }, etag);
      await session.refresh();
      return true;
    });
    if (done) setSaved(true);
  };

  return (
    <section class="panel" aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.details.title')}</h2>
      <dl class="details">
        <dt>{t('profile.details.username')}</dt>
        <dd>
          <code>{me.username}</code>
        </dd>
        <dt>{t('profile.details.agency')}</dt>
        <dd>{me.agency.name}</dd>
      </dl>
      <form ref={form.formRef} noValidate onSubmit={onSubmit}>
        <FormStatus error={form.formError} />
        <StatusMessage message={saved ? t('profile.details.saved') : null} />
        <TextField
          id="displayName"
          label={t('profile.details.displayName')}
          value={displayName}
          onValue={setDisplayName}
          autoComplete="name"
          error={form.error('displayName')}
        />
        <SelectField
          id="locale"
          label={t('profile.details.language')}
          value={language}
          onValue={(value) => isLocale(value) && setLanguage(value)}
          options={LOCALES.map((value) => ({ value, label: languageLabel(t, value) }))}
          error={form.error('locale')}
        />
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('common.save')} />
        </div>
      </form>
    </section>
  );
}

export function Profile() {
  const { t } = useI18n();
  return (
    <Page title={t('profile.title')}>
      <div class="profile-grid">
        <DetailsPanel />
        <PasswordPanel />
        <TwoFactorPanel />
      </div>
      <SessionsPanel />
      <TokensPanel />
    </Page>
  );
}
