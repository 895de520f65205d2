import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Query } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useT } from '../i18n/context.tsx';
import { FormProblem, StatusMessage, SubmitButton, type FormState } from '../ui/form.tsx';
import { Empty, LoadError, Loading } from '../ui/page.tsx';
import { Pagination } from '../ui/widgets.tsx';
import './case-work.css';

/**
 * The one skeleton of the case record's work sections (services, notes, consent, referrals): a heading with
 * "add", the list in each of its states (error with retry, loading, empty, pages), one form open at a time
 * (a new record above the list, or an action on one record — edit, correct, withdraw… — under it), and
 * the news of what was saved. Each section brings only its record card and its forms.
 */

/** Which form is open: `new`, or an action (`edit`, `correct`…) on one record. */
export interface OpenForm<T> {
  mode: string;
  item?: T;
}

export interface FormCallbacks {
  /** Saved: the form closes, `message` (and `notice`, e.g. warnings) is shown and the list reloads. */
  onSaved: (message: string, notice?: ComponentChildren) => void;
  onCancel: () => void;
  /** After a stale version (412): the form closes and the list is fetched again. */
  onReload: () => void;
}

interface Listed<T> {
  items: T[];
  total?: number;
  page?: number;
  pageSize?: number;
}

export function CaseWorkSection<T extends { id: string }, D extends Listed<T> = Listed<T>>(props: {
  /** Names ids and test ids: `${name}-title`, `${name}-item`… */
  name: string;
  title: string;
  path: string;
  query?: Query;
  /** The list answers in pages (page/pageSize). */
  paginated?: boolean;
  /** The "add" button's label; without it (no permission) there is no button. */
  addLabel?: string;
  empty: string;
  /** Above the list once it is loaded, e.g. a summary. */
  summary?: (data: D) => ComponentChildren;
  item: (item: T, open: (mode: string) => void) => ComponentChildren;
  itemClass?: (item: T) => string | undefined;
  form: (open: OpenForm<T>, callbacks: FormCallbacks) => ComponentChildren;
  /** After each save (e.g. the case record reloads too). */
  onChanged?: () => void;
}) {
  const [page, setPage] = useState(1);
  const list = useApi<D>(props.path, props.paginated ? { ...props.query, page } : props.query);
  const [open, setOpen] = useState<{ mode: string; id?: string } | null>(null);
  const [news, setNews] = useState<{ message: string; notice?: ComponentChildren } | null>(null);
  const data = list.data;
  const items = data?.items ?? [];

  const show = (mode: string, id?: string) => {
    setNews(null);
    setOpen({ mode, id });
  };
  const callbacks: FormCallbacks = {
    onSaved: (message, notice) => {
      setOpen(null);
      setNews({ message, notice });
      if (open?.mode === 'new') setPage(1);
      list.reload();
      props.onChanged?.();
    },
    onCancel: () => setOpen(null),
    onReload: () => {
      setOpen(null);
      list.reload();
    },
  };

  return (
    <section class="panel case-work" aria-labelledby={`${props.name}-title`} data-testid={props.name}>
      <div class="panel-head">
        <h2 id={`${props.name}-title`}>{props.title}</h2>
        {props.addLabel && open?.mode !== 'new' && (
          <button type="button" class="button secondary" onClick={() => show('new')}>
            {props.addLabel}
          </button>
        )}
      </div>
      <StatusMessage message={news?.message ?? null} />
      {news?.notice}
      {open?.mode === 'new' && props.form({ mode: 'new' }, callbacks)}
      {list.error && <LoadError error={list.error} retry={list.reload} />}
      {list.loading && !data && <Loading />}
      {data && props.summary?.(data)}
      {data && items.length === 0 && <Empty>{props.empty}</Empty>}
      {items.length > 0 && (
        <ul class="work-list" aria-busy={list.loading}>
          {items.map((item) => (
            <li
              key={item.id}
              id={`${props.name}-${item.id}`}
              class={['work-item', props.itemClass?.(item)].filter(Boolean).join(' ')}
              data-testid={`${props.name}-item`}
            >
              {props.item(item, (mode) => show(mode, item.id))}
              {open && open.id === item.id && props.form({ mode: open.mode, item }, callbacks)}
            </li>
          ))}
        </ul>
      )}
      {props.paginated && data?.total !== undefined && (
        <Pagination
          page={data.page ?? 1}
          pageSize={data.pageSize ?? 25}
          total={data.total}
          onPage={setPage}
        />
      )}
    </section>
  );
}

/** A record's title line with its badges. */
export function ItemHead(props: { title: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="work-item-head">
      <h3>{props.title}</h3>
      {props.children}
    </div>
  );
}

/** A record's facts as label/value pairs; pairs without a value are left out. */
export function Facts(props: { facts: Array<[string, ComponentChildren] | false | null | undefined | ''> }) {
  const shown = props.facts.filter(
    (fact): fact is [string, ComponentChildren] => !!fact && fact[1] !== undefined && fact[1] !== null,
  );
  if (shown.length === 0) return null;
  return (
    <dl class="details compact">
      {shown.map(([label, value]) => (
        <div key={label} class="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Free text written by staff, line breaks kept. */
export function Text(props: { children: string }) {
  return <p class="work-text">{props.children}</p>;
}

/**
 * The frame of every case-work form: its heading, the form-level error (with "reload" after a stale
 * version, and `problem` for what a section adds to a refusal), the fields, and submit / cancel.
 */
export function WorkForm(props: {
  form: FormState;
  title: string;
  testId: string;
  submitLabel: string;
  onSubmit: () => void | Promise<void>;
  callbacks: FormCallbacks;
  problem?: ComponentChildren;
  children: ComponentChildren;
}) {
  const t = useT();
  return (
    <form
      ref={props.form.formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void props.onSubmit();
      }}
      class="panel nested-form"
      data-testid={props.testId}
      aria-label={props.title}
    >
      <h3>{props.title}</h3>
      <FormProblem form={props.form} onReload={props.callbacks.onReload} />
      {props.problem}
      {props.children}
      <div class="form-actions">
        <SubmitButton busy={props.form.busy} label={props.submitLabel} />
        <button type="button" class="button secondary" onClick={props.callbacks.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Field errors found before sending; true when there were none. */
export function checked(form: FormState, errors: Record<string, string | false | undefined>): boolean {
  const found = Object.fromEntries(
    Object.entries(errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  if (Object.keys(found).length === 0) return true;
  form.setErrors(found);
  return false;
}

/** Trimmed text, or null when empty. */
export const textOrNull = (value: string) => value.trim() || null;

/**
 * A "History" disclosure (a native <details>) whose content is fetched only once it is opened: reading a
 * record's earlier states is audited, so it happens only when someone asks for it.
 */
export function Disclosure(props: { summary: string; testId: string; children: () => ComponentChildren }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      class="disclosure"
      data-testid={props.testId}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{props.summary}</summary>
      {open && <div class="disclosure-body">{props.children()}</div>}
    </details>
  );
}
