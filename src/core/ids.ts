const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text has the form of a record's id (a UUID, any version). */
export const isUuid = (value: string) => UUID.test(value);
