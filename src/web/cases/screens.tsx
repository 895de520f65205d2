import type { ComponentType } from 'preact';
import type { Feature } from '../i18n/i18n.ts';
import { LazyPanel } from './record-tabs.tsx';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each screen takes its own route props
type Screen = ComponentType<any>;

/**
 * The case-work screens behind one entry in the app's route table (src/web/app.tsx names each route and
 * the permission it needs): the login screen's code then carries one loader for all of them, and each
 * screen still arrives in its own chunk, with the extra catalogues it needs, when it is opened.
 */
const SCREENS: Record<string, { load: () => Promise<Screen>; features: Feature[] }> = {
  'my-work': { load: () => import('../my-work/my-work.tsx').then((m) => m.MyWork), features: ['myWork'] },
  'person-search': { load: () => import('../persons/search.tsx').then((m) => m.PersonSearch), features: [] },
  'person-register': {
    load: () => import('../persons/register.tsx').then((m) => m.RegisterPerson),
    // The duplicate check explains each candidate in record linkage's words.
    features: ['linkage'],
  },
  'person-record': { load: () => import('../persons/record.tsx').then((m) => m.PersonRecord), features: [] },
  'case-list': { load: () => import('./list.tsx').then((m) => m.CaseList), features: [] },
  'case-open': { load: () => import('./open.tsx').then((m) => m.OpenCase), features: ['orgTypes'] },
  'case-reassign': { load: () => import('./reassign.tsx').then((m) => m.ReassignCases), features: [] },
  'case-record': { load: () => import('./record.tsx').then((m) => m.CaseRecord), features: [] },
  'referrals-received': {
    load: () => import('../referrals/received.tsx').then((m) => m.ReceivedReferrals),
    features: ['referrals', 'services'],
  },
  referral: {
    load: () => import('../referrals/received.tsx').then((m) => m.ReferralDetail),
    features: ['referrals', 'services'],
  },
  'approvals-pending': {
    load: () => import('../approvals/pending.tsx').then((m) => m.PendingApprovals),
    features: ['approvals'],
  },
};

export function CaseWorkScreen(props: { screen: string; params?: Record<string, string> }) {
  const screen = SCREENS[props.screen]!;
  return (
    <LazyPanel
      // Another record (another :id) is a new screen: nothing of the previous one stays.
      key={`${props.screen}:${JSON.stringify(props.params ?? {})}`}
      id={props.screen}
      load={screen.load}
      features={screen.features}
      panelProps={{ params: props.params ?? {} }}
    />
  );
}
