import { describe, expect, it } from 'vitest';
import { LinkageInputError, parseFieldMapping, readLabelledCsv } from '../../src/core/linkage/index.ts';

describe('field mapping', () => {
  it('reads field kinds and generic fields', () => {
    expect(
      parseFieldMapping('given_names=first_name, birth_date=dob,exact:ssn=soc_sec_id,fuzzy=postcode'),
    ).toEqual({
      kinds: { given_names: 'first_name', birth_date: 'dob' },
      generic: [
        { name: 'ssn', mode: 'exact', column: 'soc_sec_id' },
        { name: 'postcode', mode: 'fuzzy', column: 'postcode' },
      ],
    });
  });

  it.each([
    ['', /vacía/],
    ['given_names', /CAMPO=COLUMNA/],
    ['nickname=nick', /Campo desconocido: «nickname»/],
    ['sex=a,sex=b', /repetido/],
    ['exact:id=a,fuzzy:id=b', /repetido/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseFieldMapping(spec)).toThrow(LinkageInputError);
    expect(() => parseFieldMapping(spec)).toThrow(message);
  });
});

describe('labelled CSV', () => {
  const febrl =
    'rec_id, given_name, surname, date_of_birth\n' +
    'rec-1-org, ana, lopez, 20090304\n' +
    'rec-1-dup-0, anna, lopez, \n' +
    'rec-22-org, juan, , 19991231\n';
  const mapping = parseFieldMapping('given_names=given_name,first_surname=surname,birth_date=date_of_birth');

  it('trims FEBRL cells and derives the truth from the record id', () => {
    const { inputs, labels } = readLabelledCsv(febrl, mapping, {
      truthFrom: 'rec_id',
      truthPattern: 'rec-(\\d+)',
    });
    expect(labels).toEqual(['1', '1', '22']);
    expect(inputs[0]!.values).toEqual({ given_names: 'ana', first_surname: 'lopez', birth_date: '20090304' });
    expect(inputs[1]!.values).toEqual({ given_names: 'anna', first_surname: 'lopez' }); // empty is absent
    expect(inputs[2]!.values.first_surname).toBeUndefined();
    // The truth never reaches the engine's inputs.
    expect(JSON.stringify(inputs)).not.toContain('rec-');
  });

  it('refuses a truth column that is also mapped as a field, and unknown columns', () => {
    expect(() =>
      readLabelledCsv(febrl, parseFieldMapping('given_names=given_name,exact:id=rec_id'), {
        truth: 'rec_id',
      }),
    ).toThrow(/no puede ser también un campo/);
    expect(() => readLabelledCsv(febrl, mapping, { truth: 'cluster' })).toThrow(/no hay columna «cluster»/);
    expect(() => readLabelledCsv(febrl, parseFieldMapping('sex=gender'), { truth: 'rec_id' })).toThrow(
      /no hay columna «gender»/,
    );
  });
});
