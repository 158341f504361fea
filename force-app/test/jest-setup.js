// Registers the accessibility matcher (`await expect(element).toBeAccessible()`) for every suite.
const { registerSa11yMatcher } = require('@sa11y/jest');

registerSa11yMatcher();
