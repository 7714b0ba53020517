#!/usr/bin/env node
/*
 * Runs a benchmark written in TypeScript through Backstage's Node transform (no build step):
 * `yarn workspace @internal/plugin-ai-governance-backend bench [--accounts 5000] [--rate 100]`.
 */
const path = require('path');

require('@backstage/cli/config/nodeTransform.cjs');

require(path.resolve(__dirname, 'inventory.bench.ts'));
