import { useState } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import { FilteredQueue } from '../case-work/queue.tsx';
import { CaseWorkSection } from '../case-work/section.tsx';
import type { Referral } from '../case-work/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { vocabularyOptions } from '../persons/vocabulary.ts';
import { StatusMessage } from '../ui/form.tsx';
import { LoadError, Loading, Page } from '../ui/page.tsx';
import { REFERRAL_STATUSES, ReferralButtons, ReferralCard, ReferralStatusForm } from './shared.tsx';
import '../case-work/case-work.css';

/**
 * The receiving side: referrals and transfers addressed to my agency or to a programme of my scope, each in
 * its narrow view (the referral and the minimal identity needed to receive the child), to accept or reject.
 */
export function ReceivedReferrals() {
  const { t } = useI18n();
  return (
    <FilteredQueue
      title={t('referrals.received.title')}
      intro={t('referrals.received.intro')}
      filter={{
        id: 'received-status',
        label: t('referrals.received.filter'),
        options: vocabularyOptions(t, 'referrals.status', REFERRAL_STATUSES),
        all: t('referrals.received.all'),
      }}
      list={(status) => (
        <CaseWorkSection<Referral>
          key={status}
          name="received"
          title={t('referrals.received.listTitle')}
          path="/api/referrals"
          query={{ direction: 'incoming', status }}
          paginated
          empty={t('referrals.received.none')}
          item={(referral, open) => (
            <>
              <ReferralCard referral={referral} link showCase />
              <ReferralButtons referral={referral} open={open} />
            </>
          )}
          form={(open, callbacks) => (
            <ReferralStatusForm referral={open.item!} mode={open.mode} callbacks={callbacks} />
          )}
        />
      )}
    />
  );
}

/** One referral (e.g. opened from My work), with what the reader may do with it now. */
export function ReferralDetail(props: { params: { id: string } }) {
  const { t } = useI18n();
  const referral = useApi<Referral>(`/api/referrals/${encodeURIComponent(props.params.id)}`);
  const [mode, setMode] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const title = t('referrals.detail.title');
  if (referral.error && !referral.data)
    return (
      <Page title={title}>
        <LoadError error={referral.error} retry={referral.reload} />
      </Page>
    );
  if (!referral.data) return <Loading />;
  const data = referral.data;
  return (
    <Page
      title={title}
      actions={
        <a class="button secondary" href="/referrals">
          {t('referrals.received.title')}
        </a>
      }
    >
      <StatusMessage message={message} />
      <article class="work-item" data-testid="referral-detail">
        <ReferralCard referral={data} showCase />
        {mode === null && (
          <ReferralButtons
            referral={data}
            open={(next) => {
              setMessage(null);
              setMode(next);
            }}
          />
        )}
        {mode !== null && (
          <ReferralStatusForm
            referral={data}
            mode={mode}
            callbacks={{
              onSaved: (text) => {
                setMode(null);
                setMessage(text);
                referral.reload();
              },
              onCancel: () => setMode(null),
              onReload: () => {
                setMode(null);
                referral.reload();
              },
            }}
          />
        )}
      </article>
    </Page>
  );
}
