import { describe, expect, it } from 'vitest';
import { runCli } from './run.ts';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('amparo command line', () => {
  it('shows the general help: on request with 0, without a command with 2', async () => {
    const help = await run(['help']);
    expect(help.code).toBe(0);
    for (const name of [
      'migrate',
      'user create',
      'user reset-2fa',
      'audit verify',
      'backup',
      'restore',
      'key export',
      'key rotate',
    ]) {
      expect(help.stdout).toContain(`  ${name} `);
    }
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Uso: amparo <orden> [opciones]');
    expect(none.stdout).toBe('');
  });

  it("shows a command's own help", async () => {
    for (const argv of [
      ['help', 'restore'],
      ['restore', '--help'],
      ['restore', 'x', '-h'],
    ]) {
      const result = await run(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Uso: amparo restore ARCHIVO \[--yes\]/);
    }
  });

  it.each([
    [['frobnicate'], 'Orden desconocida: frobnicate'],
    [['user'], 'Falta la orden de «user»: user create, user reset-2fa.'],
    [['key', 'destroy'], 'Falta la orden de «key»'],
    [['backup'], 'Falta ARCHIVO.'],
    [['backup', 'a', 'b'], 'Argumento de más: b'],
    [['audit', 'verify', '--fast'], 'Opción desconocida: --fast'],
    [['user', 'reset-2fa', '--username'], 'Valor no válido para la opción'],
    [['user', 'reset-2fa'], 'Falta --username.'],
    [['user', 'create', '--username', 'ana'], 'Falta --role'],
    [
      ['user', 'create', '--username', 'ana', '--role', 'social_worker'],
      'La contraseña no se pasa en la línea de órdenes: use --password-stdin',
    ],
    [
      ['user', 'create', '--username', 'ana', '--role', 'x', '--password', 'secreto'],
      'Opción desconocida: --password',
    ],
  ])('refuses %j with exit code 2 and says why', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Error: ${message}`);
  });

  it('reports configuration errors by variable, with exit code 2', async () => {
    const result = await run(['audit', 'verify'], { DATABASE_URL: 'mysql://x', AMPARO_MASTER_KEY: 'corta' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('AMPARO_MASTER_KEY: debe ser 32 bytes en base64');
  });
});
