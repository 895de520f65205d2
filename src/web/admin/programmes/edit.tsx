import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { PROGRAMME_KINDS } from '../../../core/access/catalogue.ts';
import { api, changedFields, etagOfVersion } from '../../api/client.ts';
import type { Programme } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../../ui/form.tsx';
import { LoadError, Loading, Page } from '../../ui/page.tsx';
import { byId, useAgencies } from '../lookups.ts';
import { kindLabel } from './kinds.ts';

export function ProgrammeEdit(props: { params: { id?: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const id = props.params.id;
  const isNew = id === undefined;
  const programme = useApi<Programme>(isNew ? null : `/api/programmes/${encodeURIComponent(id)}`);
  const agencies = useAgencies();
  const canManage = session.can('programme:manage');
  const form = useForm();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [agencyId, setAgencyId] = useState(session.me?.agency.id ?? '');
  const [active, setActive] = useState(true);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!programme.data) return;
    setName(programme.data.name);
    setKind(programme.data.kind);
    setAgencyId(programme.data.agencyId);
    setActive(programme.data.active);
  }, [programme.data?.id, programme.data?.version]);

  if (!isNew && programme.error && !programme.data)
    return <LoadError error={programme.error} retry={programme.reload} />;
  if (!isNew && !programme.data) return <Loading />;

  const stale = form.lastError?.kind === 'precondition-failed';
  const agencyList = (agencies.data?.items ?? []).filter((agency) => agency.active || agency.id === agencyId);
  const chooseAgency = isNew && agencyList.length > 1;
  const agencyName = byId(agencies.data?.items).get(agencyId)?.name;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t('programmes.error.nameRequired');
    if (isNew && !kind) errors.kind = t('programmes.error.kindRequired');
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    if (isNew) {
      const result = await form.submit(() =>
        api.post<Programme>('/api/programmes', {
          name: name.trim(),
          kind,
          ...(chooseAgency && agencyId && { agencyId }),
        }),
      );
      if (result) route(result.data?.id ? `/admin/programmes/${result.data.id}` : '/admin/programmes', true);
      return;
    }
    const current = programme.data!;
    const changes = changedFields({ ...current }, { name: name.trim(), active });
    if (Object.keys(changes).length === 0) {
      setSaved(t('common.noChanges'));
      return;
    }
    const result = await form.submit(() =>
      api.patch<Programme>(
        `/api/programmes/${encodeURIComponent(current.id)}`,
        changes,
        programme.etag ?? etagOfVersion(current.version),
      ),
    );
    if (result) {
      if (result.data && typeof result.data === 'object') programme.replace(result.data, result.etag);
      else programme.reload();
      setSaved(t('programmes.edit.saved'));
    }
  };

  return (
    <Page title={isNew ? t('programmes.edit.createTitle') : programme.data!.name}>
      <p>
        <a href="/admin/programmes">{t('programmes.backToList')}</a>
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError}>
          {stale && (
            <button type="button" class="button secondary" onClick={programme.reload}>
              {t('common.reloadRecord')}
            </button>
          )}
        </FormStatus>
        <StatusMessage message={saved} />
        <TextField
          id="name"
          label={t('programmes.field.name')}
          value={name}
          onValue={setName}
          readOnly={!canManage}
          error={form.error('name')}
        />
        {isNew ? (
          <SelectField
            id="kind"
            label={t('programmes.field.kind')}
            value={kind}
            onValue={setKind}
            placeholder={t('programmes.edit.chooseKind')}
            options={PROGRAMME_KINDS.map((value) => ({ value, label: kindLabel(t, value) }))}
            error={form.error('kind')}
          />
        ) : (
          <dl class="details">
            <dt>{t('programmes.field.kind')}</dt>
            <dd>{kindLabel(t, kind)}</dd>
            {agencyName && (
              <>
                <dt>{t('programmes.field.agency')}</dt>
                <dd>{agencyName}</dd>
              </>
            )}
          </dl>
        )}
        {chooseAgency && (
          <SelectField
            id="agencyId"
            label={t('programmes.field.agency')}
            value={agencyId}
            onValue={setAgencyId}
            options={agencyList.map((agency) => ({ value: agency.id, label: agency.name }))}
            error={form.error('agencyId')}
          />
        )}
        {!isNew && (
          <Checkbox
            id="active"
            label={t('programmes.field.active')}
            hint={t('programmes.edit.activeHint')}
            checked={active}
            onChecked={setActive}
            disabled={!canManage}
          />
        )}
        {canManage && (
          <div class="form-actions">
            <SubmitButton busy={form.busy} label={isNew ? t('programmes.edit.create') : t('common.save')} />
            <a href="/admin/programmes">{t('common.cancel')}</a>
          </div>
        )}
      </form>
    </Page>
  );
}
