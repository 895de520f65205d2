import { useState } from 'preact/hooks';
import { ALL_PERMISSIONS } from '../../core/access/catalogue.ts';
import { permissionLabel } from '../access/labels.ts';
import { api } from '../api/client.ts';
import type { ApiToken } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n, useT } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { Checkbox, Fieldset, SelectField, TextField, toggled } from '../ui/fields.tsx';
import { useActionError } from '../ui/action.ts';
import { actionsColumn, ResourceTable } from '../ui/data-table.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';
import { ConfirmButton, OneTimeValue } from '../ui/widgets.tsx';

const EXPIRY_DAYS = [7, 30, 90, 180, 365];
const catalogueOrder = (permission: string) => {
  const index = (ALL_PERMISSIONS as string[]).indexOf(permission);
  return index === -1 ? ALL_PERMISSIONS.length : index;
};

function CreateToken(props: { onCreated: (token: string, item: ApiToken) => void }) {
  const t = useT();
  const session = useSession();
  // In the catalogue's order (administration first, then case work), not alphabetical.
  const permissions = [...session.me!.permissions].sort((a, b) => catalogueOrder(a) - catalogueOrder(b));
  const form = useForm();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState('30');

  const toggle = (scope: string, on: boolean) => setScopes(toggled(scopes, scope, on));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t('profile.tokens.nameRequired');
    if (scopes.length === 0) errors.scopes = t('profile.tokens.scopesRequired');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    await form.submit(async () => {
      const { data } = await api.post<{ token: string; item: ApiToken }>('/api/me/tokens', {
        name: name.trim(),
        scopes,
        expiresInDays: Number(days),
      });
      setName('');
      setScopes([]);
      props.onCreated(data.token, data.item);
    });
  };

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} aria-labelledby="token-create-title">
      <h3 id="token-create-title">{t('profile.tokens.createTitle')}</h3>
      <FormStatus error={form.formError} />
      <TextField
        id="token-name"
        label={t('profile.tokens.name')}
        hint={t('profile.tokens.nameHint')}
        value={name}
        onValue={setName}
        error={form.error('name')}
      />
      <Fieldset
        id="token-scopes"
        legend={t('profile.tokens.scopes')}
        hint={t('profile.tokens.scopesHint')}
        error={form.error('scopes')}
      >
        {permissions.length === 0 && <p class="empty">{t('profile.tokens.noPermissions')}</p>}
        <div class="scopes">
          {permissions.map((permission) => (
            <Checkbox
              key={permission}
              id={`scope-${permission.replace(':', '-')}`}
              label={permissionLabel(t, permission)}
              checked={scopes.includes(permission)}
              onChecked={(on) => toggle(permission, on)}
            />
          ))}
        </div>
      </Fieldset>
      <SelectField
        id="token-expiry"
        label={t('profile.tokens.expiry')}
        value={days}
        onValue={setDays}
        options={EXPIRY_DAYS.map((d) => ({ value: String(d), label: t('profile.tokens.days', { days: d }) }))}
        error={form.error('expiresInDays')}
      />
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={t('profile.tokens.create')} />
      </div>
    </form>
  );
}

export function TokensPanel() {
  const { t, dateTime } = useI18n();
  const tokens = useApi<{ items: ApiToken[] }>('/api/me/tokens');
  const [created, setCreated] = useState<{ token: string; item: ApiToken } | null>(null);
  const { error, run } = useActionError();

  const revoke = (id: string) =>
    run(async () => {
      await api.delete(`/api/me/tokens/${encodeURIComponent(id)}`);
      tokens.reload();
    });

  const now = Date.now();
  const expired = (item: ApiToken) => new Date(item.expiresAt).getTime() <= now;
  return (
    <section class="panel">
      <h2>{t('profile.tokens.title')}</h2>
      <p class="hint">{t('profile.tokens.intro')}</p>
      {created && (
        <div class="alert alert-success" role="status">
          <p>{t('profile.tokens.created', { name: created.item.name })}</p>
          <OneTimeValue
            id="new-token"
            label={t('profile.tokens.tokenLabel')}
            hint={t('profile.tokens.tokenOnce')}
            value={created.token}
          />
          <button type="button" class="button secondary" onClick={() => setCreated(null)}>
            {t('profile.tokens.hide')}
          </button>
        </div>
      )}
      <FormStatus error={error} />
      <ResourceTable
        resource={tokens}
        label={t('profile.tokens.title')}
        empty={t('profile.tokens.empty')}
        columns={[
          { header: t('profile.tokens.name'), rowHeader: true, cell: (item) => item.name },
          {
            header: t('profile.tokens.scopes'),
            cell: (item) => item.scopes.map((scope) => permissionLabel(t, scope)).join(', '),
          },
          { header: t('profile.tokens.createdAt'), cell: (item) => dateTime(item.createdAt) },
          { header: t('profile.tokens.expiresAt'), cell: (item) => dateTime(item.expiresAt) },
          {
            header: t('profile.tokens.lastUsed'),
            cell: (item) => (item.lastUsedAt ? dateTime(item.lastUsedAt) : t('profile.tokens.never')),
          },
          {
            header: t('profile.tokens.status'),
            cell: (item) =>
              item.revokedAt ? (
                <Badge kind="muted">{t('profile.tokens.revoked')}</Badge>
              ) : expired(item) ? (
                <Badge kind="muted">{t('profile.tokens.expired')}</Badge>
              ) : (
                <Badge kind="ok">{t('profile.tokens.active')}</Badge>
              ),
          },
          actionsColumn(
            (item: ApiToken) =>
              !item.revokedAt &&
              !expired(item) && (
                <ConfirmButton
                  id={`revoke-${item.id}`}
                  label={t('profile.tokens.revoke')}
                  title={t('profile.tokens.revokeTitle', { name: item.name })}
                  message={<p>{t('profile.tokens.revokeBody')}</p>}
                  confirmLabel={t('profile.tokens.revoke')}
                  onConfirm={() => revoke(item.id)}
                  danger
                />
              ),
          ),
        ]}
      />
      <CreateToken
        onCreated={(token, item) => {
          setCreated({ token, item });
          tokens.reload();
        }}
      />
    </section>
  );
}
