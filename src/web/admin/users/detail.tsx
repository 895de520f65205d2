import { useEffect, useState } from 'preact/hooks';
import { api, changedFields, etagOfVersion } from '../../api/client.ts';
import type { OneTimeLink, RoleAssignment, User } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { isLocale, LOCALES } from '../../i18n/i18n.ts';
import { useSession } from '../../session/session.tsx';
import { SelectField, TextField } from '../../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, problemMessage, useForm } from '../../ui/form.tsx';
import { languageLabel } from '../../ui/languages.ts';
import { Badge, LoadError, Loading, Page } from '../../ui/page.tsx';
import { ConfirmButton } from '../../ui/widgets.tsx';
import { useProgrammes, useRoles, useTeams } from '../lookups.ts';
import { RolesPicker, TeamsPicker } from './assignments.tsx';
import { PasswordLink } from './password-link.tsx';

/** Role assignments in a stable order and shape, so "unchanged" is recognised. */
const normalise = (roles: RoleAssignment[]) =>
  roles
    .map((role) => ({ key: role.key, ...(role.programmeId && { programmeId: role.programmeId }) }))
    .sort((a, b) => `${a.key}:${a.programmeId ?? ''}`.localeCompare(`${b.key}:${b.programmeId ?? ''}`));

function EditUser(props: {
  user: User;
  etag: string | null;
  onSaved: (user: User, etag: string | null) => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const session = useSession();
  const roles = useRoles();
  const programmes = useProgrammes();
  const teams = useTeams();
  const form = useForm();
  const { user } = props;
  const [displayName, setDisplayName] = useState(user.displayName);
  const [locale, setLocale] = useState<string>(user.locale);
  const [assigned, setAssigned] = useState<RoleAssignment[]>(user.roles);
  const [teamIds, setTeamIds] = useState<string[]>(user.teamIds);
  const [saved, setSaved] = useState<string | null>(null);

  // A newer version (after saving or reloading) resets the form to what the server holds.
  useEffect(() => {
    setDisplayName(user.displayName);
    setLocale(user.locale);
    setAssigned(normalise(user.roles));
    setTeamIds(user.teamIds);
  }, [user.id, user.version]);

  const stale = form.lastError?.kind === 'precondition-failed';

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const errors: Record<string, string> = {};
    if (!displayName.trim()) errors.displayName = t('users.error.displayNameRequired');
    if (assigned.length === 0) errors.roles = t('users.error.rolesRequired');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    const changes = changedFields(
      { ...user, roles: normalise(user.roles), teamIds: [...user.teamIds].sort() },
      {
        displayName: displayName.trim(),
        locale,
        roles: normalise(assigned),
        ...(session.can('team:read') && { teamIds: [...teamIds].sort() }),
      },
    );
    if (Object.keys(changes).length === 0) {
      setSaved(t('common.noChanges'));
      return;
    }
    const result = await form.submit(() =>
      api.patch<User>(
        `/api/users/${encodeURIComponent(user.id)}`,
        changes,
        props.etag ?? etagOfVersion(user.version),
      ),
    );
    if (result) {
      if (result.data && typeof result.data === 'object') props.onSaved(result.data, result.etag);
      else props.onReload();
      setSaved(t('users.detail.saved'));
    }
  };

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel" aria-labelledby="edit-user-title">
      <h2 id="edit-user-title">{t('users.detail.editTitle')}</h2>
      <FormStatus error={form.formError}>
        {stale && (
          <button type="button" class="button secondary" onClick={props.onReload}>
            {t('common.reloadRecord')}
          </button>
        )}
      </FormStatus>
      <StatusMessage message={saved} />
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
      <p class="hint">{t('users.detail.rolesChangeHint')}</p>
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={t('common.save')} />
      </div>
    </form>
  );
}

function Credentials(props: { user: User; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const [link, setLink] = useState<OneTimeLink | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { user } = props;
  const base = `/api/users/${encodeURIComponent(user.id)}`;

  const run = async (action: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await action();
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
    }
  };

  return (
    <section class="panel" aria-labelledby="credentials-title">
      <h2 id="credentials-title">{t('users.detail.credentialsTitle')}</h2>
      <FormStatus error={error} />
      <StatusMessage message={message} />
      {link && <PasswordLink link={link} name={user.displayName} />}
      <div class="form-actions">
        <ConfirmButton
          id="issue-reset-link"
          label={t('users.detail.resetLink')}
          title={t('users.detail.resetLinkTitle', { name: user.displayName })}
          message={<p>{t('users.detail.resetLinkBody')}</p>}
          confirmLabel={t('users.detail.resetLinkConfirm')}
          disabled={!user.active}
          onConfirm={() =>
            run(async () => {
              const { data } = await api.post<OneTimeLink>(`${base}/password-reset-link`);
              setLink(data);
              props.onChanged();
            })
          }
        />
        {user.twoFactorEnabled && (
          <ConfirmButton
            id="reset-two-factor"
            label={t('users.detail.reset2fa')}
            title={t('users.detail.reset2faTitle', { name: user.displayName })}
            message={<p>{t('users.detail.reset2faBody')}</p>}
            confirmLabel={t('users.detail.reset2faConfirm')}
            danger
            onConfirm={() =>
              run(async () => {
                await api.post(`${base}/two-factor/reset`);
                setMessage(t('users.detail.reset2faDone'));
                props.onChanged();
              })
            }
          />
        )}
      </div>
    </section>
  );
}

function Activation(props: { user: User; etag: string | null; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { user } = props;
  const change = async (action: 'deactivate' | 'reactivate') => {
    setError(null);
    setMessage(null);
    try {
      await api.post(`/api/users/${encodeURIComponent(user.id)}/${action}`, undefined, {
        ifMatch: props.etag ?? etagOfVersion(user.version),
      });
      setMessage(action === 'deactivate' ? t('users.detail.deactivated') : t('users.detail.reactivated'));
      props.onChanged();
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
    }
  };
  return (
    <section class="panel" aria-labelledby="activation-title">
      <h2 id="activation-title">{t('users.detail.activationTitle')}</h2>
      <FormStatus error={error} />
      <StatusMessage message={message} />
      {user.active ? (
        <>
          <p class="hint">{t('users.detail.deactivateHint')}</p>
          <ConfirmButton
            id="deactivate-user"
            label={t('users.detail.deactivate')}
            title={t('users.detail.deactivateTitle', { name: user.displayName })}
            message={<p>{t('users.detail.deactivateBody')}</p>}
            confirmLabel={t('users.detail.deactivateConfirm')}
            danger
            onConfirm={() => change('deactivate')}
          />
        </>
      ) : (
        <ConfirmButton
          id="reactivate-user"
          label={t('users.detail.reactivate')}
          title={t('users.detail.reactivateTitle', { name: user.displayName })}
          message={<p>{t('users.detail.reactivateBody')}</p>}
          confirmLabel={t('users.detail.reactivateConfirm')}
          onConfirm={() => change('reactivate')}
        />
      )}
    </section>
  );
}

export function UserDetail(props: { params: { id: string } }) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const user = useApi<User>(`/api/users/${encodeURIComponent(props.params.id)}`);

  if (user.error && !user.data) return <LoadError error={user.error} retry={user.reload} />;
  if (!user.data) return <Loading />;
  const data = user.data;
  const isSelf = session.me?.id === data.id;

  return (
    <Page title={data.displayName}>
      <p>
        <a href="/admin/users">{t('users.backToList')}</a>
      </p>
      <dl class="details panel">
        <dt>{t('users.field.username')}</dt>
        <dd>
          <code>{data.username}</code>
        </dd>
        <dt>{t('users.field.status')}</dt>
        <dd>
          {data.active ? (
            <Badge kind="ok">{t('users.status.active')}</Badge>
          ) : (
            <Badge kind="muted">
              {data.deactivatedAt
                ? t('users.status.inactiveSince', { date: dateTime(data.deactivatedAt) })
                : t('users.status.inactive')}
            </Badge>
          )}
        </dd>
        <dt>{t('users.field.twoFactor')}</dt>
        <dd>{data.twoFactorEnabled ? t('users.twoFactor.on') : t('users.twoFactor.off')}</dd>
        <dt>{t('users.field.createdAt')}</dt>
        <dd>{dateTime(data.createdAt)}</dd>
      </dl>
      {user.error && <LoadError error={user.error} retry={user.reload} />}
      {session.can('user:update') ? (
        <EditUser user={data} etag={user.etag} onSaved={user.replace} onReload={user.reload} />
      ) : (
        <p class="hint">{t('users.detail.readOnly')}</p>
      )}
      {session.can('user:reset_credentials') && <Credentials user={data} onChanged={user.reload} />}
      {session.can('user:deactivate') && !isSelf && (
        <Activation user={data} etag={user.etag} onChanged={user.reload} />
      )}
      {session.can('audit:read') && (
        <p>
          <a href={`/audit?resourceId=${encodeURIComponent(data.id)}`}>{t('users.detail.auditLink')}</a>
        </p>
      )}
    </Page>
  );
}
