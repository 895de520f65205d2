import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { SENSITIVITY_CLASSES } from '../../core/access/catalogue.ts';
import type { caseSharingSchema, SharingOut } from '../../server/sharing/schemas.ts';
import { clearanceLabel } from '../access/labels.ts';
import { api } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import {
  CaseWorkSection,
  checked,
  Facts,
  ItemHead,
  Text,
  WorkForm,
  type FormCallbacks,
} from '../case-work/section.tsx';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import type { Case } from '../cases/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { CheckboxGroup } from '../persons/controls.tsx';
import { useDay } from '../persons/display.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { useForm } from '../ui/form.tsx';
import { ConsentOverrideField, useConsentOverride } from '../consent/consent-override.tsx';
import { Badge, Empty } from '../ui/page.tsx';
import { dayInGuatemala } from '../../core/dates.ts';

/**
 * The case record's sharing section: the decisions letting another institution read this case (which
 * classes of data, why, on what consent, until when), sharing it with one more, and revoking. Sharing
 * checks consent on the server: without a data-sharing consent naming that institution it is refused, and
 * a coordinator (case:approve) may share anyway by recording the reason for the exception.
 */

type CaseSharing = z.infer<typeof caseSharingSchema>;
type Sharing = SharingOut;

const STATUS_BADGE: Record<Sharing['status'], 'ok' | 'muted' | 'warn'> = {
  active: 'ok',
  expired: 'muted',
  revoked: 'warn',
};

function ShareForm(props: { kase: Case; callbacks: FormCallbacks }) {
  const { t } = useI18n();
  const day = useDay();
  const form = useForm();
  const options = useApi<CaseSharing>(`/api/cases/${props.kase.id}/sharing`);
  const [toAgencyId, setToAgencyId] = useState('');
  const [classes, setClasses] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const agencies = options.data?.agencies ?? [];
  const chosen = agencies.find((a) => a.id === toAgencyId);
  const consent = useConsentOverride(form, chosen !== undefined && chosen.consent === null);

  const submit = async () => {
    const valid = checked(form, {
      toAgencyId: !toAgencyId && t('sharing.error.agency'),
      classes: classes.length === 0 && t('sharing.error.classes'),
      reason: !reason.trim() && t('sharing.error.reason'),
      'consentOverride.reason':
        consent.overriding && !consent.reason.trim() && t('sharing.error.overrideReason'),
    });
    if (!valid) return;
    const saved = await form.submit(() =>
      api.post<Sharing>(`/api/cases/${props.kase.id}/sharing`, {
        toAgencyId,
        classes,
        reason: reason.trim(),
        ...(expiresOn && { expiresOn }),
        ...consent.body(),
      }),
    );
    if (saved)
      props.callbacks.onSaved(
        saved.data.consent.basis === 'override' ? t('sharing.sharedWithOverride') : t('sharing.sharedDone'),
      );
  };

  return (
    <WorkForm
      form={form}
      title={t('sharing.formTitle')}
      testId="sharing-form"
      submitLabel={consent.overriding ? t('sharing.shareWithOverride') : t('sharing.share')}
      onSubmit={submit}
      callbacks={props.callbacks}
      problem={
        consent.missing && (
          <div class="alert alert-warn" data-testid="sharing-consent-missing">
            <p>{t('sharing.noConsent', { agency: chosen?.name ?? '' })}</p>
            <p>
              <a href={`/cases/${props.kase.id}?tab=consent`}>{t('sharing.recordConsent')}</a>
            </p>
          </div>
        )
      }
    >
      <SelectField
        id="sharing-toAgencyId"
        label={t('sharing.field.toAgency')}
        value={toAgencyId}
        onValue={(id) => {
          setToAgencyId(id);
          consent.reset();
        }}
        options={agencies.map((a) => ({ value: a.id, label: a.name }))}
        placeholder={t('sharing.choose')}
        error={form.error('toAgencyId')}
      />
      {chosen?.consent && (
        <p class="hint" data-testid="sharing-consent">
          {t('sharing.consentInForce', { date: day(chosen.consent.givenOn) })}
        </p>
      )}
      <CheckboxGroup
        id="sharing-classes"
        legend={t('sharing.field.classes')}
        hint={t('sharing.classesHint')}
        value={classes}
        options={SENSITIVITY_CLASSES.map((c) => ({ value: c, label: clearanceLabel(t, c) }))}
        onValue={setClasses}
        error={form.error('classes')}
      />
      <TextField
        id="sharing-reason"
        name="reason"
        label={t('sharing.field.reason')}
        hint={t('sharing.reasonHint')}
        value={reason}
        onValue={setReason}
        rows={3}
        maxLength={2000}
        error={form.error('reason')}
      />
      <TextField
        id="sharing-expiresOn"
        name="expiresOn"
        type="date"
        label={t('sharing.field.expiresOn')}
        hint={t('sharing.expiresHint')}
        value={expiresOn}
        onValue={setExpiresOn}
        min={dayInGuatemala()}
        optional
        error={form.error('expiresOn')}
      />
      <ConsentOverrideField
        id="sharing-overrideReason"
        state={consent}
        label={t('sharing.field.overrideReason')}
        hint={t('sharing.overrideHint')}
        askCoordinator={t('sharing.askCoordinator')}
        error={form.error('consentOverride.reason')}
        testId="sharing-override"
      />
    </WorkForm>
  );
}

function RevokeForm(props: { kase: Case; sharing: Sharing; callbacks: FormCallbacks }) {
  const { t } = useI18n();
  const form = useForm();
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (!checked(form, { reason: !reason.trim() && t('sharing.error.revocationReason') })) return;
    const saved = await form.submit(() =>
      api.post<Sharing>(`/api/cases/${props.kase.id}/sharing/${props.sharing.id}/revoke`, {
        reason: reason.trim(),
      }),
    );
    if (saved) props.callbacks.onSaved(t('sharing.revokedDone', { agency: props.sharing.toAgency.name }));
  };
  return (
    <WorkForm
      form={form}
      title={t('sharing.revokeTitle', { agency: props.sharing.toAgency.name })}
      testId="sharing-revoke-form"
      submitLabel={t('sharing.revoke')}
      onSubmit={submit}
      callbacks={props.callbacks}
    >
      <TextField
        id={`sharing-revocationReason-${props.sharing.id}`}
        name="reason"
        label={t('sharing.field.revocationReason')}
        value={reason}
        onValue={setReason}
        rows={2}
        maxLength={1000}
        error={form.error('reason')}
      />
    </WorkForm>
  );
}

function SharingCard(props: { sharing: Sharing }) {
  const { t, dateTime } = useI18n();
  const day = useDay();
  const { sharing } = props;
  const { consent } = sharing;
  return (
    <>
      <ItemHead title={t('sharing.sharedWith', { agency: sharing.toAgency.name })}>
        <Badge kind={STATUS_BADGE[sharing.status]}>
          {vocabularyLabel(t, 'sharing.status', sharing.status)}
        </Badge>
      </ItemHead>
      <Facts
        facts={[
          [t('sharing.field.classes'), sharing.classes.map((c) => clearanceLabel(t, c)).join(', ')],
          [t('sharing.field.reason'), <Text>{sharing.reason}</Text>],
          [
            t('sharing.consentBasis'),
            consent.basis === 'consent'
              ? t('sharing.basis.consent')
              : t('sharing.basis.override', {
                  reason: consent.overrideReason ?? '',
                  name: consent.overrideBy?.displayName ?? '—',
                }),
          ],
          [
            t('sharing.decided'),
            t('sharing.byOn', {
              name: sharing.decidedBy?.displayName ?? '—',
              when: dateTime(sharing.decidedAt),
            }),
          ],
          [
            t('sharing.field.expiresOn'),
            sharing.expiresOn ? day(sharing.expiresOn) : t('sharing.untilRevoked'),
          ],
          sharing.revokedAt && [
            t('sharing.revoked'),
            t('sharing.byOn', {
              name: sharing.revokedBy?.displayName ?? '—',
              when: dateTime(sharing.revokedAt),
            }),
          ],
          sharing.revocationReason && [t('sharing.field.revocationReason'), sharing.revocationReason],
        ]}
      />
    </>
  );
}

/** The case record's sharing section (the owning side; a case shared with this institution says so). */
export function SharingTab(props: CaseTabProps) {
  const { t } = useI18n();
  const session = useSession();
  const { kase } = props;
  if (kase.access === 'shared')
    return (
      <section class="panel case-work" aria-labelledby="sharing-title" data-testid="sharing">
        <h2 id="sharing-title">{t('sharing.title')}</h2>
        <Empty>{t('sharing.receivedHere', { agency: kase.sharedBy?.name ?? '' })}</Empty>
      </section>
    );
  const mayShare = session.can('case:share');
  return (
    <CaseWorkSection<Sharing, CaseSharing>
      name="sharing"
      title={t('sharing.title')}
      path={`/api/cases/${kase.id}/sharing`}
      addLabel={mayShare ? t('sharing.shareOne') : undefined}
      empty={t('sharing.none')}
      item={(sharing, open) => (
        <>
          <SharingCard sharing={sharing} />
          {mayShare && sharing.status === 'active' && (
            <div class="button-row">
              <button type="button" class="button secondary" onClick={() => open('revoke')}>
                {t('sharing.revoke')}
              </button>
            </div>
          )}
        </>
      )}
      form={(open, callbacks) =>
        open.item ? (
          <RevokeForm kase={kase} sharing={open.item} callbacks={callbacks} />
        ) : (
          <ShareForm kase={kase} callbacks={callbacks} />
        )
      }
    />
  );
}
