import type { ComponentType } from 'preact';
import { LazyPanel } from '../cases/record-tabs.tsx';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each screen takes its own route props
type Screen = ComponentType<any>;

/**
 * The record-linkage screens behind one entry in the app's route table (src/web/app.tsx names each route
 * and the permission it needs): each screen still arrives in its own chunk when it is opened.
 */
const SCREENS: Record<string, () => Promise<Screen>> = {
  'review-queue': () => import('./queue.tsx').then((m) => m.ReviewQueue),
  'pair-compare': () => import('./compare.tsx').then((m) => m.PairCompare),
  'tracing-list': () => import('./tracing-list.tsx').then((m) => m.TracingList),
  'tracing-new': () => import('./tracing-new.tsx').then((m) => m.TracingNew),
  'tracing-detail': () => import('./tracing-detail.tsx').then((m) => m.TracingDetail),
};

export function LinkageScreen(props: { screen: string; params?: Record<string, string> }) {
  return (
    <LazyPanel
      key={`${props.screen}:${JSON.stringify(props.params ?? {})}`}
      id={props.screen}
      load={SCREENS[props.screen]!}
      features={[]}
      panelProps={{ params: props.params ?? {} }}
    />
  );
}
