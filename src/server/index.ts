/**
 * Every export here becomes a top-level function of build/Code.js, callable by
 * menus, triggers and google.script.run. Keep names stable (docs/api.md).
 */
export { onOpen, onInstall, showSidebar } from './setup/menu';
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
export { validateLedger } from './edits/validate';
export { auditTrail } from './ledger/auditLog';
export { importRows } from './import/importRows';
export { runExpiryCheck } from './expiry/check';
export { enableDailyAlerts, disableDailyAlerts } from './expiry/trigger';
export { findRecords, getSelectedRecord, requestMessage } from './lifecycle/lookup';
export { getToday } from './lifecycle/today';
export {
  generateClientReport,
  refreshAllClientReports,
  publishClientReport,
  publishAllClientReports,
} from './reports/reports';
export { clientReportFromPicker } from './reports/picker';
export { buildAiFunnel } from './reports/funnel';
export { archiveClosed, previewArchive } from './archive/archive';
export { getConnection, saveConnection } from './connect/connection';
export { checkWithTikTok, syncConnected } from './connect/sync';
export { requestViaTokPortal } from './connect/tokportal';
// The menu's commands, all in one place with one way of reporting (setup/commands.ts).
export {
  menuSetupLedger,
  menuValidateLedger,
  menuAuditTrail,
  menuArchiveClosed,
  menuRunExpiryCheck,
  menuEnableDailyAlerts,
  menuDisableDailyAlerts,
  menuGenerateClientReport,
  menuRefreshAllClientReports,
  menuPublishClientReport,
  menuPublishAllClientReports,
  menuBuildAiFunnel,
  menuShowHelp,
} from './setup/commands';
