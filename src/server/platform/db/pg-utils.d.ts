declare module 'pg/lib/utils.js' {
  /** The driver's conversion of a parameter's value for the wire, the one its own queries apply. */
  export function prepareValue(value: unknown): string | Buffer | null;
}
