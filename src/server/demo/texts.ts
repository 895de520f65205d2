import type { CaseType } from '../../core/cases/vocabulary.ts';
import type { NoteType } from '../notes/vocabulary.ts';
import type { ServiceArea } from '../services/vocabulary.ts';

/**
 * Wording of the demo data (Spanish, as staff would write it). Every free text starts with DEMO_MARK so that
 * nobody mistakes a demo record for a real child's. `{nombre}` is the child's first given name.
 */

export const DEMO_MARK = '[Datos de demostración]';

export const NOTE_TEXTS: Record<NoteType, readonly string[]> = {
  case_note: [
    'Se revisó el expediente de {nombre} con el equipo y se acordaron los próximos pasos.',
    'Reunión de caso: {nombre} continúa en el programa; se actualizan las tareas pendientes.',
    'Se coordinó con la institución de referencia el seguimiento de {nombre}.',
  ],
  phone_call: [
    'Llamada con la familia de {nombre} para confirmar la visita de la próxima semana.',
    'Llamada de seguimiento: {nombre} asiste a sus actividades con regularidad.',
  ],
  school_follow_up: [
    'Visita a la escuela: {nombre} cursa el ciclo actual y asiste con regularidad.',
    'Reunión con el docente de {nombre}; se acordó apoyo de reforzamiento en lectura.',
  ],
  home_visit: [
    'Visita domiciliaria: la vivienda cuenta con servicios básicos; la familia recibe a {nombre}.',
    'Visita a la comunidad de origen de {nombre} para valorar las condiciones de retorno.',
  ],
  session_note: [
    'Sesión de acompañamiento psicológico con {nombre}: se trabajó el manejo de emociones.',
    'Sesión individual: {nombre} expresa interés en retomar sus estudios; se refuerzan sus recursos personales.',
    'Sesión grupal de autocuidado; {nombre} participó activamente.',
  ],
  medical_note: [
    'Control médico de {nombre}: estado general bueno; se indican vitaminas.',
    'Consulta por malestar leve; {nombre} recibe tratamiento y control en una semana.',
  ],
  legal_note: [
    'Se presentó memorial en el juzgado para la revisión de la medida de protección de {nombre}.',
    'Acompañamiento a {nombre} en la audiencia; el proceso continúa.',
  ],
  disclosure_note: [
    '{nombre} relató en un espacio seguro parte de lo vivido; se registra según el protocolo.',
    'Entrevista con {nombre} sobre su experiencia de viaje; se activa la ruta de atención.',
  ],
};

export const SERVICE_NOTE_TEXTS: Record<ServiceArea, string> = {
  medical: 'Atención médica general de {nombre}.',
  psychosocial: 'Atención psicosocial individual de {nombre}.',
  educational: 'Apoyo escolar y materiales para {nombre}.',
  lodging: 'Alojamiento temporal de {nombre} en el hogar.',
  recreation: 'Actividad recreativa en la que participó {nombre}.',
  legal: 'Asesoría legal para {nombre} y su familia.',
  family: 'Sesión de fortalecimiento familiar con la familia de {nombre}.',
  livelihood: 'Orientación para el proyecto de vida de {nombre}.',
};

export const RISK_NOTE_TEXT =
  'Riesgo valorado por el equipo con la información disponible sobre {nombre}; se revisará en la próxima reunión de caso.';

export const NO_CONTACT_REASONS = [
  'Orden de alejamiento dictada por el juzgado.',
  'Posible participación en la explotación de la niña o el niño.',
  'La niña o el niño pidió no tener contacto.',
] as const;

/** Who refers each kind of case (HTCDS organisation type and a name of that kind of institution). */
export const REFERRERS: Record<CaseType, ReadonlyArray<readonly [string, string]>> = {
  returned_unaccompanied_child: [
    ['ImmigrationService', 'Instituto Guatemalteco de Migración'],
    ['CentralGovernmentOrganisation', 'Secretaría de Bienestar Social'],
  ],
  residential_trafficking_victim: [
    ['LegalService', 'Procuraduría General de la Nación'],
    ['LawEnforcement', 'Policía Nacional Civil'],
    ['LegalService', 'Ministerio Público, Fiscalía contra la Trata de Personas'],
  ],
  community_possible_victim: [
    ['SchoolOrCollege', 'Escuela oficial rural mixta'],
    ['LocalGovernmentOrganisation', 'Oficina Municipal de Protección de la Niñez y Adolescencia'],
    ['NGO', 'Red comunitaria de protección'],
  ],
  legal_assistance_only: [
    ['LegalService', 'Procuraduría General de la Nación'],
    ['NGO', 'Organización aliada de asistencia legal'],
  ],
};

export const fill = (text: string, name: string) => `${DEMO_MARK} ${text.replaceAll('{nombre}', name)}`;
