import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { SelectField, type Option } from '../ui/fields.tsx';
import { Page } from '../ui/page.tsx';
import './case-work.css';

/**
 * A work queue screen (approvals or referrals waiting for the reader): its introduction, one filter whose
 * empty choice (`all`) shows everything, and the list of what the chosen value lets through.
 */
export function FilteredQueue(props: {
  title: string;
  intro: string;
  filter: { id: string; label: string; options: Option[]; all: string };
  /** The list for the chosen value ('' for all); key it by the value so that it starts again on page 1. */
  list: (value: string) => ComponentChildren;
}) {
  const [value, setValue] = useState('');
  return (
    <Page title={props.title}>
      <p class="hint">{props.intro}</p>
      <div class="status-filter">
        <SelectField
          id={props.filter.id}
          label={props.filter.label}
          value={value}
          onValue={setValue}
          options={props.filter.options}
          placeholder={props.filter.all}
          filter
        />
      </div>
      {props.list(value)}
    </Page>
  );
}
