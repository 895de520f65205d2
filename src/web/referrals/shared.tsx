import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { api } from '../api/client.ts';
import { usePlacements } from '../cases/placements.ts';
import {
  checked,
  Facts,
  ItemHead,
  Text,
  textOrNull,
  WorkForm,
  type FormCallbacks,
} from '../case-work/section.tsx';
import type { ReceiverView, Referral, SenderView } from '../case-work/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { Restricted } from '../persons/display.tsx';
import { NoContactWarning } from '../persons/no-contact.tsx';
import { referenceNames, useLanguages } from '../persons/reference.ts';
import type { NoContact } from '../persons/types.ts';
import { personLabel, vocabularyLabel } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { namedOptions, SelectField, TextField } from '../ui/fields.tsx';
import { useForm } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';

/**
 * What both sides of a referral share on screen: its card (the sender's full view, or the receiver's
 * deliberately narrow one) and the forms that move its status — accept or reject (the receiver), complete
 * (either side, once accepted).
 */

export type ReferralStatus = Referral['status'];
export const REFERRAL_STATUSES: ReferralStatus[] = ['sent', 'accepted', 'rejected', 'completed'];

const STATUS_BADGE: Record<ReferralStatus, 'info' | 'ok' | 'warn' | 'muted'> = {
  sent: 'info',
  accepted: 'ok',
  rejected: 'warn',
  completed: 'muted',
};

/** Which forms a referral offers the reader now. */
export function referralActions(referral: Referral, can: (permission: string) => boolean): string[] {
  if (!can('referral:respond')) return [];
  if (referral.status === 'accepted') return ['complete'];
  if (referral.status === 'sent' && referral.view === 'receiver') return ['accept', 'reject'];
  return [];
}

function CoreFacts(props: {
  referral: Referral;
  extra?: Array<[string, ComponentChildren] | false | null | ''>;
}) {
  const { t, dateTime } = useI18n();
  const { referral } = props;
  return (
    <Facts
      facts={[
        referral.servicesRequested.length > 0 && [
          t('referrals.field.servicesRequested'),
          referral.servicesRequested.map((area) => vocabularyLabel(t, 'services.area', area)).join(', '),
        ],
        [t('referrals.field.reason'), <Text>{referral.reason}</Text>],
        ...(props.extra ?? []),
        referral.respondedAt && [
          t(referral.status === 'rejected' ? 'referrals.rejectedOn' : 'referrals.acceptedOn'),
          dateTime(referral.respondedAt),
        ],
        referral.responseReason && [t('referrals.field.responseReason'), referral.responseReason],
        referral.completedAt && [t('referrals.completedOn'), dateTime(referral.completedAt)],
        referral.completionNotes && [t('referrals.field.completionNotes'), referral.completionNotes],
      ]}
    />
  );
}

function Badges(props: { referral: Referral }) {
  const { t } = useI18n();
  return (
    <>
      <Badge kind={STATUS_BADGE[props.referral.status]}>
        {vocabularyLabel(t, 'referrals.status', props.referral.status)}
      </Badge>
      {props.referral.urgency === 'urgent' && <Badge kind="warn">{t('referrals.urgency.urgent')}</Badge>}
    </>
  );
}

/** The sending side: where it went, on what consent basis, and what became of it. */
export function SenderCard(props: { referral: SenderView; showCase?: boolean }) {
  const { t, dateTime } = useI18n();
  const { referral } = props;
  const where = referral.toProgramme
    ? t('referrals.toProgramme', { agency: referral.toAgency.name, programme: referral.toProgramme.name })
    : referral.toAgency.name;
  const { consent } = referral;
  return (
    <>
      <ItemHead
        title={t('referrals.sentTitle', {
          kind: vocabularyLabel(t, 'referrals.kind', referral.kind),
          to: where,
        })}
      >
        <Badges referral={referral} />
      </ItemHead>
      <CoreFacts
        referral={referral}
        extra={[
          !!props.showCase && [
            t('referrals.case'),
            <a href={`/cases/${referral.caseId}?tab=referrals`}>{referral.caseNumber}</a>,
          ],
          [
            t('referrals.sent'),
            t('referrals.byOn', {
              name: referral.sentBy?.displayName ?? '—',
              when: dateTime(referral.sentAt),
            }),
          ],
          [
            t('referrals.consentBasis'),
            consent.basis === 'consent'
              ? t('referrals.basis.consent')
              : t('referrals.basis.override', {
                  reason: consent.overrideReason ?? '',
                  name: consent.overrideBy?.displayName ?? '—',
                }),
          ],
        ]}
      />
    </>
  );
}

function age(range: { min: number; max: number }, t: ReturnType<typeof useI18n>['t']) {
  return range.min === range.max
    ? t('referrals.person.age', { age: range.min })
    : t('referrals.person.ageRange', { min: range.min, max: range.max });
}

/** The receiving side's narrow view: the referral, and only the identity needed to receive the child. */
export function ReceiverCard(props: { referral: ReceiverView; link?: boolean }) {
  const { t, locale, dateTime } = useI18n();
  const languages = useLanguages();
  const names = referenceNames(languages.data?.items, locale);
  const { referral } = props;
  const { person } = referral;
  const name = person.redacted.includes('givenNames') ? (
    <Restricted fieldClass={PERSON_FIELD_CLASSES.givenNames} />
  ) : (
    [person.givenNames, person.firstSurname].filter(Boolean).join(' ')
  );
  const title = t('referrals.receivedTitle', {
    kind: vocabularyLabel(t, 'referrals.kind', referral.kind),
    from: referral.fromAgency.name,
  });
  const spoken = [person.languages.primary, ...person.languages.others]
    .filter((code): code is string => !!code)
    .map((code) => names.get(code) ?? code);
  return (
    <>
      <ItemHead title={props.link ? <a href={`/referrals/${referral.id}`}>{title}</a> : title}>
        <Badges referral={referral} />
      </ItemHead>
      <NoContactWarning
        entries={person.noContact.map(
          (entry, index) => ({ ...entry, relationId: String(index) }) as NoContact,
        )}
      />
      <Facts
        facts={[
          [t('referrals.person.name'), name],
          person.redacted.includes('age')
            ? [t('referrals.person.ageLabel'), <Restricted fieldClass={PERSON_FIELD_CLASSES.dateOfBirth} />]
            : person.age && [t('referrals.person.ageLabel'), age(person.age, t)],
          person.sex && [t('referrals.person.sex'), personLabel(t, 'persons.sex', person.sex)],
          spoken.length > 0 && [
            t('referrals.person.languages'),
            <>
              {spoken.join(', ')}
              {person.languages.interpreterNeeded && (
                <>
                  {' '}
                  <Badge kind="warn">{t('referrals.person.interpreter')}</Badge>
                </>
              )}
            </>,
          ],
          [t('referrals.from'), `${referral.fromAgency.name} — ${referral.fromProgramme.name}`],
          referral.toProgramme && [t('referrals.forProgramme'), referral.toProgramme.name],
          [
            t('referrals.sent'),
            t('referrals.byOn', {
              name: referral.sentBy?.displayName ?? '—',
              when: dateTime(referral.sentAt),
            }),
          ],
        ]}
      />
      <CoreFacts
        referral={referral}
        extra={[
          !!referral.receivedCaseId && [
            t('referrals.receivedCase'),
            <a href={`/cases/${referral.receivedCaseId}`}>{t('referrals.openReceivedCase')}</a>,
          ],
        ]}
      />
    </>
  );
}

export function ReferralCard(props: { referral: Referral; link?: boolean; showCase?: boolean }) {
  return props.referral.view === 'sender' ? (
    <SenderCard referral={props.referral} showCase={props.showCase} />
  ) : (
    <ReceiverCard referral={props.referral} link={props.link} />
  );
}

/** The buttons opening the forms a referral offers now. */
export function ReferralButtons(props: { referral: Referral; open: (mode: string) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const actions = referralActions(props.referral, session.can);
  if (actions.length === 0) return null;
  return (
    <div class="button-row">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          class={action === 'accept' ? 'button primary' : 'button secondary'}
          onClick={() => props.open(action)}
        >
          {vocabularyLabel(t, 'referrals.action', action)}
        </button>
      ))}
    </div>
  );
}

/**
 * Accept, reject or complete. Accepting a transfer from another agency names the programme of the
 * receiving agency that takes the case (a new case of this agency, with the minimal identity only).
 */
export function ReferralStatusForm(props: { referral: Referral; mode: string; callbacks: FormCallbacks }) {
  const { t } = useI18n();
  const form = useForm();
  const { referral, mode } = props;
  const needsProgramme =
    mode === 'accept' &&
    referral.kind === 'transfer' &&
    referral.view === 'receiver' &&
    !referral.toProgramme;
  const session = useSession();
  const placements = usePlacements();
  const [programmeId, setProgrammeId] = useState('');
  const [text, setText] = useState('');
  const prefix = `${mode}-${referral.id}`;
  const programmes = (placements.data?.programmes ?? []).filter((p) => p.active);

  const submit = async () => {
    const valid = checked(form, {
      programmeId: needsProgramme && !programmeId && t('referrals.error.programme'),
      reason: mode === 'reject' && !text.trim() && t('referrals.error.rejectReason'),
    });
    if (!valid) return;
    const note = textOrNull(text);
    const saved = await form.submit(() =>
      mode === 'complete'
        ? api.post<Referral>(`/api/referrals/${referral.id}/complete`, note ? { notes: note } : {})
        : api.post<Referral>(`/api/referrals/${referral.id}/respond`, {
            decision: mode,
            ...(note && { reason: note }),
            ...(needsProgramme && { programmeId }),
          }),
    );
    if (saved) props.callbacks.onSaved(vocabularyLabel(t, 'referrals.done', mode));
  };

  return (
    <WorkForm
      form={form}
      title={vocabularyLabel(t, 'referrals.actionTitle', mode)}
      testId={`referral-${mode}-form`}
      submitLabel={vocabularyLabel(t, 'referrals.action', mode)}
      onSubmit={submit}
      callbacks={props.callbacks}
    >
      {needsProgramme &&
        (session.can('case:read') ? (
          <SelectField
            id={`${prefix}-programme`}
            label={t('referrals.field.receivingProgramme')}
            hint={t('referrals.receivingProgrammeHint')}
            value={programmeId}
            onValue={setProgrammeId}
            options={namedOptions(programmes)}
            placeholder={t('referrals.choose')}
            error={form.error('programmeId')}
          />
        ) : (
          <p class="hint">{t('referrals.transferNeedsCaseWork')}</p>
        ))}
      <TextField
        id={`${prefix}-text`}
        name={mode === 'complete' ? 'notes' : 'reason'}
        label={
          mode === 'complete'
            ? t('referrals.field.completionNotes')
            : mode === 'reject'
              ? t('referrals.field.rejectReason')
              : t('referrals.field.acceptNote')
        }
        value={text}
        onValue={setText}
        rows={2}
        maxLength={2000}
        optional={mode !== 'reject'}
        error={form.error(mode === 'complete' ? 'notes' : 'reason')}
      />
    </WorkForm>
  );
}
