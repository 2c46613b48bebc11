// Public API of the deployment audit, for the LSP (`odooPerf/audit`) and the CLI (`odoo-perf audit`).
export { auditWorkspace } from './audit';
export { applyEdits, unifiedDiff } from './edits';
export { maskText, maskLine, isSecretKey, MASK } from './secrets';
export { classify as classifyDeployFile } from './files';
export { DEPLOY_RULES } from './rules/index';
export type * from './types';
