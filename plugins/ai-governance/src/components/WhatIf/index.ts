/* The "What if?" tab and the what-if answer other views show (baseline preview, account requests). */
export { WhatIfView } from './WhatIfView';
export { PlainSummary, WhatIfResultView } from './WhatIfResultView';
export type { WhatIfFormState, WhatIfOp } from './changeForm';
