import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ORGANISATION_TYPES } from '../../../core/access/catalogue.ts';
import { api, changedFields, etagOfVersion } from '../../api/client.ts';
import type { Agency } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { orgTypeLabel } from '../../auth/org-types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../../ui/form.tsx';
import { LoadError, Loading, Page } from '../../ui/page.tsx';

export function AgencyEdit(props: { params: { id?: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const id = props.params.id;
  const isNew = id === undefined;
  const agency = useApi<Agency>(isNew ? null : `/api/agencies/${encodeURIComponent(id)}`);
  const canManage = session.can('agency:manage');
  const form = useForm();
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [orgType, setOrgType] = useState<string>('NGO');
  const [active, setActive] = useState(true);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!agency.data) return;
    setName(agency.data.name);
    setShortName(agency.data.shortName ?? '');
    setOrgType(agency.data.orgType);
    setActive(agency.data.active);
  }, [agency.data?.id, agency.data?.version]);

  if (!isNew && agency.error && !agency.data) return <LoadError error={agency.error} retry={agency.reload} />;
  if (!isNew && !agency.data) return <Loading />;

  const stale = form.lastError?.kind === 'precondition-failed';
  const isOwn = agency.data?.id === session.me?.agency.id;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    if (!name.trim()) {
      form.setErrors({ name: t('agencies.error.nameRequired') });
      return;
    }
    if (isNew) {
      const result = await form.submit(() =>
        api.post<Agency>('/api/agencies', {
          name: name.trim(),
          ...(shortName.trim() && { shortName: shortName.trim() }),
          orgType,
        }),
      );
      if (result) route(result.data?.id ? `/admin/agencies/${result.data.id}` : '/admin/agencies', true);
      return;
    }
    const current = agency.data!;
    const changes = changedFields(
      { ...current },
      { name: name.trim(), shortName: shortName.trim() || null, orgType, active },
    );
    if (Object.keys(changes).length === 0) {
      setSaved(t('common.noChanges'));
      return;
    }
    const result = await form.submit(() =>
      api.patch<Agency>(
        `/api/agencies/${encodeURIComponent(current.id)}`,
        changes,
        agency.etag ?? etagOfVersion(current.version),
      ),
    );
    if (result) {
      if (result.data && typeof result.data === 'object') agency.replace(result.data, result.etag);
      else agency.reload();
      setSaved(t('agencies.edit.saved'));
    }
  };

  return (
    <Page title={isNew ? t('agencies.edit.createTitle') : agency.data!.name}>
      <p>
        <a href="/admin/agencies">{t('agencies.backToList')}</a>
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError}>
          {stale && (
            <button type="button" class="button secondary" onClick={agency.reload}>
              {t('common.reloadRecord')}
            </button>
          )}
        </FormStatus>
        <StatusMessage message={saved} />
        <TextField
          id="name"
          label={t('agencies.field.name')}
          value={name}
          onValue={setName}
          readOnly={!canManage}
          autoComplete="organization"
          error={form.error('name')}
        />
        <TextField
          id="shortName"
          label={t('agencies.field.shortName')}
          hint={t('agencies.edit.shortNameHint')}
          value={shortName}
          onValue={setShortName}
          readOnly={!canManage}
          optional
          error={form.error('shortName')}
        />
        <SelectField
          id="orgType"
          label={t('agencies.field.orgType')}
          hint={t('agencies.edit.orgTypeHint')}
          value={orgType}
          onValue={setOrgType}
          options={ORGANISATION_TYPES.map((type) => ({ value: type, label: orgTypeLabel(t, type) }))}
          disabled={!canManage}
          error={form.error('orgType')}
        />
        {!isNew && !isOwn && (
          <Checkbox
            id="active"
            label={t('agencies.field.active')}
            checked={active}
            onChecked={setActive}
            disabled={!canManage}
          />
        )}
        {canManage && (
          <div class="form-actions">
            <SubmitButton busy={form.busy} label={isNew ? t('agencies.edit.create') : t('common.save')} />
            <a href="/admin/agencies">{t('common.cancel')}</a>
          </div>
        )}
      </form>
    </Page>
  );
}
