import { useState } from 'preact/hooks';
import { ALL_PERMISSIONS } from '../../core/access/catalogue.ts';
import { permissionLabel } from '../access/labels.ts';
import { api } from '../api/client.ts';
import type { ApiToken } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n, useT } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { Checkbox, Fieldset, SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, problemMessage, useForm } from '../ui/form.tsx';
import { Badge, Empty, LoadError, Loading, TableRegion } from '../ui/page.tsx';
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

  const toggle = (scope: string, on: boolean) =>
    setScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope));

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
  const { t, locale, dateTime } = useI18n();
  const tokens = useApi<{ items: ApiToken[] }>('/api/me/tokens');
  const [created, setCreated] = useState<{ token: string; item: ApiToken } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.delete(`/api/me/tokens/${encodeURIComponent(id)}`);
      tokens.reload();
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
    }
  };

  const now = Date.now();
  const items = tokens.data?.items ?? [];
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
      {tokens.error && <LoadError error={tokens.error} retry={tokens.reload} />}
      {tokens.loading && !tokens.data && <Loading />}
      {tokens.data && items.length === 0 && <Empty>{t('profile.tokens.empty')}</Empty>}
      {items.length > 0 && (
        <TableRegion label={t('profile.tokens.title')} busy={tokens.loading}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('profile.tokens.name')}</th>
                <th scope="col">{t('profile.tokens.scopes')}</th>
                <th scope="col">{t('profile.tokens.createdAt')}</th>
                <th scope="col">{t('profile.tokens.expiresAt')}</th>
                <th scope="col">{t('profile.tokens.lastUsed')}</th>
                <th scope="col">{t('profile.tokens.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const expired = new Date(item.expiresAt).getTime() <= now;
                return (
                  <tr key={item.id}>
                    <th scope="row">{item.name}</th>
                    <td>{item.scopes.map((scope) => permissionLabel(t, scope)).join(', ')}</td>
                    <td>{dateTime(item.createdAt)}</td>
                    <td>{dateTime(item.expiresAt)}</td>
                    <td>{item.lastUsedAt ? dateTime(item.lastUsedAt) : t('profile.tokens.never')}</td>
                    <td>
                      {item.revokedAt ? (
                        <Badge kind="muted">{t('profile.tokens.revoked')}</Badge>
                      ) : expired ? (
                        <Badge kind="muted">{t('profile.tokens.expired')}</Badge>
                      ) : (
                        <Badge kind="ok">{t('profile.tokens.active')}</Badge>
                      )}
                    </td>
                    <td>
                      {!item.revokedAt && !expired && (
                        <ConfirmButton
                          id={`revoke-${item.id}`}
                          label={t('profile.tokens.revoke')}
                          title={t('profile.tokens.revokeTitle', { name: item.name })}
                          message={<p>{t('profile.tokens.revokeBody')}</p>}
                          confirmLabel={t('profile.tokens.revoke')}
                          onConfirm={() => revoke(item.id)}
                          danger
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
      <CreateToken
        onCreated={(token, item) => {
          setCreated({ token, item });
          tokens.reload();
        }}
      />
    </section>
  );
}
