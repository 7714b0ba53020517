import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { findGuardrailsDir } from '@internal/plugin-ai-governance-node';
import { readPackPolicies } from './packPolicies';

const config = (guardrailPacks?: string) =>
  mockServices.rootConfig({
    data: guardrailPacks
      ? { aiGovernance: { catalog: { guardrailPacks } } }
      : {},
  });

describe('readPackPolicies', () => {
  const packsDir = path.join(findGuardrailsDir(__dirname), 'packs');

  it("maps every pack policy's name to its pack, from the configured folder", () => {
    const logger = mockServices.logger.mock();
    const map = readPackPolicies(config(packsDir), logger)!;
    expect(map.get('guardrail-region-lock')).toBe('baseline');
    expect(map.get('guardrail-ai-approved-bedrock-models')).toBe(
      'ai-development',
    );
    expect(map.get('guardrail-ai-services-opt-out')).toBe('ai-opt-out');
    expect(map.has('FullAWSAccess')).toBe(false);
  });

  it('finds guardrails/packs in the working directory or above by default', () => {
    const logger = mockServices.logger.mock();
    const map = readPackPolicies(config(), logger, __dirname)!;
    expect(map.get('guardrail-ai-bedrock-guardrail')).toBe('ai-production');
  });

  it('fails startup with what to do when the configured folder is no folder of packs', () => {
    const logger = mockServices.logger.mock();
    expect(() =>
      readPackPolicies(config('no-such-packs-folder'), logger, __dirname),
    ).toThrow(
      /aiGovernance\.catalog\.guardrailPacks: could not read the guardrail packs in no-such-packs-folder; point it at a folder of packs/,
    );
  });

  it('gives no pack names, and says so, without configuration or a guardrails folder', () => {
    const logger = mockServices.logger.mock();
    expect(readPackPolicies(config(), logger, os.tmpdir())).toBeUndefined();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/no ai-governance.io\/guardrail-packs annotation/),
    );
  });
});
