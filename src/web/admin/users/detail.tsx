import { useState } from 'preact/hooks';
import { api, etagOfVersion } from '../../api/client.ts';
import type { OneTimeLink, RoleAssignment, User } from '../../api/types.ts';
import { useApi, type Resource } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { useActionError } from '../../ui/action.ts';
import { FormStatus, StatusMessage } from '../../ui/form.tsx';
import { Badge, LoadError, Loading, Page } from '../../ui/page.tsx';
import { ConfirmButton } from '../../ui/widgets.tsx';
import { BackLink, RecordFormPanel, useRecordForm } from '../shared/record-form.tsx';
import { AccountFields, type AccountValues } from './assignments.tsx';
import { PasswordLink } from './password-link.tsx';

/** Role assignments in a stable order and shape, so "unchanged" is recognised. */
const normalise = (roles: RoleAssignment[]) =>
  roles
    .map((role) => ({ key: role.key, ...(role.programmeId && { programmeId: role.programmeId }) }))
    .sort((a, b) => `${a.key}:${a.programmeId ?? ''}`.localeCompare(`${b.key}:${b.programmeId ?? ''}`));

function EditUser(props: { user: Resource<User> }) {
  const { t } = useI18n();
  const session = useSession();
  const editor = useRecordForm<User, AccountValues>(props.user, {
    api: '/api/users',
    empty: { displayName: '', locale: 'es-GT', roles: [], teamIds: [] },
    valuesOf: (user) => ({
      displayName: user.displayName,
      locale: user.locale,
      roles: normalise(user.roles),
      teamIds: user.teamIds,
    }),
    savedMessage: t('users.detail.saved'),
  });
  const { values, form } = editor;
  const user = props.user.data!;

  const onSubmit = editor.onSubmit(async () => {
    if (
      editor.invalid({
        displayName: !values.displayName.trim() && t('users.error.displayNameRequired'),
        roles: values.roles.length === 0 && t('users.error.rolesRequired'),
      })
    )
      return;
    await editor.update(
      { ...user, roles: normalise(user.roles), teamIds: [...user.teamIds].sort() },
      {
        displayName: values.displayName.trim(),
        locale: values.locale,
        roles: normalise(values.roles),
        ...(session.can('team:read') && { teamIds: [...values.teamIds].sort() }),
      },
    );
  });

  return (
    <RecordFormPanel
      editor={editor}
      onSubmit={onSubmit}
      submitLabel={t('common.save')}
      labelledBy="edit-user-title"
      heading={<h2 id="edit-user-title">{t('users.detail.editTitle')}</h2>}
    >
      <AccountFields values={values} set={editor.set} error={form.error} />
      <p class="hint">{t('users.detail.rolesChangeHint')}</p>
    </RecordFormPanel>
  );
}

function Credentials(props: { user: User; onChanged: () => void }) {
  const { t } = useI18n();
  const [link, setLink] = useState<OneTimeLink | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const action = useActionError();
  const { error } = action;
  const { user } = props;
  const base = `/api/users/${encodeURIComponent(user.id)}`;

  const run = (step: () => Promise<void>) => {
    setMessage(null);
    return action.run(step);
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
  const { t } = useI18n();
  const { error, run } = useActionError();
  const [message, setMessage] = useState<string | null>(null);
  const { user } = props;
  const change = (action: 'deactivate' | 'reactivate') => {
    setMessage(null);
    return run(async () => {
      await api.post(`/api/users/${encodeURIComponent(user.id)}/${action}`, undefined, {
        ifMatch: props.etag ?? etagOfVersion(user.version),
      });
      setMessage(action === 'deactivate' ? t('users.detail.deactivated') : t('users.detail.reactivated'));
      props.onChanged();
    });
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
      <BackLink href="/admin/users" label={t('users.backToList')} />
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
        <EditUser user={user} />
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
