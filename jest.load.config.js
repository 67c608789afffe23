/** `npm run test:load`: the load tests (test/load/*.load.ts), one at a time, apart from `npm test`. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['**/test/load/**/*.load.ts'],
  testTimeout: 300000,
  maxWorkers: 1,
};
