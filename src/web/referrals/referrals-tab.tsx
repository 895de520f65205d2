import { useState } from 'preact/hooks';
import { SERVICE_AREAS } from '../../server/services/vocabulary.ts';
import { api } from '../api/client.ts';
import { useDestinations } from '../case-work/destinations.ts';
import { CaseWorkSection, checked, WorkForm, type FormCallbacks } from '../case-work/section.tsx';
import type { Referral } from '../case-work/types.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import type { Case } from '../cases/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { CheckboxGroup, RadioGroup } from '../persons/controls.tsx';
import { vocabularyOptions } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { namedOptions, SelectField, TextField } from '../ui/fields.tsx';
import { useForm } from '../ui/form.tsx';
import { ConsentOverrideField, useConsentOverride } from '../consent/consent-override.tsx';
import { ReferralButtons, ReferralCard, ReferralStatusForm } from './shared.tsx';

/**
 * Referrals and transfers sent from a case. Sending checks consent on the server: refused without one,
 * the server's explanation is shown and a coordinator (case:approve) may send anyway by recording the
 * reason for the exception, which stays with the referral and in the audit trail.
 */

function SendForm(props: { kase: Case; callbacks: FormCallbacks }) {
  const { t } = useI18n();
  const form = useForm();
  const destinations = useDestinations(props.kase.id);
  const [kind, setKind] = useState('referral');
  const [toAgencyId, setToAgencyId] = useState('');
  const [toProgrammeId, setToProgrammeId] = useState('');
  const [services, setServices] = useState<string[]>([]);
  const [urgency, setUrgency] = useState('routine');
  const [reason, setReason] = useState('');
  const consent = useConsentOverride(form);
  const internal = toAgencyId !== '' && toAgencyId === props.kase.agencyId;
  const agencies = destinations.data?.agencies ?? [];

  const submit = async () => {
    const valid = checked(form, {
      toAgencyId: !toAgencyId && t('referrals.error.agency'),
      toProgrammeId: internal && !toProgrammeId && t('referrals.error.toProgramme'),
      reason: !reason.trim() && t('referrals.error.reason'),
      'consentOverride.reason':
        consent.overriding && !consent.reason.trim() && t('referrals.error.overrideReason'),
    });
    if (!valid) return;
    const saved = await form.submit(() =>
      api.post<Referral>(`/api/cases/${props.kase.id}/referrals`, {
        kind,
        toAgencyId,
        ...(internal && { toProgrammeId }),
        servicesRequested: services,
        urgency,
        reason: reason.trim(),
        ...consent.body(),
      }),
    );
    if (saved)
      props.callbacks.onSaved(
        saved.data.view === 'sender' && saved.data.consent.basis === 'override'
          ? t('referrals.sentWithOverride')
          : t('referrals.sentDone'),
      );
  };

  return (
    <WorkForm
      form={form}
      title={t('referrals.sendTitle')}
      testId="referral-form"
      submitLabel={consent.overriding ? t('referrals.sendWithOverride') : t('referrals.send')}
      onSubmit={submit}
      callbacks={props.callbacks}
      problem={
        consent.missing && (
          <div class="alert alert-warn" data-testid="consent-missing">
            <p>{t('referrals.noConsent')}</p>
            <p>
              <a href={`/cases/${props.kase.id}?tab=consent`}>{t('referrals.recordConsent')}</a>
            </p>
          </div>
        )
      }
    >
      <RadioGroup
        id="referral-kind"
        legend={t('referrals.field.kind')}
        hint={t('referrals.kindHint')}
        value={kind}
        options={vocabularyOptions(t, 'referrals.kind', ['referral', 'transfer'])}
        onValue={setKind}
        error={form.error('kind')}
      />
      <SelectField
        id="referral-toAgencyId"
        label={t('referrals.field.toAgency')}
        value={toAgencyId}
        onValue={(id) => {
          setToAgencyId(id);
          setToProgrammeId('');
          consent.reset();
        }}
        options={agencies.map((a) => ({
          value: a.id,
          label: a.id === props.kase.agencyId ? t('referrals.ownAgency', { name: a.name }) : a.name,
        }))}
        placeholder={t('referrals.choose')}
        error={form.error('toAgencyId')}
      />
      {internal && (
        <SelectField
          id="referral-toProgrammeId"
          label={t('referrals.field.toProgramme')}
          value={toProgrammeId}
          onValue={setToProgrammeId}
          options={namedOptions(destinations.data?.programmes ?? [])}
          placeholder={t('referrals.choose')}
          error={form.error('toProgrammeId')}
        />
      )}
      <CheckboxGroup
        id="referral-services"
        legend={t('referrals.field.servicesRequested')}
        value={services}
        options={vocabularyOptions(t, 'services.area', SERVICE_AREAS)}
        onValue={setServices}
        error={form.error('servicesRequested')}
      />
      <RadioGroup
        id="referral-urgency"
        legend={t('referrals.field.urgency')}
        value={urgency}
        options={vocabularyOptions(t, 'referrals.urgency', ['routine', 'urgent'])}
        onValue={setUrgency}
        error={form.error('urgency')}
      />
      <TextField
        id="referral-reason"
        name="reason"
        label={t('referrals.field.reason')}
        hint={t('referrals.reasonHint')}
        value={reason}
        onValue={setReason}
        rows={4}
        maxLength={4000}
        error={form.error('reason')}
      />
      <ConsentOverrideField
        id="referral-overrideReason"
        state={consent}
        label={t('referrals.field.overrideReason')}
        hint={t('referrals.overrideHint')}
        askCoordinator={t('referrals.askCoordinator')}
        error={form.error('consentOverride.reason')}
        testId="consent-override"
      />
    </WorkForm>
  );
}

/** The case record's referrals section: what was sent from this case, and sending another. */
export function ReferralsTab(props: CaseTabProps) {
  const { t } = useI18n();
  const session = useSession();
  const caseId = props.kase.id;
  const closed = props.kase.status === 'closure';
  return (
    <CaseWorkSection<Referral>
      name="referrals"
      title={t('referrals.title')}
      path={`/api/cases/${caseId}/referrals`}
      paginated
      addLabel={session.can('referral:write') && !closed ? t('referrals.sendOne') : undefined}
      empty={t('referrals.none')}
      item={(referral, open) => (
        <>
          <ReferralCard referral={referral} />
          <ReferralButtons referral={referral} open={open} />
        </>
      )}
      form={(open, callbacks) =>
        open.item ? (
          <ReferralStatusForm referral={open.item} mode={open.mode} callbacks={callbacks} />
        ) : (
          <SendForm kase={props.kase} callbacks={callbacks} />
        )
      }
    />
  );
}
