const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
  testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/devstack/', '<rootDir>/adapter/'],
  moduleNameMapper: {
    ...jestConfig.moduleNameMapper
  },
  setupFilesAfterEnv: ['<rootDir>/force-app/test/jest-setup.js'],
  collectCoverageFrom: ['force-app/**/lwc/**/*.js', '!**/__tests__/**']
};
