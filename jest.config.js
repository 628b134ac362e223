/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/packages'],
  // The emulator is a workspace package written in TypeScript: its sources are transformed like the tests'.
  moduleNameMapper: {
    '^@spark-ledger/gas-emulator$': '<rootDir>/packages/gas-emulator/src/index.ts',
    '^@spark-ledger/gas-emulator/src/(.*)$': '<rootDir>/packages/gas-emulator/src/$1',
  },
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/support/globalSetup.js',
  testTimeout: 60000,
};
