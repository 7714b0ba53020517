/* Runs a TypeScript benchmark through Backstage's Node transform (no build step). */
const path = require('path');

require('@backstage/cli/config/nodeTransform.cjs');

require(path.resolve(__dirname, process.argv[2] ?? 'vending.ts'));
