import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { listUrl } from '../admin/lookups.ts';
import { currentLocale, loadFeatures, type Feature } from '../i18n/i18n.ts';
import { LoadError, Loading } from '../ui/page.tsx';
import './cases.css';

export interface TabLink {
  key: string;
  label: string;
  /** e.g. a count or a warning, shown after the label */
  badge?: string;
}

/**
 * The sections of a record as a row of links (`?tab=key`), so each section has an address, the browser's
 * back button works and a screen reader hears which one is current. Wraps onto several lines at 360 px.
 */
export function RecordTabs(props: { label: string; path: string; tabs: TabLink[]; current: string }) {
  return (
    <nav class="record-tabs" aria-label={props.label}>
      <ul>
        {props.tabs.map((tab) => (
          <li key={tab.key}>
            <a
              href={listUrl(props.path, { tab: tab.key })}
              aria-current={tab.key === props.current ? 'page' : undefined}
              data-tab={tab.key}
            >
              {tab.label}
              {tab.badge && <span class="tab-badge">{tab.badge}</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A section's code in its own chunk, fetched with its message catalogues when the section is opened. */
export function LazyPanel<P extends object>(props: {
  load: () => Promise<ComponentType<P>>;
  features: Feature[];
  panelProps: P;
  /** Changes when another section is chosen */
  id: string;
}) {
  const [state, setState] = useState<{ id: string; Panel?: ComponentType<P>; failed?: boolean }>({
    id: props.id,
  });
  useEffect(() => {
    let live = true;
    setState({ id: props.id });
    Promise.all([props.load(), loadFeatures(props.features, currentLocale())]).then(
      ([Panel]) => live && setState({ id: props.id, Panel }),
      () => live && setState({ id: props.id, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [props.id]);
  if (state.failed) return <LoadError error={undefined} retry={() => location.reload()} />;
  if (!state.Panel || state.id !== props.id) return <Loading />;
  const Panel = state.Panel;
  return <Panel {...props.panelProps} />;
}
