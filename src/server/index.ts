/**
 * Every export here becomes a top-level function of build/Code.js, callable by
 * menus, triggers and google.script.run. Keep names stable (API.md).
 */
export { onOpen, onInstall, showSidebar, menuSetupLedger } from './menu';
export { setupLedger } from './setup';
export {
  requestCode,
  recordCode,
  changeStatus,
  renewCode,
  retireCode,
  updateRecord,
  getRecord,
  getFormOptions,
} from './actions';
export { onEdit } from './onEdit';
export { validateLedger, menuValidateLedger } from './validate';
export { auditTrail, menuAuditTrail } from './auditLog';
export { importRows } from './importRows';
export { runExpiryCheck, menuRunExpiryCheck } from './alerts';
export { enableDailyAlerts, disableDailyAlerts, menuEnableDailyAlerts, menuDisableDailyAlerts } from './alertTrigger';
export { findRecords, getSelectedRecord, requestMessage } from './lookup';
export {
  generateClientReport,
  refreshAllClientReports,
  publishClientReport,
  buildAiFunnel,
  menuGenerateClientReport,
  menuRefreshAllClientReports,
  menuPublishClientReport,
  menuBuildAiFunnel,
} from './reports';
export { archiveClosed, menuArchiveClosed } from './archive';
