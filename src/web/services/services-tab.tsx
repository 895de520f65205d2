import { useEffect, useState } from 'preact/hooks';
import type { FieldClass } from '../../core/access/catalogue.ts';
import {
  SERVICE_AREA_CLASSES,
  SERVICE_AREAS,
  SERVICE_OUTCOMES,
  type ServiceArea,
} from '../../server/services/vocabulary.ts';
import { clearanceLabel } from '../access/labels.ts';
import { api, changedFields, etagOfVersion } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { orgTypeLabel } from '../auth/org-types.ts';
import {
  CaseWorkSection,
  checked,
  Facts,
  ItemHead,
  Text,
  textOrNull,
  WorkForm,
  type FormCallbacks,
} from '../case-work/section.tsx';
import type { Service, ServiceProvider } from '../case-work/types.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import { usePlacements } from '../cases/placements.ts';
import { useSharedApi } from '../cases/shared-fetch.ts';
import { useI18n } from '../i18n/context.tsx';
import { RadioGroup } from '../persons/controls.tsx';
import { Restricted, useCleared, useDay } from '../persons/display.tsx';
import { vocabularyLabel, vocabularyOptions } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { Checkbox, SelectField, TextField, type Option } from '../ui/fields.tsx';
import { useForm } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';
import { dayInGuatemala } from '../../core/dates.ts';

/**
 * Services delivered on a case: area, provider (a member of staff or an organisation of the agency's
 * directory), date, duration, outcome, the one-off flag, and notes protected by the area's class — shown as
 * restricted to whoever is not cleared for it, and not writable by them.
 */

const notesClassOf = (area: string): FieldClass => SERVICE_AREA_CLASSES[area as ServiceArea] ?? 'general';

interface ServiceDraft {
  area: string;
  providerKind: 'staff' | 'organisation';
  providerId: string;
  deliveredOn: string;
  durationMinutes: string;
  outcome: string;
  oneOff: boolean;
  notes: string;
}

const draftOf = (service?: Service): ServiceDraft => ({
  area: service?.area ?? '',
  providerKind: service?.provider.kind ?? 'staff',
  providerId: service
    ? service.provider.kind === 'staff'
      ? service.provider.userId
      : service.provider.providerId
    : '',
  deliveredOn: service?.deliveredOn ?? dayInGuatemala(),
  durationMinutes: service?.durationMinutes ? String(service.durationMinutes) : '',
  outcome: service?.outcome ?? '',
  oneOff: service?.oneOff ?? false,
  notes: service?.notes ?? '',
});

function inputOf(draft: ServiceDraft, withNotes: boolean) {
  return {
    area: draft.area,
    provider:
      draft.providerKind === 'staff'
        ? { kind: 'staff', userId: draft.providerId }
        : { kind: 'organisation', providerId: draft.providerId },
    deliveredOn: draft.deliveredOn,
    durationMinutes: draft.durationMinutes ? Number(draft.durationMinutes) : null,
    outcome: draft.outcome,
    oneOff: draft.oneOff,
    ...(withNotes && { notes: textOrNull(draft.notes) }),
  };
}

function ServiceForm(props: { caseId: string; service?: Service; callbacks: FormCallbacks }) {
  const { t } = useI18n();
  const cleared = useCleared();
  const session = useSession();
  const form = useForm();
  const placements = usePlacements();
  const directory = useSharedApi<Page<ServiceProvider>>('/api/service-providers', {
    active: true,
    pageSize: 200,
  });
  const existing = props.service;
  const [draft, setDraft] = useState<ServiceDraft>(() => draftOf(existing));
  const set = (patch: Partial<ServiceDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const prefix = existing ? `service-${existing.id}` : 'service-new';
  const notesClass = notesClassOf(draft.area);
  // Notes the reader was not given (redacted) or may not write stay as they are.
  const notesWritable = cleared(notesClass) && !existing?.redacted.includes('notes');

  const staffOptions: Option[] = (placements.data?.staff ?? []).map((s) => ({
    value: s.id,
    label: s.displayName,
  }));
  const organisationOptions: Option[] = (directory.data?.items ?? [])
    .slice()
    .sort((a, b) => Number(b.area === draft.area) - Number(a.area === draft.area))
    .map((p) => ({
      value: p.id,
      label: t('services.provider.organisationOption', {
        name: p.name,
        area: vocabularyLabel(t, 'services.area', p.area),
      }),
    }));
  // The provider already recorded stays choosable even when it is no longer listed.
  const recorded = existing?.provider;
  if (recorded?.kind === 'staff' && !staffOptions.some((o) => o.value === recorded.userId))
    staffOptions.push({ value: recorded.userId, label: recorded.displayName });
  if (recorded?.kind === 'organisation' && !organisationOptions.some((o) => o.value === recorded.providerId))
    organisationOptions.push({ value: recorded.providerId, label: recorded.name });
  // A new service is most often one's own: the writer is proposed as its provider.
  const me = session.me?.id;
  const meListed = staffOptions.some((o) => o.value === me);
  useEffect(() => {
    if (!existing && me && meListed) setDraft((d) => (d.providerId ? d : { ...d, providerId: me }));
  }, [meListed]);

  const submit = async () => {
    const minutes = Number(draft.durationMinutes);
    const valid = checked(form, {
      area: !draft.area && t('services.error.area'),
      provider: !draft.providerId && t('services.error.provider'),
      deliveredOn:
        (!draft.deliveredOn && t('services.error.date')) ||
        (draft.deliveredOn > dayInGuatemala() && t('services.error.future')),
      durationMinutes:
        draft.durationMinutes !== '' &&
        !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440) &&
        t('services.error.duration'),
      outcome: !draft.outcome && t('services.error.outcome'),
    });
    if (!valid) return;
    const input = inputOf(draft, notesWritable);
    if (existing) {
      const changes = changedFields(inputOf(draftOf(existing), notesWritable), input);
      if (Object.keys(changes).length === 0) return props.callbacks.onSaved(t('common.noChanges'));
      const saved = await form.submit(() =>
        api.patch<Service>(
          `/api/cases/${props.caseId}/services/${existing.id}`,
          changes,
          etagOfVersion(existing.version),
        ),
      );
      if (saved) props.callbacks.onSaved(t('services.saved'));
    } else {
      const body = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null));
      const saved = await form.submit(() => api.post<Service>(`/api/cases/${props.caseId}/services`, body));
      if (saved) props.callbacks.onSaved(t('services.added'));
    }
  };

  return (
    <WorkForm
      form={form}
      title={existing ? t('services.editTitle') : t('services.addTitle')}
      testId="service-form"
      submitLabel={existing ? t('common.save') : t('services.add')}
      onSubmit={submit}
      callbacks={props.callbacks}
    >
      <SelectField
        id={`${prefix}-area`}
        label={t('services.field.area')}
        value={draft.area}
        onValue={(area) => set({ area })}
        options={vocabularyOptions(t, 'services.area', SERVICE_AREAS)}
        placeholder={t('services.choose')}
        error={form.error('area')}
      />
      <RadioGroup
        id={`${prefix}-providerKind`}
        legend={t('services.field.providerKind')}
        value={draft.providerKind}
        options={[
          { value: 'staff', label: t('services.provider.staff') },
          { value: 'organisation', label: t('services.provider.organisation') },
        ]}
        onValue={(kind) => set({ providerKind: kind as ServiceDraft['providerKind'], providerId: '' })}
      />
      <SelectField
        id={`${prefix}-provider`}
        label={
          draft.providerKind === 'staff'
            ? t('services.field.providerStaff')
            : t('services.field.providerOrganisation')
        }
        hint={
          draft.providerKind === 'organisation' && organisationOptions.length === 0 && !directory.loading
            ? t('services.provider.directoryEmpty')
            : undefined
        }
        value={draft.providerId}
        onValue={(providerId) => set({ providerId })}
        options={draft.providerKind === 'staff' ? staffOptions : organisationOptions}
        placeholder={t('services.choose')}
        error={form.error('provider')}
      />
      <TextField
        id={`${prefix}-deliveredOn`}
        name="deliveredOn"
        type="date"
        label={t('services.field.deliveredOn')}
        value={draft.deliveredOn}
        onValue={(deliveredOn) => set({ deliveredOn })}
        max={dayInGuatemala()}
        error={form.error('deliveredOn')}
      />
      <TextField
        id={`${prefix}-durationMinutes`}
        name="durationMinutes"
        type="number"
        inputMode="numeric"
        label={t('services.field.durationMinutes')}
        value={draft.durationMinutes}
        onValue={(durationMinutes) => set({ durationMinutes })}
        min="1"
        max="1440"
        optional
        error={form.error('durationMinutes')}
      />
      <SelectField
        id={`${prefix}-outcome`}
        label={t('services.field.outcome')}
        value={draft.outcome}
        onValue={(outcome) => set({ outcome })}
        options={vocabularyOptions(t, 'services.outcome', SERVICE_OUTCOMES)}
        placeholder={t('services.choose')}
        error={form.error('outcome')}
      />
      <Checkbox
        id={`${prefix}-oneOff`}
        label={t('services.field.oneOff')}
        hint={t('services.oneOffHint')}
        checked={draft.oneOff}
        onChecked={(oneOff) => set({ oneOff })}
      />
      {notesWritable ? (
        <TextField
          id={`${prefix}-notes`}
          name="notes"
          label={t('services.field.notes')}
          hint={
            notesClass === 'general'
              ? undefined
              : t('services.notesProtected', { class: clearanceLabel(t, notesClass) })
          }
          value={draft.notes}
          onValue={(notes) => set({ notes })}
          rows={3}
          maxLength={4000}
          optional
          error={form.error('notes')}
        />
      ) : (
        <p>
          {t('services.field.notes')}: <Restricted fieldClass={notesClass} />
        </p>
      )}
    </WorkForm>
  );
}

function ServiceCard(props: { service: Service; canEdit: boolean; onEdit: () => void }) {
  const { t } = useI18n();
  const day = useDay();
  const { service } = props;
  const provider =
    service.provider.kind === 'staff'
      ? service.provider.displayName
      : t('services.provider.organisationNamed', {
          name: service.provider.name,
          type: orgTypeLabel(t, service.provider.orgType),
        });
  const area = vocabularyLabel(t, 'services.area', service.area);
  return (
    <>
      <ItemHead title={area}>
        <Badge kind={service.outcome === 'completed' ? 'ok' : 'info'}>
          {vocabularyLabel(t, 'services.outcome', service.outcome)}
        </Badge>
        {service.oneOff && <Badge kind="muted">{t('services.field.oneOff')}</Badge>}
      </ItemHead>
      <Facts
        facts={[
          [t('services.field.deliveredOn'), day(service.deliveredOn)],
          [t('services.field.provider'), provider],
          service.durationMinutes !== null && [
            t('services.field.durationMinutes'),
            t('services.minutes', { minutes: service.durationMinutes }),
          ],
          [
            t('services.field.notes'),
            service.redacted.includes('notes') ? (
              <Restricted fieldClass={service.notesClass as FieldClass} />
            ) : service.notes ? (
              <Text>{service.notes}</Text>
            ) : undefined,
          ],
          service.createdBy && [t('services.recordedBy'), service.createdBy.displayName],
        ]}
      />
      {props.canEdit && (
        <div class="button-row">
          <button
            type="button"
            class="button secondary"
            onClick={props.onEdit}
            aria-label={t('services.editOne', { area, date: day(service.deliveredOn) })}
          >
            {t('services.edit')}
          </button>
        </div>
      )}
    </>
  );
}

/** The case record's services section. */
export function ServicesTab(props: CaseTabProps) {
  const { t } = useI18n();
  const session = useSession();
  const canWrite = session.can('service:write');
  const caseId = props.kase.id;
  return (
    <CaseWorkSection<Service>
      name="services"
      title={t('services.title')}
      path={`/api/cases/${caseId}/services`}
      paginated
      addLabel={canWrite ? t('services.add') : undefined}
      empty={t('services.none')}
      item={(service, open) => (
        <ServiceCard service={service} canEdit={canWrite} onEdit={() => open('edit')} />
      )}
      form={(open, callbacks) => <ServiceForm caseId={caseId} service={open.item} callbacks={callbacks} />}
    />
  );
}
