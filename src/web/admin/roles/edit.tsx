import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ALL_PERMISSIONS, SCOPES, SENSITIVITY_CLASSES, type Scope } from '../../../core/access/catalogue.ts';
import {
  actionLabel,
  clearanceLabel,
  groupPermissions,
  permissionLabel,
  resourceLabel,
  scopeLabel,
} from '../../access/labels.ts';
import { api, changedFields, etagOfVersion } from '../../api/client.ts';
import type { Role, RoleCatalogue } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, Fieldset, SelectField, TextField } from '../../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../../ui/form.tsx';
import { LoadError, Loading, Page } from '../../ui/page.tsx';
import { roleName } from '../lookups.ts';
import './roles.css';

interface Values {
  key: string;
  nameEs: string;
  nameEn: string;
  purposeEs: string;
  purposeEn: string;
  scope: Scope;
  permissions: string[];
  clearances: string[];
  requiresTwoFactor: boolean;
  aggregatesOnly: boolean;
}

const EMPTY: Values = {
  key: '',
  nameEs: '',
  nameEn: '',
  purposeEs: '',
  purposeEn: '',
  scope: 'own',
  permissions: [],
  clearances: [],
  requiresTwoFactor: false,
  aggregatesOnly: false,
};

const valuesOf = (role: Role): Values => ({
  key: role.key,
  nameEs: role.name['es-GT'],
  nameEn: role.name.en,
  purposeEs: role.purpose['es-GT'],
  purposeEn: role.purpose.en,
  scope: role.scope,
  permissions: role.permissions,
  clearances: role.clearances,
  requiresTwoFactor: role.requiresTwoFactor,
  aggregatesOnly: role.aggregatesOnly,
});

function PermissionGrid(props: {
  permissions: string[];
  value: string[];
  onChange: (value: string[]) => void;
  disabled: boolean;
  error?: string;
}) {
  const { t } = useI18n();
  const selected = new Set(props.value);
  const toggle = (permission: string, on: boolean) =>
    props.onChange(on ? [...props.value, permission] : props.value.filter((p) => p !== permission));
  return (
    <Fieldset
      id="permissions"
      legend={t('roles.field.permissions')}
      hint={t('roles.edit.permissionsHint')}
      error={props.error}
    >
      <div class="table-scroll" role="region" aria-label={t('roles.field.permissions')} tabIndex={0}>
        <table class="permission-grid">
          <thead>
            <tr>
              <th scope="col">{t('roles.edit.resource')}</th>
              <th scope="col">{t('roles.edit.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {groupPermissions(props.permissions).map((group) => (
              <tr key={group.resource}>
                <th scope="row">{resourceLabel(t, group.resource)}</th>
                <td>
                  <div class="permission-actions">
                    {group.actions.map((action) => {
                      const permission = `${group.resource}:${action}`;
                      return (
                        <label key={permission} class="inline-check">
                          <input
                            type="checkbox"
                            name="permissions"
                            value={permission}
                            checked={selected.has(permission)}
                            disabled={props.disabled}
                            aria-label={permissionLabel(t, permission)}
                            onChange={(event) => toggle(permission, event.currentTarget.checked)}
                          />
                          <span aria-hidden="true">{actionLabel(t, action)}</span>
                        </label>
                      );
                    })}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Fieldset>
  );
}

export function RoleEdit(props: { params: { id?: string } }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const id = props.params.id;
  const isNew = id === undefined;
  const current = useApi<Role>(isNew ? null : `/api/roles/${encodeURIComponent(id)}`);
  const catalogue = useApi<RoleCatalogue>('/api/roles/catalogue');
  const role = current.data;
  const canManage = session.can('role:manage');
  const form = useForm();
  const [values, setValues] = useState<Values>(EMPTY);
  const [saved, setSaved] = useState<string | null>(null);
  const set =
    <K extends keyof Values>(field: K) =>
    (value: Values[K]) =>
      setValues((v) => ({ ...v, [field]: value }));

  useEffect(() => {
    if (role) setValues(valuesOf(role));
  }, [role?.id, role?.version]);

  if (!isNew && current.error && !role) return <LoadError error={current.error} retry={current.reload} />;
  if (!isNew && !role) return <Loading />;

  const permissions = catalogue.data?.permissions ?? ALL_PERMISSIONS;
  const scopes = catalogue.data?.scopes ?? [...SCOPES];
  const clearances = catalogue.data?.sensitivityClasses ?? [...SENSITIVITY_CLASSES];
  const stale = form.lastError?.kind === 'precondition-failed';

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const errors: Record<string, string> = {};
    if (isNew && !values.key.trim()) errors.key = t('roles.error.keyRequired');
    if (!values.nameEs.trim()) errors['name.es-GT'] = t('roles.error.nameRequired');
    if (!values.nameEn.trim()) errors['name.en'] = t('roles.error.nameRequired');
    if (!values.purposeEs.trim()) errors['purpose.es-GT'] = t('roles.error.purposeRequired');
    if (!values.purposeEn.trim()) errors['purpose.en'] = t('roles.error.purposeRequired');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    const body = {
      name: { 'es-GT': values.nameEs.trim(), en: values.nameEn.trim() },
      purpose: { 'es-GT': values.purposeEs.trim(), en: values.purposeEn.trim() },
      scope: values.scope,
      permissions: values.permissions,
      clearances: values.clearances,
      requiresTwoFactor: values.requiresTwoFactor,
      aggregatesOnly: values.aggregatesOnly,
    };
    if (isNew) {
      const result = await form.submit(() =>
        api.post<Role>('/api/roles', { key: values.key.trim(), ...body }),
      );
      if (result) route(result.data?.id ? `/admin/roles/${result.data.id}` : '/admin/roles', true);
      return;
    }
    const changes = changedFields({ ...role! }, body);
    if (Object.keys(changes).length === 0) {
      setSaved(t('common.noChanges'));
      return;
    }
    const result = await form.submit(() =>
      api.patch<Role>(
        `/api/roles/${encodeURIComponent(role!.id)}`,
        changes,
        current.etag ?? etagOfVersion(role!.version),
      ),
    );
    if (result) {
      if (result.data && typeof result.data === 'object') current.replace(result.data, result.etag);
      else current.reload();
      setSaved(t('roles.edit.saved'));
    }
  };

  const readOnly = !canManage;
  return (
    <Page title={role ? roleName(role, locale) : t('roles.edit.createTitle')}>
      <p>
        <a href="/admin/roles">{t('roles.backToList')}</a>
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError}>
          {stale && (
            <button type="button" class="button secondary" onClick={current.reload}>
              {t('common.reloadRecord')}
            </button>
          )}
        </FormStatus>
        <StatusMessage message={saved} />
        {role?.builtIn && <p class="hint">{t('roles.edit.builtInHint')}</p>}
        <TextField
          id="key"
          label={t('roles.field.key')}
          hint={t('roles.edit.keyHint')}
          value={values.key}
          onValue={set('key')}
          readOnly={!isNew}
          spellcheck={false}
          error={form.error('key')}
        />
        <div class="two-columns">
          <TextField
            id="name-es"
            label={t('roles.field.nameEs')}
            value={values.nameEs}
            onValue={set('nameEs')}
            readOnly={readOnly}
            maxLength={100}
            error={form.error('name.es-GT')}
          />
          <TextField
            id="name-en"
            label={t('roles.field.nameEn')}
            value={values.nameEn}
            onValue={set('nameEn')}
            readOnly={readOnly}
            maxLength={100}
            error={form.error('name.en')}
          />
        </div>
        <TextField
          id="purpose-es"
          label={t('roles.field.purposeEs')}
          value={values.purposeEs}
          onValue={set('purposeEs')}
          readOnly={readOnly}
          rows={2}
          maxLength={300}
          error={form.error('purpose.es-GT')}
        />
        <TextField
          id="purpose-en"
          label={t('roles.field.purposeEn')}
          value={values.purposeEn}
          onValue={set('purposeEn')}
          readOnly={readOnly}
          rows={2}
          maxLength={300}
          error={form.error('purpose.en')}
        />
        <SelectField
          id="scope"
          label={t('roles.field.scope')}
          hint={t('roles.edit.scopeHint')}
          value={values.scope}
          onValue={(value) => set('scope')(value as Scope)}
          options={scopes.map((scope) => ({ value: scope, label: scopeLabel(t, scope) }))}
          disabled={readOnly}
          error={form.error('scope')}
        />
        <PermissionGrid
          permissions={permissions}
          value={values.permissions}
          onChange={set('permissions')}
          disabled={readOnly}
          error={form.error('permissions')}
        />
        <Fieldset
          id="clearances"
          legend={t('roles.field.clearances')}
          hint={t('roles.edit.clearancesHint')}
          error={form.error('clearances')}
        >
          <div class="clearances">
            {clearances.map((clearance) => (
              <Checkbox
                key={clearance}
                id={`clearance-${clearance}`}
                label={clearanceLabel(t, clearance)}
                checked={values.clearances.includes(clearance)}
                disabled={readOnly}
                onChecked={(on) =>
                  set('clearances')(
                    on ? [...values.clearances, clearance] : values.clearances.filter((c) => c !== clearance),
                  )
                }
              />
            ))}
          </div>
        </Fieldset>
        <Checkbox
          id="aggregatesOnly"
          label={t('roles.field.aggregatesOnly')}
          hint={t('roles.edit.aggregatesHint')}
          checked={values.aggregatesOnly}
          disabled={readOnly}
          onChecked={set('aggregatesOnly')}
        />
        <Checkbox
          id="requiresTwoFactor"
          label={t('roles.field.requiresTwoFactor')}
          hint={t('roles.edit.twoFactorHint')}
          checked={values.requiresTwoFactor}
          disabled={readOnly}
          onChecked={set('requiresTwoFactor')}
        />
        {canManage && (
          <div class="form-actions">
            <SubmitButton busy={form.busy} label={isNew ? t('roles.edit.create') : t('common.save')} />
            <a href="/admin/roles">{t('common.cancel')}</a>
          </div>
        )}
      </form>
    </Page>
  );
}
