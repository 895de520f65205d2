import { ALL_PERMISSIONS, SCOPES, SENSITIVITY_CLASSES, type Scope } from '../../../core/access/catalogue.ts';
import {
  actionLabel,
  clearanceLabel,
  groupPermissions,
  permissionLabel,
  resourceLabel,
  scopeLabel,
} from '../../access/labels.ts';
import type { Role, RoleCatalogue } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n, useT } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, Fieldset, SelectField, TextField, toggled } from '../../ui/fields.tsx';
import { roleName } from '../lookups.ts';
import { RecordEditPage, useRecordEditor, type RecordForm } from '../shared/record-form.tsx';
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
  const toggle = (permission: string, on: boolean) => props.onChange(toggled(props.value, permission, on));
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

const LANGUAGES = [
  { suffix: 'Es', id: 'es', apiKey: 'es-GT' },
  { suffix: 'En', id: 'en', apiKey: 'en' },
] as const;

/** A text the role states in Spanish and in English (its name, its purpose). */
function TranslatedText(props: {
  field: 'name' | 'purpose';
  editor: RecordForm<Role, Values>;
  readOnly: boolean;
  maxLength: number;
  rows?: number;
}) {
  const t = useT();
  const { values, set, form } = props.editor;
  return (
    <>
      {LANGUAGES.map(({ suffix, id, apiKey }) => (
        <TextField
          key={id}
          id={`${props.field}-${id}`}
          label={t(`roles.field.${props.field}${suffix}`)}
          value={values[`${props.field}${suffix}`]}
          onValue={set(`${props.field}${suffix}`)}
          readOnly={props.readOnly}
          rows={props.rows}
          maxLength={props.maxLength}
          error={form.error(`${props.field}.${apiKey}`)}
        />
      ))}
    </>
  );
}

const HOME = '/admin/roles';

export function RoleEdit(props: { params: { id?: string } }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const catalogue = useApi<RoleCatalogue>('/api/roles/catalogue');
  const canManage = session.can('role:manage');
  const editor = useRecordEditor({
    api: '/api/roles',
    home: HOME,
    id: props.params.id,
    empty: EMPTY,
    valuesOf,
    savedMessage: t('roles.edit.saved'),
  });
  if (editor.pending) return editor.pending;

  const { isNew, values, set, form, field, checkbox } = editor;
  const role = editor.record.data;
  const permissions = catalogue.data?.permissions ?? ALL_PERMISSIONS;
  const scopes = catalogue.data?.scopes ?? [...SCOPES];
  const clearances = catalogue.data?.sensitivityClasses ?? [...SENSITIVITY_CLASSES];

  const onSubmit = editor.onSubmit(async () => {
    if (
      editor.invalid({
        key: isNew && !values.key.trim() && t('roles.error.keyRequired'),
        'name.es-GT': !values.nameEs.trim() && t('roles.error.nameRequired'),
        'name.en': !values.nameEn.trim() && t('roles.error.nameRequired'),
        'purpose.es-GT': !values.purposeEs.trim() && t('roles.error.purposeRequired'),
        'purpose.en': !values.purposeEn.trim() && t('roles.error.purposeRequired'),
      })
    )
      return;
    const body = {
      name: { 'es-GT': values.nameEs.trim(), en: values.nameEn.trim() },
      purpose: { 'es-GT': values.purposeEs.trim(), en: values.purposeEn.trim() },
      scope: values.scope,
      permissions: values.permissions,
      clearances: values.clearances,
      requiresTwoFactor: values.requiresTwoFactor,
      aggregatesOnly: values.aggregatesOnly,
    };
    if (isNew) return editor.create({ key: values.key.trim(), ...body });
    await editor.update({ ...role! }, body);
  });

  const readOnly = !canManage;
  return (
    <RecordEditPage
      editor={editor}
      title={role ? roleName(role, locale) : t('roles.edit.createTitle')}
      backLabel={t('roles.backToList')}
      createLabel={t('roles.edit.create')}
      canManage={canManage}
      onSubmit={onSubmit}
    >
      {role?.builtIn && <p class="hint">{t('roles.edit.builtInHint')}</p>}
      <TextField
        {...field('key')}
        label={t('roles.field.key')}
        hint={t('roles.edit.keyHint')}
        readOnly={!isNew}
        spellcheck={false}
      />
      <div class="two-columns">
        <TranslatedText field="name" editor={editor} readOnly={readOnly} maxLength={100} />
      </div>
      <TranslatedText field="purpose" editor={editor} readOnly={readOnly} maxLength={300} rows={2} />
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
              onChecked={(on) => set('clearances')(toggled(values.clearances, clearance, on))}
            />
          ))}
        </div>
      </Fieldset>
      <Checkbox
        {...checkbox('aggregatesOnly')}
        label={t('roles.field.aggregatesOnly')}
        hint={t('roles.edit.aggregatesHint')}
        disabled={readOnly}
      />
      <Checkbox
        {...checkbox('requiresTwoFactor')}
        label={t('roles.field.requiresTwoFactor')}
        hint={t('roles.edit.twoFactorHint')}
        disabled={readOnly}
      />
    </RecordEditPage>
  );
}
