// One flat config: LWC rules for the softphone components, typescript-eslint's type-checked
// rules for the adapter and the local stack, plain recommended rules for build scripts.
const { defineConfig } = require('eslint/config');
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');
const lwcRecommended = require('@salesforce/eslint-config-lwc/recommended');
const jestPlugin = require('eslint-plugin-jest');

module.exports = defineConfig([
  {
    ignores: [
      '**/node_modules/**',
      'coverage/**',
      'test-results/**',
      '.sf/**',
      '.sfdx/**',
      '.mdapi-out/**',
      'force-app/main/default/staticresources/**',
      'devstack/harness/dist/**',
      '**/fixtures/**/broken/**'
    ]
  },
  {
    files: ['force-app/**/lwc/**/*.js'],
    extends: [lwcRecommended]
  },
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js', 'force-app/test/**/*.js'],
    plugins: { jest: jestPlugin },
    rules: {
      '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off',
      ...jestPlugin.configs['flat/recommended'].rules
    },
    languageOptions: { globals: { ...globals.node, ...globals.jest } }
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: { ...globals.node }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // node:test's test()/describe() return promises the runner itself awaits and reports.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              name: ['test', 'describe', 'it', 'before', 'after', 'beforeEach', 'afterEach', 'suite'],
              package: 'node:test'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js', 'softphone/**/*.js', 'devstack/**/*.js', 'adapter/bin/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node }, sourceType: 'module' }
  },
  {
    files: ['*.js', '*.cjs', 'scripts/**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' }
  },
  {
    files: ['devstack/harness/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    // the harness's stand-ins for lightning/* base components are LWC components themselves
    files: ['devstack/harness/lightning/**/*.js'],
    extends: [lwcRecommended],
    languageOptions: { globals: { ...globals.browser } }
  }
]);
