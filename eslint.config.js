import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';

// react/jsx-no-literals cannot tell a CSS class from a label; this rule covers the attributes that carry text.
const TEXT_ATTRIBUTES =
  /^(aria-label|aria-description|aria-placeholder|aria-roledescription|aria-valuetext|ariaLabel|alt|title|placeholder|label|legend|hint|message|confirmLabel|busyLabel|doneLabel)$/;
const amparo = {
  rules: {
    'no-literal-text-attributes': {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          literal: 'El texto de "{{name}}" debe venir de los catálogos de mensajes (src/web/i18n).',
        },
      },
      create(context) {
        return {
          JSXAttribute(node) {
            const name = node.name.type === 'JSXNamespacedName' ? node.name.name.name : node.name.name;
            if (!TEXT_ATTRIBUTES.test(name) || !node.value) return;
            const value = node.value.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
            const literal =
              (value.type === 'Literal' && typeof value.value === 'string' && value.value.trim() !== '') ||
              (value.type === 'TemplateLiteral' && value.quasis.some((q) => q.value.cooked.trim() !== ''));
            if (literal) context.report({ node, messageId: 'literal', data: { name } });
          },
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'scratch/', 'coverage/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        performance: 'readonly',
        crypto: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests read loosely typed JSON responses.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/web/**/*.tsx'],
    plugins: { react, amparo },
    settings: { react: { version: '18.3', pragma: 'h' } },
    rules: {
      // Every user-facing text comes from the message catalogues (src/web/i18n): no text in JSX children,
      // none in the attributes people read (labels, alt, title…); class names and ids stay plain strings.
      'amparo/no-literal-text-attributes': 'error',
      'react/jsx-no-literals': [
        'error',
        {
          noStrings: true,
          ignoreProps: true,
          noAttributeStrings: false,
          allowedStrings: ['·', '—', '/', ':', '*', '(', ')', '×'],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        location: 'readonly',
        history: 'readonly',
        HTMLElement: 'readonly',
        HTMLInputElement: 'readonly',
        Event: 'readonly',
        KeyboardEvent: 'readonly',
        FormData: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        Intl: 'readonly',
      },
    },
  },
);
