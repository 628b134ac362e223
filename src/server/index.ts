/**
 * Every export here becomes a top-level function of build/Code.js, callable by
 * menus, triggers and google.script.run. Keep names stable (API.md).
 */
export { onOpen, onInstall, showSidebar, menuSetupLedger } from './setup/menu';
export { setupLedger } from './setup/setup';
export {
  requestCode,
  recordCode,
  changeStatus,
  renewCode,
  retireCode,
  updateRecord,
  getRecord,
  getFormOptions,
} from './lifecycle/actions';
export { onEdit } from './edits/onEdit';
export { validateLedger, menuValidateLedger } from './edits/validate';
export { auditTrail, menuAuditTrail } from './ledger/auditLog';
export { importRows } from './import/importRows';
export { runExpiryCheck, menuRunExpiryCheck } from './expiry/check';
export { enableDailyAlerts, disableDailyAlerts, menuEnableDailyAlerts, menuDisableDailyAlerts } from './expiry/trigger';
export { findRecords, getSelectedRecord, requestMessage } from './lifecycle/lookup';
export {
  generateClientReport,
  refreshAllClientReports,
  publishClientReport,
  buildAiFunnel,
  menuGenerateClientReport,
  menuRefreshAllClientReports,
  menuPublishClientReport,
  menuBuildAiFunnel,
} from './reports/reports';
export { archiveClosed, menuArchiveClosed } from './archive/archive';
