import { parseCsvRecords } from './csv.ts';

/**
 * Guatemala's departments and municipalities, keyed by INE code: 2 digits for a department, 4 for a
 * municipality (department + 2). The OCHA p-code is "GT" + the INE code. Two lakes (Amatitlán, Atitlán) are
 * pseudo-units of the boundary data set with municipality-style codes ending in 00; they are kept as places
 * of kind `lake` but are not municipalities.
 */

export type PlaceKind = 'department' | 'municipality' | 'lake';

export interface ShippedPlace {
  code: string;
  kind: PlaceKind;
  departmentCode: string | null;
  pcode: string;
  name: string;
  areaKm2: number | null;
  centroidLat: number | null;
  centroidLon: number | null;
}

export const DEPARTMENT_CODE = /^\d{2}$/;
export const MUNICIPALITY_CODE = /^\d{4}$/;
export const PLACE_CODE = /^\d{2}(\d{2})?$/;

const numberOrNull = (text: string | undefined) => {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`Número no válido: ${text}`);
  return value;
};

/** Parses departments.csv and municipalities.csv (columns as in their SOURCE.md), checking the codes. */
export function parsePlaces(departmentsCsv: string, municipalitiesCsv: string): ShippedPlace[] {
  const departments = parseCsvRecords(departmentsCsv).map((row): ShippedPlace => {
    const code = row.ine_code!;
    if (!DEPARTMENT_CODE.test(code) || row.pcode !== `GT${code}`)
      throw new Error(`Departamento con código no válido: ${code}`);
    return {
      code,
      kind: 'department',
      departmentCode: null,
      pcode: row.pcode,
      name: row.name!,
      areaKm2: numberOrNull(row.area_km2),
      centroidLat: numberOrNull(row.centroid_lat),
      centroidLon: numberOrNull(row.centroid_lon),
    };
  });
  const known = new Set(departments.map((d) => d.code));
  const municipalities = parseCsvRecords(municipalitiesCsv).map((row): ShippedPlace => {
    const code = row.ine_code!;
    const departmentCode = row.department_ine_code!;
    if (!MUNICIPALITY_CODE.test(code) || row.pcode !== `GT${code}` || !code.startsWith(departmentCode))
      throw new Error(`Municipio con código no válido: ${code}`);
    if (!known.has(departmentCode)) throw new Error(`Municipio ${code} de un departamento desconocido`);
    return {
      code,
      kind: row.is_lake === 'true' ? 'lake' : 'municipality',
      departmentCode,
      pcode: row.pcode,
      name: row.name!,
      areaKm2: numberOrNull(row.area_km2),
      centroidLat: numberOrNull(row.centroid_lat),
      centroidLon: numberOrNull(row.centroid_lon),
    };
  });
  return [...departments, ...municipalities];
}

/** Lookups over a list of places (shipped or as edited in the database). */
export class PlaceIndex<P extends { code: string; kind: PlaceKind; departmentCode: string | null }> {
  readonly byCode = new Map<string, P>();
  readonly departments: P[] = [];
  readonly municipalitiesByDepartment = new Map<string, P[]>();

  constructor(places: readonly P[]) {
    for (const place of places) {
      this.byCode.set(place.code, place);
      if (place.kind === 'department') this.departments.push(place);
      else if (place.kind === 'municipality') {
        const list = this.municipalitiesByDepartment.get(place.departmentCode!) ?? [];
        list.push(place);
        this.municipalitiesByDepartment.set(place.departmentCode!, list);
      }
    }
  }

  isMunicipality(code: string): boolean {
    return this.byCode.get(code)?.kind === 'municipality';
  }

  municipalitiesOf(departmentCode: string): P[] {
    return this.municipalitiesByDepartment.get(departmentCode) ?? [];
  }
}
