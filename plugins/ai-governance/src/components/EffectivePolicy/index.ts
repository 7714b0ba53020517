export {
  EffectivePolicies,
  EffectivePoliciesView,
  EffectivePolicyOfTypeView,
} from './EffectivePolicy';
