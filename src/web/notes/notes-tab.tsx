import { useState } from 'preact/hooks';
import { NOTE_TYPE_CLASSES, NOTE_TYPES, type NoteType } from '../../server/notes/vocabulary.ts';
import { clearanceLabel } from '../access/labels.ts';
import { api, changedFields, etagOfVersion } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import {
  CaseWorkSection,
  checked,
  Disclosure,
  Facts,
  ItemHead,
  Text,
  WorkForm,
  type FormCallbacks,
} from '../case-work/section.tsx';
import type { Note, NoteDetail } from '../case-work/types.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import { useI18n } from '../i18n/context.tsx';
import { useCleared, useDay } from '../persons/display.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { useForm } from '../ui/form.tsx';
import { Badge, LoadError, Loading } from '../ui/page.tsx';
import { dayInGuatemala } from '../../core/dates.ts';

/**
 * Case notes, typed, each type carrying a sensitivity class. The server leaves out the notes the reader is
 * not cleared for, and this screen says nothing about them. A note can be changed by its author for 24
 * hours; after that (or by anyone else) it is corrected by a new note that references it.
 */

const classOf = (type: string) => NOTE_TYPE_CLASSES[type as NoteType] ?? 'general';

/** Still within its author's 24 hours, as of now (the list may have been open for a while). */
const editableNow = (note: Note) => note.editable && Date.parse(note.editableUntil) > Date.now();

function NoteForm(props: {
  caseId: string;
  mode: 'new' | 'edit' | 'correct';
  note?: Note;
  callbacks: FormCallbacks;
}) {
  const { t } = useI18n();
  const cleared = useCleared();
  const day = useDay();
  const form = useForm();
  const { note, mode } = props;
  const [type, setType] = useState<string>(note?.type ?? '');
  const [body, setBody] = useState(mode === 'edit' ? (note?.body ?? '') : '');
  const [occurredOn, setOccurredOn] = useState(mode === 'edit' ? (note?.occurredOn ?? '') : '');
  const prefix = note ? `note-${mode}-${note.id}` : 'note-new';
  // A correction keeps the confidentiality of the note it corrects.
  const types = NOTE_TYPES.filter((candidate) =>
    mode === 'correct' ? classOf(candidate) === note!.noteClass : cleared(classOf(candidate)),
  );
  const chosenClass = type ? classOf(type) : null;

  const submit = async () => {
    const valid = checked(form, {
      type: mode !== 'edit' && !type && t('notes.error.type'),
      body: !body.trim() && t('notes.error.body'),
      occurredOn: occurredOn > dayInGuatemala() && t('notes.error.future'),
    });
    if (!valid) return;
    if (mode === 'edit') {
      const changes = changedFields(
        { body: note!.body, occurredOn: note!.occurredOn },
        { body: body.trim(), occurredOn: occurredOn || null },
      );
      if (Object.keys(changes).length === 0) return props.callbacks.onSaved(t('common.noChanges'));
      const saved = await form.submit(() =>
        api.patch<NoteDetail>(
          `/api/cases/${props.caseId}/notes/${note!.id}`,
          changes,
          etagOfVersion(note!.version),
        ),
      );
      if (saved) props.callbacks.onSaved(t('notes.saved'));
      return;
    }
    const saved = await form.submit(() =>
      api.post<NoteDetail>(`/api/cases/${props.caseId}/notes`, {
        type,
        body: body.trim(),
        ...(occurredOn && { occurredOn }),
        ...(mode === 'correct' && { correctsNoteId: note!.id }),
      }),
    );
    if (saved) props.callbacks.onSaved(mode === 'correct' ? t('notes.corrected') : t('notes.added'));
  };

  const title =
    mode === 'new'
      ? t('notes.addTitle')
      : mode === 'edit'
        ? t('notes.editTitle')
        : t('notes.correctTitle', { date: day(note!.createdAt) });
  return (
    <WorkForm
      form={form}
      title={title}
      testId="note-form"
      submitLabel={
        mode === 'edit' ? t('common.save') : mode === 'correct' ? t('notes.correct') : t('notes.add')
      }
      onSubmit={submit}
      callbacks={props.callbacks}
    >
      {mode === 'edit' ? (
        <p>
          {t('notes.field.type')}: <strong>{vocabularyLabel(t, 'notes.type', note!.type)}</strong>
        </p>
      ) : (
        <SelectField
          id={`${prefix}-type`}
          label={t('notes.field.type')}
          hint={
            chosenClass && chosenClass !== 'general'
              ? t('notes.classHint', { class: clearanceLabel(t, chosenClass) })
              : undefined
          }
          value={type}
          onValue={setType}
          options={types.map((value) => ({ value, label: vocabularyLabel(t, 'notes.type', value) }))}
          placeholder={t('notes.choose')}
          error={form.error('type')}
        />
      )}
      <TextField
        id={`${prefix}-occurredOn`}
        name="occurredOn"
        type="date"
        label={t('notes.field.occurredOn')}
        hint={t('notes.occurredOnHint')}
        value={occurredOn}
        onValue={setOccurredOn}
        max={dayInGuatemala()}
        optional
        error={form.error('occurredOn')}
      />
      <TextField
        id={`${prefix}-body`}
        name="body"
        label={mode === 'correct' ? t('notes.field.correction') : t('notes.field.body')}
        hint={mode === 'new' ? t('notes.bodyHint') : undefined}
        value={body}
        onValue={setBody}
        rows={6}
        maxLength={20_000}
        error={form.error('body')}
      />
    </WorkForm>
  );
}

/** A note's earlier wordings, oldest first, as its author changed it within its first 24 hours. */
function EarlierWordings(props: { note: Note }) {
  const { t, dateTime } = useI18n();
  const day = useDay();
  const detail = useApi<NoteDetail>(`/api/cases/${props.note.caseId}/notes/${props.note.id}`);
  if (detail.error && !detail.data) return <LoadError error={detail.error} retry={detail.reload} />;
  if (!detail.data) return <Loading />;
  return (
    <ol class="earlier-wordings">
      {detail.data.revisions.map((revision) => (
        <li key={revision.version}>
          <p class="muted">
            {t('notes.history.replaced', {
              version: revision.version,
              when: dateTime(revision.replacedAt),
              name: revision.replacedBy?.displayName ?? '—',
            })}
          </p>
          {revision.occurredOn && (
            <p class="muted">{t('notes.history.occurredOn', { date: day(revision.occurredOn) })}</p>
          )}
          <Text>{revision.body}</Text>
        </li>
      ))}
    </ol>
  );
}

function NoteCard(props: { note: Note; canWrite: boolean; open: (mode: string) => void }) {
  const { t, dateTime } = useI18n();
  const day = useDay();
  const { note } = props;
  const type = vocabularyLabel(t, 'notes.type', note.type);
  const when = dateTime(note.createdAt);
  const editable = editableNow(note);
  return (
    <>
      <ItemHead title={type}>
        {note.noteClass !== 'general' && (
          <Badge kind="warn">{t('notes.confidential', { class: clearanceLabel(t, note.noteClass) })}</Badge>
        )}
        {note.correctsNoteId && <Badge kind="info">{t('notes.isCorrection')}</Badge>}
        {note.correctedByNoteId && <Badge kind="muted">{t('notes.wasCorrected')}</Badge>}
      </ItemHead>
      <Facts
        facts={[
          [t('notes.writtenBy'), t('notes.byOn', { name: note.author?.displayName ?? '—', when })],
          note.occurredOn && [t('notes.field.occurredOn'), day(note.occurredOn)],
          note.correctsNoteId && [
            t('notes.corrects'),
            <a href={`#notes-${note.correctsNoteId}`}>{t('notes.earlierNote')}</a>,
          ],
          note.correctedByNoteId && [
            t('notes.correctedBy'),
            <a href={`#notes-${note.correctedByNoteId}`}>{t('notes.laterNote')}</a>,
          ],
          note.revisionCount > 0 && [t('notes.revisions'), String(note.revisionCount)],
        ]}
      />
      <Text>{note.body}</Text>
      {note.revisionCount > 0 && (
        <Disclosure summary={t('notes.history.title', { count: note.revisionCount })} testId="note-history">
          {() => <EarlierWordings key={note.revisionCount} note={note} />}
        </Disclosure>
      )}
      {props.canWrite && (editable || !note.correctedByNoteId) && (
        <div class="button-row">
          {editable ? (
            <>
              <button
                type="button"
                class="button secondary"
                onClick={() => props.open('edit')}
                aria-label={t('notes.editOne', { type, when })}
              >
                {t('notes.edit')}
              </button>
              <span class="hint">{t('notes.editableUntil', { until: dateTime(note.editableUntil) })}</span>
            </>
          ) : (
            <button
              type="button"
              class="button secondary"
              onClick={() => props.open('correct')}
              aria-label={t('notes.correctOne', { type, when })}
            >
              {t('notes.correct')}
            </button>
          )}
        </div>
      )}
    </>
  );
}

/** The case record's notes section. */
export function NotesTab(props: CaseTabProps) {
  const { t } = useI18n();
  const session = useSession();
  const canWrite = session.can('case_note:write');
  const caseId = props.kase.id;
  return (
    <CaseWorkSection<Note>
      name="notes"
      title={t('notes.title')}
      path={`/api/cases/${caseId}/notes`}
      paginated
      addLabel={canWrite ? t('notes.add') : undefined}
      empty={t('notes.none')}
      itemClass={(note) => (note.correctedByNoteId ? 'muted-item' : undefined)}
      item={(note, open) => <NoteCard note={note} canWrite={canWrite} open={open} />}
      form={(open, callbacks) => (
        <NoteForm
          caseId={caseId}
          mode={open.mode as 'new' | 'edit' | 'correct'}
          note={open.item}
          callbacks={callbacks}
        />
      )}
    />
  );
}
