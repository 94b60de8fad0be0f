// The SugarCRM entry of @crm-journey/connector (Node only): REST v11 through axios.
export { connectSugar } from './connect-sugar.ts';
export { openSugarRecordApi } from './sugar-record-api.ts';
export type { SugarConnectOptions } from './sugar-options.ts';
export { openSugarAdminApi } from './sugar-admin-api.ts';
export type { SugarAdminApi } from './sugar-admin-api.ts';
