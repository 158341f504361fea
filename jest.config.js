const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
  testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/devstack/', '<rootDir>/adapter/'],
  moduleNameMapper: {
    ...jestConfig.moduleNameMapper,
    // controllable Open CTI, CometD and remoting mocks for the softphone suites
    '^jest-mocks/(.*)$': '<rootDir>/force-app/test/jest-mocks/$1'
  },
  // keep the preset's LWC setup and add ours (the @sa11y/jest matcher)
  setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/force-app/test/jest-setup.js'],
  collectCoverageFrom: ['force-app/**/lwc/**/*.js', '!**/__tests__/**']
};
