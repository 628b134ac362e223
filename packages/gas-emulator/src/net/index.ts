/** The emulated network and the fake servers a test mounts on it. */
export { Network, parseQuery, splitUrl } from './network';
export type {
  Delivery,
  NetFaultOptions,
  NetHandler,
  NetRequest,
  NetResponse,
  RouteOptions,
  SentRequest,
} from './network';
export {
  FakeTikTokBusiness,
  TIKTOK_BUSINESS_BASE,
  TIKTOK_CODE,
  TIKTOK_MESSAGE,
  REPORT_METRICS,
  metricText,
} from './tiktokBusiness';
export type {
  AddPostInput,
  DailyStatsInput,
  MetricValue,
  TikTokAd,
  TikTokAdvertiser,
  TikTokItemType,
  TikTokPost,
} from './tiktokBusiness';
export { FakeTikTokWeb, TIKTOK_WEB_HOSTS } from './tiktokWeb';
export type { ShortLink, TikTokWebPost } from './tiktokWeb';
export { FakeTokPortal, TOKPORTAL_BASE, TOKPORTAL_RATE, AD_CODE_CREDITS } from './tokportal';
export type { AdCodeRequest, TokPortalVideo } from './tokportal';
